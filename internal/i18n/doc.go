// Package i18n is the one place for what depends on a reader's language:
// the interface strings of the layouts (a [Catalog]) and the way each
// language writes dates, times and numbers and orders titles (a [Locale]).
//
// # Interface strings
//
// Every text the layouts and the generator put around the content — the
// skip link, menus' labels, "Kommende Termine", the fallback sentence „Es
// wurden keine Einträge gefunden!“, calendar links, status words, the 404
// page, feed titles — has a key. The German texts are built in (de.yaml
// in this package, which also lists every key); a site keeps its texts in
// i18n/<code>.yaml (or .toml) beside content/:
//
//	i18n/de.yaml   optional: changes built-in German texts
//	i18n/en.yaml   required when en is declared: every key
//
// Each file is a flat map of key: text. {0}, {1} … in a text are the
// values a layout fills in (t "events_past_year" 2026); a translation must
// use the same ones. An unknown key, a missing file or key for a declared
// language, or a text that is not a string is an error at its file and
// line.
//
// # Formatting
//
// A [Locale] formats dates, times and numbers the way its language
// writes them, and gives the collation keys titles are sorted by. German
// delegates to package german.
package i18n

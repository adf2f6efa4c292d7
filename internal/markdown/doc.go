// Package markdown is the Markdown stage of the pipeline: it turns the body
// of one page (the part after the front matter) into HTML with goldmark,
// and reports what an editor got wrong as [diag.Diagnostic]s at the line of
// the file.
//
// This comment is the reference of what editors may write.
//
// # Markdown
//
// CommonMark with the GitHub extensions: tables, ~~strikethrough~~, task
// lists (- [ ] and - [x]) and links made of bare addresses
// (https://www.stadt.bamberg.de, www.bamberg.de, name@stadt.bamberg.de).
// Footnotes are written [^1] in the text and defined on a line of their own:
//
//	Das Projekt startete 2007.[^start]
//
//	[^start]: Beschluss des Stadtrats vom 12. Juli 2007.
//
// They are numbered in the order they are referred to and listed at the end
// of the page; each has a link back to the text ("Zurück zum Text").
//
// # Typography
//
// Straight quotes become German ones: "Integration" → „Integration“ and
// 'so' → ‚so‘; an apostrophe inside or at the end of a word becomes ’
// (geht's → geht’s, Hans' Buch → Hans’ Buch). -- becomes the dash –,
// --- the long dash —, ... the ellipsis …, and a hyphen standing alone
// between spaces ("Projekt - FIP") becomes a dash ("Projekt – FIP"). Code
// (`…` and fenced blocks) is left as written.
//
// # Headings
//
// Every heading gets an ID for links to it (#id), made from its text like a
// URL slug: "Leitbild, Ziele & Vorgehen" → leitbild-ziele-vorgehen,
// "Nächster Termin:" → naechster-termin. A second heading with the same
// text gets -1, a third -2; a heading without letters or digits gets
// "abschnitt". An ID of one's own is written after the heading:
//
//	## Ziele der Integrationsarbeit {#ziele}
//
// It must be lower-case letters a–z, digits and single hyphens, and must
// not be used twice on a page (both are errors).
//
// # Links
//
// A link to another page names its Markdown file, relative to the page
// ([Leitbild](../leitbild.md)) or from content/ ([FIP](/fip/_index.md)),
// optionally with a heading: [Ziele](../leitbild.md#ziele). The generator
// writes the page's URL instead, and reports a link to a file that does
// not exist. Links to web addresses, e-mail addresses (mailto:), headings
// of the same page (#ziele) and other files (PDFs, images) are written as
// they are.
//
// # Images
//
// ![Beschreibung des Bildes](foto.jpg) — the description (alt text) is
// what people who cannot see the image hear or read instead. An image
// without one is an error at its line; one that only decorates is marked
// so, and written with an empty alt text (screen readers skip it):
//
//	![(dekorativ)](muster.png)
//
// A description longer than 150 characters is a warning: screen readers
// read it in one go, the details belong in the text. An image of the site
// (a file beside the page, or from content/) is written as a <picture>
// of the variants Page.ResolveImage names (see package images), with
// width and height, loaded lazily except the first of the page; an SVG
// as an <img>. "Titel" after the file name becomes its title.
//
// # HTML
//
// HTML in Markdown is off: it is shown as text, as typed, and reported as
// a warning. A page whose front matter says raw_html: true may use it; it
// is then passed through unchanged.
//
// # Tables
//
// Tables are written as in GitHub Markdown and may be scrolled sideways on
// small screens.
//
// # Listings
//
// A line holding only a directive inserts a listing where it stands:
//
//	::events{series="runder-tisch" limit=1 empty="Es wurden keine Einträge gefunden!"}
//	::actors{category="beirat"}
//	::milestones{}
//
// The line starts with :: (after at most three spaces), then the name, then
// optionally attributes in braces, and nothing else. Attributes are
// separated by spaces; each is name=value, where the value is either a word
// without spaces, quotes or braces (limit=1) or text in straight double
// quotes (empty="Zurzeit keine Termine"), in which \" stands for " and \\
// for \. Every attribute is optional:
//
//	::events      series (a series slug), limit (a whole number, 0 or more),
//	              empty (text shown when there is no event), past (true or false)
//	::actors      category
//	::milestones  section
//
// An unknown directive or attribute, an attribute given twice, a value of
// the wrong kind (limit=abc, past=yes), a brace or quote that is not closed,
// and text after the closing brace are errors at the directive's line, and
// the directive shows nothing. A line starting with :: is always read as a
// directive, never as text; inside a fenced code block it is code.
//
// # Diagnostics
//
// Problems are reported with the page's path and the line of the file
// (counting the front matter), in German for editors.
package markdown

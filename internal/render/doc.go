// Package render is the third stage of the pipeline: it turns the model's
// pages into HTML with the site's Markdown converter and the html/template
// layouts under layouts/.
//
// # Layout lookup
//
// Every layout is executed inside the base layout
// layouts/_default/baseof.html, which must {{block "main" .}}; a page's
// layout defines "main" (and may define "head" for extra <head> lines).
// For each page the first file that exists is used:
//
//	front matter layout: X   layouts/X.html (an error if it is missing)
//	home page                layouts/home.html, layouts/_default/list.html
//	section page of type T   layouts/T/list.html, layouts/_default/list.html
//	page of type T           layouts/T/single.html, layouts/_default/single.html
//	page of a series         layouts/event/series.html, layouts/_default/list.html
//	the A–Z index, search    layouts/a-z.html, layouts/suche.html (the model
//	                         makes these pages only where they exist)
//	the 404 page             layouts/404.html (written to /404.html)
//
// Every file under layouts/partials/ is a partial, available in every
// layout as {{partial "name.html" data}} (or {{template "partials/name.html" data}}).
// Layouts display; they do not decide: what is upcoming, sorted or grouped
// comes from the model through the functions below.
//
// # Data
//
// Every layout is executed with a [PageData]:
//
//	.Page      the *model.Page (Title, Description, URL, Kind, Type, Event,
//	           Actor, Milestone, Parent, Children, Prev, Next, Ancestors,
//	           Translations, Untranslated …)
//	.Site      the *model.Site of the page's language (Config.Title, Menu,
//	           Home, Pages, Prefix …)
//	.Content   the page's Markdown as HTML; wrapped in <div lang dir> when
//	           its language is not the interface's (an untranslated page)
//	.Lang      the language of the page's text (its lang:, the original's
//	           for an untranslated page, else the page's language)
//	.UILang    the language of the interface: <html lang>
//	.Dir       "rtl" or "ltr", the interface's direction: <html dir>
//	.TextDir   the direction of the page's text
//	.Title     the text for <title>: "Seitentitel – Site-Titel"
//	.HasDirective "events"  true if the page's Markdown holds ::events
//
// # Functions
//
// URLs (the base URL may have a path, e.g. https://example.org/integration/):
//
//	relURL "/akteure/"      → "/integration/akteure/" (site path → path on the server)
//	absURL "/akteure/"      → "https://example.org/integration/akteure/"
//	asset "css/style.css"   → .URL and .Integrity (sha384-…) of a file under assets/
//	current .Page $item     → true if $item is the page itself
//	inSection .Page $item   → true if the page is $item or lies inside it
//
// Languages (package i18n):
//
//	t "key" args…         the interface string key in the page's language,
//	                      {0}, {1} … filled in; an unknown key is an error
//	langName "ar"         "العربية" (a language in its own name)
//	dir "ar"              "rtl" ("ltr" for most languages)
//	langAttrs page        ` lang="de" dir="ltr"` when page's text is not in
//	                      the interface's language, nothing otherwise
//	pageByPath "a.md"     the page of content/a.md in the page's language, or nil
//
// Formatting in the page's language (package i18n; German through package
// german), in the site's time zone:
//
//	date t          "Donnerstag, 11. März 2027"
//	shortDate t     "11. März 2027"
//	clock t         "18:00"
//	number n        "10.000"
//	month m         "März" (for a time, a time.Month or 1–12)
//	weekday t       "Donnerstag"
//	partialDate p   "Juli 2007" (a milestone date at its precision)
//	partialRange p u "2007–2013" (u may be nil)
//	when span       "Donnerstag, 11. März 2027, 18:00–20:30 Uhr" (an event's dates.Span)
//	isoDate t       "2027-03-11" (for <time datetime>)
//	isoDateTime t   "2027-03-11T18:00:00+01:00"
//	languageName c  "Türkisch" for "tr" (in the page's language: "Turkish" in en)
//	nativeLanguageName c "Türkçe" for "tr" (put it in an element with lang=c)
//	telURL phone    "tel:+49951871234" for "0951 87-1234"
//	categoryName c  "Soziales" for "sozial" (actor categories, interface strings category_*)
//	statusName s    "abgesagt" for "cancelled", "verschoben" for "postponed", "" otherwise (status_*)
//
// Listings (the same code renders the ::events, ::actors and ::milestones
// directives, through the partials events.html, actors.html and
// milestones.html):
//
//	eventList series limit   an [EventListing] of upcoming events
//	pastEvents series        []model.YearGroup, newest year first
//	actorList category       an [ActorListing] ("" = all categories)
//	milestoneList section    a [MilestoneListing] (nil = all)
//	partial name data        executes a partial, returns its HTML
//	dict k v …               a map for passing several values to a partial
//
// Structured data (schema.org JSON-LD, see jsonld.go; used by the partial
// jsonld.html in every page's <head>):
//
//	jsonLD page     the page's <script type="application/ld+json"> elements,
//	                whole and escaped in Go: an Event (event pages), an
//	                Organization (actor pages), a BreadcrumbList (below
//	                the home page); write it as it is, not inside a <script>
//
// Pictures (see pictures.go and package images; a page's image: is in
// its JSON-LD as image, the 1200×630 crop and the widest variant):
//
//	pagePicture page  the <picture> of the page's image: (its original's),
//	                  loaded at once with high priority; "" without one.
//	                  The text's pictures are then all loaded lazily
//	                  (baseof.html writes it under the <h1>)
//	socialImage page  the link preview of the page's image: (URL absolute,
//	                  Width, Height, Alt) for og:image; nil without one
package render

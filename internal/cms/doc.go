// Package cms makes the editors' CMS at /admin/: Decap CMS (npm
// decap-cms, pinned in tools/cms, its browser bundle copied into the
// site, never loaded from a CDN), configured from the content model's one
// schema (model.Schema), so that a form can only write a file that
// builds.
//
// # What the build writes
//
//	admin/index.html     the page that loads Decap; its own CSP (CSP), noindex
//	admin/config.yml     made by Config from the site and the schema
//	admin/init.js        keeps Decap from starting before sitegen-cms.js
//	admin/sitegen-cms.js our additions (below)
//	admin/sitegen-a11y.js names what Decap leaves unnamed (Accessibility)
//	admin/admin.css      contrast and focus for Decap's theme (Accessibility)
//	admin/decap-cms.js   Decap's bundle with its chunks, .wasm files and licence
//
// /admin/ is no page of the site: it is not in the sitemap, the feeds or
// the search index. The build writes it when Decap is installed (Find)
// and the site names its backend (site: cms:), or for sitegen serve;
// otherwise it says why there is none.
//
// # Collections
//
// A folder collection per section (its folder under content/, named
// after it; "seiten" for the pages beside the home page), whose form has
// the fields of the section's type, and the files collection "bereiche"
// of the home page (site settings, series) and every section's _index.md.
// A form lists the title, the type's own keys, the description, the text
// and then the other keys every page may have; Decap writes the keys in
// that order.
//
// # Fields
//
// Each key of the schema is one field, with the key's Help as its hint,
// required as the model has it, and a widget by the key's kind: string or
// text; number (int); boolean; sitegen_select (a choice, the section's
// and its ancestors' series, several language codes by their German
// names, an event's organizer: the actor pages of the site, by the last
// part of their address, as the model finds them); list and object (with
// their keys); string with the model's pattern (dates, slugs, language
// codes, addresses, e-mail, phone); sitegen_datetime (start and end) and
// sitegen_names (series:). The text below the front matter is a
// sitegen_markdown field, a plain textarea, so that directives
// (::events{…}) stay as written; its hint explains them.
//
// On a site with several languages the collections use Decap's i18n with
// multiple_files: name.de.md is the original (the model reads it as
// name.md), name.en.md its translation; a field is translated exactly
// when a translation may set its key (Field.Text).
//
// # sitegen-cms.js
//
//   - sitegen_select and sitegen_markdown are native controls named by
//     the field's label and described by its hint, where Decap's select,
//     relation and markdown widgets have no accessible name.
//   - sitegen_datetime keeps the text of the browser's input, a Bamberg
//     wall-clock time (2027-03-11T18:00) or, with "ganztägig", the date
//     alone: no Date object, so the editor's own time zone never enters
//     (Decap's datetime widget saves UTC or the browser's offset). It
//     refuses a time the clocks skip or repeat in the site's time zone, as
//     the model does.
//   - The backends sitegen-gitlab, sitegen-github and sitegen-proxy are
//     Decap's, without the _index files in folder listings and without the
//     empty file Decap writes for a language not translated.
//   - Before saving, an optional field the editor emptied is left out
//     (Decap would write end: "", which does not build).
//   - The preview uses the site's stylesheet.
//   - In sitegen serve, requests to /api/v1 carry the session's token
//     (X-Sitegen-Token) from the page's meta element sitegen-token.
//
// # Accessibility
//
// /admin/ is the city's authoring tool and meets WCAG 2.2 AA as its pages
// do (BITV 2.0): our widgets where Decap's fail, and two patches where
// no extension point reaches, each in one file that says why and which
// Decap it was checked against: sitegen-a11y.js adds ids, titles and
// ARIA attributes React does not manage (a field's hint as its control's
// description, an object's and a picture field's buttons named by their
// field, media cards as buttons that say whether they are chosen, the
// upload button as one tab stop, the preview frame's title) and a live
// region of its own that says a choice the focus does not, admin.css the
// contrast and focus Decap's theme lacks. browsertest's TestCMSAccessible and
// TestCMSKeyboard prove both (README, "The CMS: accessibility").
//
// Threat model of these parts: they see what the editor sees and run in
// the logged-in page. The options of a select (series titles, actor
// titles) come from the content through config.yml, written by the YAML
// encoder, and reach the page only as React text, never as markup; the
// patch script reads labels and sets attributes to fixed words and ids
// derived from Decap's own ids, never HTML (a file's name reaches its
// live region as text), and its one key handler only clicks a media card
// Decap made clickable, so a crafted file name or title can neither run
// script nor press anything else. The stylesheet
// is a file of the site, allowed by the CSP's style-src 'self'.
//
// # Backends
//
// With site: cms: backend: gitlab, the CMS logs in with GitLab's PKCE
// flow (no server of our own) and works in the editorial workflow: a
// change is a branch and a merge request, published by merging. github
// needs an OAuth service (base_url). With Local (sitegen serve) it reads
// and writes the working copy through the preview's own /api/v1, which
// passes checked requests on to decap-server (package serve); the
// preview gives the page a token of the session that sitegen-cms.js
// sends with each request.
package cms

// ServerCSP is the Content-Security-Policy header for /admin/ on the web
// server (deploy/nginx.conf). Decap needs what the site's pages do not:
// 'unsafe-eval' (its configuration is checked with compiled schemas:
// without it Decap stops with an EvalError, tried in Chromium),
// 'wasm-unsafe-eval' (the WebAssembly it ships for images to upload),
// inline styles (its components style themselves), images from the Git
// host and blob: URLs for uploads, requests to the Git host's API, which
// the meta CSP of admin/index.html (CSP) narrows to the one host of the
// site's backend, and to blob: URLs: Decap reads a file chosen for an
// upload by fetching the blob: URL it made of it (AssetProxy), and
// without blob: in connect-src every upload failed without a word
// (browsertest's TestCMSAccessible, media-upload). A blob: URL is of
// the page's own origin and names data the page already holds.
const ServerCSP = "default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; font-src 'self' data:; connect-src 'self' blob: https:; frame-src 'self' blob:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

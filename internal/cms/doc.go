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
//	admin/sitegen-cms.js our additions: the Bamberg date-and-time widget,
//	                     the preview with the site's stylesheet
//	admin/decap-cms.js   Decap's bundle with its chunks and .wasm files
//
// /admin/ is no page of the site: it is not in the sitemap, the feeds or
// the search index. Without Decap installed, the build writes no admin/
// and says so once.
package cms

// ServerCSP is the Content-Security-Policy header for /admin/ on the web
// server (deploy/nginx.conf). Decap needs what the site's pages do not:
// 'unsafe-eval' (its configuration is checked with compiled schemas),
// inline styles (its components style themselves), images from the Git
// host and blob: URLs for uploads, and requests to the Git host's API,
// which the meta CSP of admin/index.html (CSP) narrows to the one host
// of the site's backend.
const ServerCSP = "default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; font-src 'self' data:; connect-src 'self' https:; frame-src 'self' blob:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

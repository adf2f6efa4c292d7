// Package build runs the whole pipeline over a site's source folder:
//
//	load    content/ → files split into front matter and Markdown (package load)
//	model   files → typed, validated pages, listings, menus     (package model)
//	render  pages → HTML through Markdown and layouts/           (package render)
//	publish assets fingerprinted, files minified and compressed,
//	        sitemap.xml, robots.txt and Atom feeds added          (package publish)
//	write   files → the output folder, swapped in atomically     (package write)
//
// [Run] does all but the last in memory and returns the files of the
// site; the command then hands them to write.Dir. A [Builder] does the
// same again and again for the preview server, redoing only what a change
// needs. Neither writes anything, so tests call them on an [fs.FS]
// (fstest.MapFS in tests, os.DirFS for the project).
//
// # Source folder
//
//	content/   pages and their files (see package model)
//	layouts/   html/template layouts (see package render)
//	assets/    files copied to the site root: assets/css/style.css is
//	           /css/style.css (with Options.Fingerprint /css/style.3f2a9c1e.css)
//
// # Output
//
// Every page is written as folder/index.html ("pretty URLs"), aliases as
// small redirect pages, layouts/404.html as /404.html, and the files of
// content/ and assets/ beside them, and the files package publish adds.
// The output depends only on the source (with the modification times of
// content files, for the sitemap's lastmod) and the options: files are
// sorted, maps are never ranged over for output, and nothing reads the
// clock or the machine's time zone.
package build

import (
	"io/fs"
	"time"

	"github.com/stadt-bamberg/integration/internal/cache"
	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/markdown"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/publish"
	"github.com/stadt-bamberg/integration/internal/write"
)

// Options are the choices of one build.
type Options struct {
	Drafts bool      // include pages with draft: true
	Now    time.Time // the instant "upcoming" is measured against
	// NowText, when not empty, replaces Now: a date-time as in --now,
	// read in the site's time zone when it has no offset.
	NowText string
	BaseURL string // overrides the site's base_url when not empty

	// The production stage (package publish). The zero value leaves all
	// three off, as tests and the preview want; sitegen build turns them
	// on. The sitemap, robots.txt and the Atom feeds are always made.
	Minify      bool // minify HTML, CSS, JS, SVG, JSON and XML
	Fingerprint bool // publish assets in folders under content-hashed names
	Compress    bool // add .gz and .br beside text files over 1 KB

	// Cache is the persistent build cache (nil: none). With it, files,
	// pages, calendars and compressed variants of the last build are
	// reused where their inputs are unchanged (see Builder).
	Cache *cache.Cache
}

// publishOptions returns the options of package publish for a build of
// the site in fsys.
func (o Options) publishOptions(fsys fs.FS) []publish.Option {
	return []publish.Option{publish.Minify(o.Minify), publish.Fingerprint(o.Fingerprint), publish.Compress(o.Compress), publish.Source(fsys)}
}

// Stats describes a build.
type Stats struct {
	Pages     int
	Rendered  int  // pages rendered in this build (the others were unchanged)
	Reused    bool // the model of the last build was reused (only page bodies changed)
	Redirects int
	Files     int // all files of the output, pages included
	Written   int // files handed to the sink (the others it had already)
	Removed   int // files of the last build that are gone (ToDir)
	Bytes     int64
	Load      time.Duration
	Model     time.Duration
	Render    time.Duration
	Publish   time.Duration // assets (minified, fingerprinted)
	Commit    time.Duration // putting the new files in place (ToDir)
	CacheSave time.Duration // writing the cache for the next build (ToDir)
}

// Result is a finished (or failed) build.
type Result struct {
	Site        *model.Site
	Files       []write.File      // the output, sorted by path; nil when the build failed
	Output      Output            // the output of Builder.Build
	Diagnostics []diag.Diagnostic // errors and warnings, sorted by position
	// Paths lists the output paths, sorted, also when the build failed
	// (then those of what could be made).
	Paths []string
	// Outlines holds, for each of Site.Pages, the headings, images and
	// links of its Markdown (for sitegen check).
	Outlines []markdown.Result
	Stats    Stats
}

// Run builds the site in fsys. It returns a diag.Errors error if any
// content or layout problem is an error; warnings alone do not fail.
func Run(fsys fs.FS, opts Options) (*Result, error) {
	b := NewBuilder(fsys, opts)
	b.oneShot = true
	return b.Build()
}

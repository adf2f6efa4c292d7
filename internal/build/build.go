// Package build runs the whole pipeline over a site's source folder:
//
//	load    content/ → files split into front matter and Markdown (package load)
//	model   files → typed, validated pages, listings, menus     (package model)
//	images  pictures of content/ → upright, stripped variants    (package images)
//	render  pages → HTML through Markdown and layouts/           (package render)
//	publish assets fingerprinted; every file minified, hashed and
//	        compressed                                           (package publish)
//	        sitemap.xml, robots.txt, Atom feeds                  (package discovery)
//	write   files → the output folder, locked, staged, committed (package write)
//
// # Streaming
//
// The model (front matter and what listings need) is made first and
// stays in memory; the output does not. Every page, calendar, redirect,
// copied file and discovery file is a task, and the tasks run on every
// core: each makes its file and carries it on at once — minified, hashed
// (package digest), compressed to .gz and .br, and handed to a [Sink] —
// inside the worker that made it, so reading, rendering, compressing and
// writing overlap from the first page to the last and no stage holds the
// site's output. [ToDir] is what sitegen build runs: its sink is the
// output folder's next version (write.Output), committed only when the
// whole build succeeded. [Run] and [Builder.Build] keep the output in
// memory (the preview server, sitegen check and the tests call them on an
// [fs.FS]: fstest.MapFS in tests, os.DirFS for the project).
//
// # The persistent cache
//
// With Options.Cache (sitegen build's .sitegen-cache/), a build keeps
// for the next one, content-addressed and checked when read back (see
// package cache): the loaded Markdown files (package load), each page's
// record — its signature, the sums of its file and variants, the links,
// listings and layout dependencies the signature needs — the calendars
// by signature, the compressed variants by the sum of their bytes, the
// files copied from content/ by size and time, the variants of the
// pictures by a hash of their source (pictures.go: a text edit encodes
// none), the German collation keys
// of titles, the bytes of every output file, and the manifest of the
// output folder. The generator's version (the hash of its executable),
// the compression settings, the layouts, the assets and the options are
// part of the keys. A warm build therefore loads, renders, compresses
// and writes only what changed: a page whose signature is the one
// recorded is neither rendered nor compressed, and a file the output
// folder already holds (its manifest says so) is not written; files of
// the last build that are gone are removed. With the output folder lost
// (a fresh CI checkout with a restored cache), the files come from the
// cache's blobs instead of being made again.
//
// Before all of that, ToDir asks the cache's snapshot (snapshot.go,
// "Nothing changed"): when the files and folders the last build read
// (stat, listings, and the bytes of racily clean files), the options, the
// settings and the output folder's state are as that build left them —
// and, without --now, the clock has not reached Site.NextChange — the
// build reads nothing else, writes nothing and returns that build's
// counts and diagnostics (Stats.Unchanged). The snapshot is under the
// cache's MAC; one that fails is not used.
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
// content/ and assets/ beside them, and the files packages discovery and
// publish add (the sitemap, robots.txt and feeds; .gz and .br).
// The output depends only on the source (with the modification times of
// content files, for the sitemap's lastmod) and the options: files are
// sorted, maps are never ranged over for output, and nothing reads the
// clock or the machine's time zone.
package build

import (
	"io/fs"
	"time"

	"github.com/stadt-bamberg/integration/internal/cache"
	"github.com/stadt-bamberg/integration/internal/cms"
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

	// Admin, when not nil, makes the editors' CMS at /admin/ (package
	// cms): for a site with site: cms:, or with Admin.Local (the preview).
	Admin *cms.Admin

	// Cache is the persistent build cache (nil: none). With it, files,
	// pages, calendars and compressed variants of the last build are
	// reused where their inputs are unchanged (see Builder).
	Cache *cache.Cache

	// Pictures is how the pictures of content/ are made (see
	// PictureMode): every variant encoded (sitegen build, the zero
	// value), only checked (sitegen check) or encoded on request (the
	// preview).
	Pictures PictureMode
	// PictureCache, with PicturesChecked, is a persistent cache only read
	// for pictures a build made before (sitegen check: the build's).
	PictureCache *cache.Cache
}

// publishOptions returns the options of package publish for a build.
func (o Options) publishOptions() []publish.Option {
	return []publish.Option{publish.Minify(o.Minify), publish.Fingerprint(o.Fingerprint), publish.Compress(o.Compress)}
}

// Stats describes a build.
type Stats struct {
	// Unchanged: nothing changed since the last build (ToDir found its
	// snapshot true, see "Nothing changed" in snapshot.go): nothing was
	// made or written, the counts and Result.Diagnostics are that build's.
	Unchanged bool
	Pages     int
	Rendered  int  // pages rendered in this build (the others were unchanged)
	Reused    bool // the model of the last build was reused (only page bodies changed)
	Redirects int
	Files     int // all files of the output, pages included
	Written   int // files handed to the sink (the others it had already)
	Removed   int // files of the last build that are gone (ToDir)
	Bytes     int64
	Pictures  int           // pictures encoded (the others came from a cache)
	Decoded   int           // pictures only decoded or planned (PicturesChecked, PicturesLazy)
	Pictured  time.Duration // making the pictures' variants, or finding them
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
	// Notice is a line worth telling about the build that is no problem
	// of the content: why there is no /admin/ (see Options.Admin).
	Notice string
	// NextChange is the first instant after the build's at which the
	// output changes by the clock alone (Site.NextChange, in the site's
	// time zone; zero: none), and Placeholders counts the
	// "[PLATZHALTER: …]" left in the published pages' files. ToDir sets
	// both, also when it found nothing changed (Stats.Unchanged: then
	// Site, Paths and Outlines are empty).
	NextChange   time.Time
	Placeholders int
}

// Run builds the site in fsys. It returns a diag.Errors error if any
// content or layout problem is an error; warnings alone do not fail.
func Run(fsys fs.FS, opts Options) (*Result, error) {
	b := NewBuilder(fsys, opts)
	b.oneShot = true
	return b.Build()
}

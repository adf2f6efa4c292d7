// Package build runs the whole pipeline over a site's source folder:
//
//	load    content/ → files split into front matter and Markdown (package load)
//	model   files → typed, validated pages, listings, menus     (package model)
//	render  pages → HTML through Markdown and layouts/           (package render)
//	write   files → the output folder, swapped in atomically     (package write)
//
// [Run] does the first three in memory and returns the files of the site;
// the command then hands them to write.Dir (build) or serves them (serve).
// Run never writes anything, so tests and the preview server call it on
// an [fs.FS] (fstest.MapFS in tests, os.DirFS for the project).
//
// # Source folder
//
//	content/   pages and their files (see package model)
//	layouts/   html/template layouts (see package render)
//	assets/    files copied to the site root as they are: assets/css/style.css
//	           is /css/style.css
//
// # Output
//
// Every page is written as folder/index.html ("pretty URLs"), aliases as
// small redirect pages, layouts/404.html as /404.html, and the files of
// content/ and assets/ beside them. The output depends only on the source
// and the options (Now, BaseURL, Drafts): files are sorted, maps are never
// ranged over for output, and nothing reads the clock or the machine's
// time zone.
package build

import (
	"bytes"
	"cmp"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/stadt-bamberg/integration/internal/dates"
	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/ical"
	"github.com/stadt-bamberg/integration/internal/load"
	"github.com/stadt-bamberg/integration/internal/markdown"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/render"
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
}

// Stats describes a build.
type Stats struct {
	Pages     int
	Redirects int
	Files     int // all files of the output, pages included
	Bytes     int64
	Load      time.Duration
	Model     time.Duration
	Render    time.Duration
}

// Result is a finished (or failed) build.
type Result struct {
	Site        *model.Site
	Files       []write.File      // the output, sorted by path; nil when the build failed
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
	var diags diag.List
	res := &Result{}
	t0 := time.Now()
	content := load.Load(fsys, "content", &diags)
	t1 := time.Now()
	site := model.Build(content, model.Options{Drafts: opts.Drafts, Now: opts.Now, BaseURL: opts.BaseURL}, &diags)
	res.Site = site
	if opts.NowText != "" {
		v, err := dates.Parse(opts.NowText, site.Config.Location)
		if err != nil {
			diags.Errorf("--now", 0, "%s", err.Error())
		} else {
			site.Now = v.Time
		}
	}
	t2 := time.Now()

	assets := readAssets(fsys, site, &diags)
	refs := make(map[string]render.Asset, len(assets))
	for _, a := range assets {
		refs[a.Path] = render.NewAsset(site.Config, "/"+a.Path, a.Data)
	}
	r := render.New(site, fsys, refs, &diags)
	files, outlines := renderPages(r, site.Pages, &diags)
	res.Outlines = outlines
	for _, rd := range site.Redirects {
		files = append(files, write.File{Path: model.OutputPath(rd.From), Data: r.Redirect(rd)})
	}
	files = append(files, calendars(site, &diags)...)
	if out, exists, ok := r.NotFound(&diags); exists && ok {
		files = append(files, write.File{Path: "404.html", Data: out})
	}
	for _, f := range site.Files {
		data, err := fs.ReadFile(fsys, "content/"+f.Src)
		if err != nil {
			diags.Errorf("content/"+f.Src, 0, "Kann nicht gelesen werden: %v", err)
			continue
		}
		files = append(files, write.File{Path: model.OutputPath(f.URL), Data: data})
	}
	files = append(files, assets...)
	res.Stats.Render = time.Since(t2)
	res.Stats.Load, res.Stats.Model = t1.Sub(t0), t2.Sub(t1)

	slices.SortFunc(files, func(a, b write.File) int { return cmp.Compare(a.Path, b.Path) })
	for i := 1; i < len(files); i++ {
		if files[i].Path == files[i-1].Path {
			diags.Errorf("assets/"+files[i].Path, 0, "Die Datei %s gibt es doppelt in der Ausgabe (eine Seite oder Datei unter content/ hat dieselbe Adresse)", files[i].Path)
		}
	}
	res.Diagnostics = diags.Sorted()
	for _, f := range files {
		res.Paths = append(res.Paths, f.Path)
	}
	if err := diags.Err(); err != nil {
		return res, err
	}
	res.Files = files
	res.Stats.Pages = len(site.Pages)
	res.Stats.Redirects = len(site.Redirects)
	res.Stats.Files = len(files)
	for _, f := range files {
		res.Stats.Bytes += int64(len(f.Data))
	}
	return res, nil
}

// renderPages renders pages on every core. It returns the files and the
// outline of every page, in the order of pages.
func renderPages(r *render.Renderer, pages []*model.Page, diags *diag.List) ([]write.File, []markdown.Result) {
	out := make([]write.File, len(pages))
	outlines := make([]markdown.Result, len(pages))
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				p := pages[i]
				rp := r.Page(p, diags)
				outlines[i] = rp.Outline
				if rp.HTML != nil {
					out[i] = write.File{Path: model.OutputPath(p.URL), Data: rp.HTML}
				}
			}
		}()
	}
	for i := range pages {
		next <- i
	}
	close(next)
	wg.Wait()
	return slices.DeleteFunc(out, func(f write.File) bool { return f.Path == "" }), outlines
}

// calendars returns the .ics files: one per event, one per series, one of
// all upcoming events (see model.Page.CalendarURL).
func calendars(site *model.Site, diags *diag.List) []write.File {
	var files []write.File
	add := func(u, name string, events []*model.Page) {
		events = slices.DeleteFunc(slices.Clone(events), func(p *model.Page) bool {
			return p.Event.Span.Start.IsZero() // its start is wrong, already reported
		})
		var b bytes.Buffer
		if err := ical.Write(&b, ical.Calendar{Name: name, Events: events, Site: site.Config, Stamp: site.Now}); err != nil {
			diags.Errorf("content", 0, "Der Kalender %s kann nicht geschrieben werden: %v", u, err)
			return
		}
		files = append(files, write.File{Path: model.OutputPath(u), Data: b.Bytes()})
	}
	for _, p := range site.Pages {
		switch {
		case p.Event != nil:
			add(p.CalendarURL(), p.Title, []*model.Page{p})
		case p.SeriesSlug != "":
			var evs []*model.Page
			for _, e := range site.Events {
				if e.Event.Series == p.SeriesSlug {
					evs = append(evs, e)
				}
			}
			add(p.CalendarURL(), p.Title, evs)
		}
	}
	if site.HasEvents() {
		add(model.AllEventsCalendar, site.Config.Title+": Termine", site.EventList(model.EventQuery{}))
	}
	return files
}

// readAssets reads every file under assets/; their paths inside assets/
// are their paths in the output.
func readAssets(fsys fs.FS, site *model.Site, diags *diag.List) []write.File {
	var files []write.File
	_ = fs.WalkDir(fsys, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p != "assets" {
				diags.Errorf(p, 0, "Kann nicht gelesen werden: %v", err)
			}
			return nil
		}
		if p != "assets" && load.Ignored(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		rel := strings.TrimPrefix(p, "assets/")
		if site.HasURL("/"+rel) || site.HasURL("/"+path.Dir(rel)+"/") && path.Base(rel) == "index.html" {
			diags.Errorf(p, 0, "Die Datei hat dieselbe Adresse /%s wie eine Seite oder Datei unter content/", rel)
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			diags.Errorf(p, 0, "Kann nicht gelesen werden: %v", err)
			return nil
		}
		files = append(files, write.File{Path: rel, Data: data})
		return nil
	})
	return files
}

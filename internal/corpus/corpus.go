// Package corpus generates large, realistic sites in the content model for
// benchmarks and tests of the whole pipeline.
//
// [Generate] returns a site of n pages – content/, layouts/ and assets/ –
// as an in-memory file system; [WriteDir] writes the same files to disk.
// The output depends only on n and seed: the random numbers come from a
// PCG seeded with seed, and no map order reaches the files.
//
// # The site
//
//	content/_index.md           the home page with the site: settings
//	content/akteure/            type actor, about 35 % of the pages, all categories
//	content/termine/<year>/     type event, about 45 %, 2025–2029, series
//	                            runder-tisch, fachforum and sprachcafe
//	content/geschichte/         type milestone, about 5 %, some as bundles with documents
//	content/beratung/sprache/…  plain pages in three sections of two subsections each
//	content/dokumente/          PDFs referenced by milestones
//
// Events use every accepted form of start and end (with and without
// seconds, with offset or Z, date only, multi-day), some are cancelled or
// postponed, most have an organizer among the actors and a location. Actors
// have contacts, languages and offers. Milestones are dated to the year,
// month or day, some with until. About 10 % of the leaf pages use TOML
// front matter, a few are drafts (never linked) or have aliases.
//
// Bodies are 300–1500 words of German-ish text with h2/h3 headings, lists,
// a GFM table in about 30 % of the pages, German quotes, links to other
// pages as relative .md paths and ::events, ::actors and ::milestones
// directives. Listings of all actors or milestones appear only on a
// bounded number of pages, so the output grows linearly with n.
//
// The corpus is valid: it builds with no diagnostic at all, and the checks
// of sitegen check --strict find nothing either (for a now before 2028: only
// events from 2028 on are postponed). See the tests.
package corpus

import (
	"bytes"
	"embed"
	"fmt"
	"image"
	"image/jpeg"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing/fstest"
	"time"
	_ "time/tzdata" // Europe/Berlin offsets without a system zone database
	"unicode/utf8"

	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/slug"
)

// MinPages is the smallest n Generate honours; smaller n are raised to it.
const MinPages = 60

//go:embed all:skeleton
var skeleton embed.FS

// Generate returns a site of n pages (at least [MinPages]) for seed.
func Generate(n int, seed int64) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, f := range files(n, seed) {
		fsys[f.path] = &fstest.MapFile{Data: f.data, Mode: 0o644}
	}
	return fsys
}

// WriteDir writes the site Generate(n, seed) returns into dir, which is
// created if needed.
func WriteDir(dir string, n int, seed int64) error {
	for _, f := range files(n, seed) {
		p := filepath.Join(dir, filepath.FromSlash(f.path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

type file struct {
	path string
	data []byte
}

const (
	kindPage = iota
	kindSection
	kindHome
)

// page is a planned page.
type page struct {
	rel    string // path inside content/
	title  string
	kind   int
	typ    string // the page's type (for sections: the type of their pages)
	draft  bool
	bundle bool
	slug   string // the file's (or bundle folder's) name, for actors the organizer key
	anchor bool   // the body has a heading "Kontakt {#kontakt}"

	start  time.Time // events: day of the start
	msDate [3]int    // milestones: year, month, day (0 when not given)
	cat    string    // actors: category
}

type gen struct {
	r     *rand.Rand
	loc   *time.Location
	pages []*page
	out   []file

	actors   []*page
	linkable []*page
	used     map[string]bool // content paths without .md, for unique names
}

// files generates the site's files, sorted by path.
func files(n int, seed int64) []file {
	n = max(n, MinPages)
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err) // time/tzdata is linked in
	}
	g := &gen{r: rand.New(rand.NewPCG(uint64(seed), 0x62616d62657267)), loc: loc, used: map[string]bool{}}
	g.plan(n)
	for _, p := range g.pages {
		g.write(p)
	}
	for i, d := range sharedDocs {
		g.out = append(g.out, file{"content/dokumente/" + d + ".pdf", fakePDF(d, 2000+i*700)})
	}
	err = fs.WalkDir(skeleton, "skeleton", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := skeleton.ReadFile(p)
		g.out = append(g.out, file{strings.TrimPrefix(p, "skeleton/"), data})
		return err
	})
	if err != nil {
		panic(err)
	}
	slices.SortFunc(g.out, func(a, b file) int { return strings.Compare(a.path, b.path) })
	return g.out
}

// pct returns round(n*p/100).
func pct(n, p int) int { return (n*p + 50) / 100 }

var eventYears = []int{2025, 2026, 2027, 2028, 2029}

func (g *gen) plan(n int) {
	r := g.r
	add := func(p *page) *page {
		p.anchor = p.kind == kindPage && r.IntN(7) == 0
		g.pages = append(g.pages, p)
		if !p.draft {
			g.linkable = append(g.linkable, p)
		}
		return p
	}
	// Sections.
	add(&page{rel: "_index.md", title: "Integration in Bamberg", kind: kindHome, typ: model.TypePage})
	add(&page{rel: "akteure/_index.md", title: "Akteure der Integration", kind: kindSection, typ: model.TypeActor})
	add(&page{rel: "termine/_index.md", title: "Termine", kind: kindSection, typ: model.TypeEvent})
	for _, y := range eventYears {
		add(&page{rel: fmt.Sprintf("termine/%d/_index.md", y), title: fmt.Sprintf("Termine %d", y), kind: kindSection, typ: model.TypeEvent,
			start: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)})
	}
	add(&page{rel: "geschichte/_index.md", title: "Geschichte der Integration in Bamberg", kind: kindSection, typ: model.TypeMilestone})
	var plainDirs []string
	for _, s := range plainSections {
		add(&page{rel: s.dir + "/_index.md", title: s.title, kind: kindSection, typ: model.TypePage})
		plainDirs = append(plainDirs, s.dir)
		for _, sub := range s.subs {
			add(&page{rel: s.dir + "/" + sub[0] + "/_index.md", title: sub[1], kind: kindSection, typ: model.TypePage})
			plainDirs = append(plainDirs, s.dir+"/"+sub[0])
		}
	}
	for _, p := range g.pages {
		g.used[strings.TrimSuffix(path.Dir(p.rel), "/")] = true
	}

	events, actors, milestones := pct(n, 45), pct(n, 35), max(3, pct(n, 5))
	plain := n - len(g.pages) - events - actors - milestones
	if plain < len(rootPages) {
		events -= len(rootPages) - plain
		plain = len(rootPages)
	}

	// Actors: every category at least once, then at random.
	for i := range actors {
		cat := model.Categories[i%len(model.Categories)]
		if i >= len(model.Categories) {
			cat = model.Categories[r.IntN(len(model.Categories))]
		}
		bases := actorBases[cat]
		title := bases[r.IntN(len(bases))] + " " + districts[r.IntN(len(districts))]
		if r.IntN(2) == 0 {
			title += " " + qualifiers[r.IntN(len(qualifiers))]
		}
		p := &page{title: title, typ: model.TypeActor, cat: cat}
		p.slug = g.unique("akteure", slug.Make(title), &p.title, false)
		p.rel = "akteure/" + p.slug + ".md"
		g.actors = append(g.actors, add(p))
	}

	// Events, spread over 2025–2029.
	first := time.Date(eventYears[0], 1, 1, 0, 0, 0, 0, time.UTC)
	days := int(time.Date(eventYears[len(eventYears)-1]+1, 1, 1, 0, 0, 0, 0, time.UTC).Sub(first).Hours() / 24)
	for range events {
		day := first.AddDate(0, 0, r.IntN(days))
		var title string
		switch s := r.IntN(20); {
		case s < 3:
			title = fmt.Sprintf("Runder Tisch Integration im %s %d", monthsDE[day.Month()-1], day.Year())
		case s < 6:
			title = "Fachforum Integration: " + capital(topics[r.IntN(len(topics))])
		case s < 10:
			title = "Sprachcafé " + places[r.IntN(len(places))]
		case s < 14:
			title = fmt.Sprintf(eventThemes[r.IntN(len(eventThemes))], capital(topics[r.IntN(len(topics))]))
		default:
			title = eventFixed[r.IntN(len(eventFixed))]
		}
		dir := fmt.Sprintf("termine/%d", day.Year())
		p := &page{title: title, typ: model.TypeEvent, start: day, draft: r.IntN(100) == 0}
		p.slug = g.unique(dir, day.Format("2006-01-02")+"-"+slug.Make(title), nil, false)
		p.rel = dir + "/" + p.slug + ".md"
		add(p)
	}

	// Milestones, some as bundles.
	for range milestones {
		y := 1998 + r.IntN(33)
		d := [3]int{y, 0, 0}
		switch r.IntN(10) {
		case 0, 1, 2:
		case 3, 4, 5:
			d[1] = 1 + r.IntN(12)
		default:
			d[1], d[2] = 1+r.IntN(12), 1+r.IntN(28)
		}
		title := milestoneTitles[r.IntN(len(milestoneTitles))]
		p := &page{title: title, typ: model.TypeMilestone, msDate: d, bundle: r.IntN(5) == 0}
		p.slug = g.unique("geschichte", slug.Make(title), &p.title, false)
		if p.bundle {
			p.rel = "geschichte/" + p.slug + "/index.md"
		} else {
			p.rel = "geschichte/" + p.slug + ".md"
		}
		add(p)
	}

	// Plain pages: the fixed pages at the root, the rest in the sections.
	for i := range plain {
		var dir, title, name string
		if i < len(rootPages) {
			name, title = rootPages[i][0], rootPages[i][1]
		} else {
			dir = plainDirs[r.IntN(len(plainDirs))]
			// Titles of at most 64 characters leave room for a " (12)"
			// and stay within what search results show.
			for title == "" || utf8.RuneCountInString(title) > 64 {
				switch r.IntN(5) {
				case 0:
					title = capital(offers[r.IntN(len(offers))]) + " " + places[r.IntN(len(places))]
				case 1:
					title = capital(topics[r.IntN(len(topics))]) + ": Informationen für " + groups[r.IntN(len(groups))]
				case 2:
					title = capital(offers[r.IntN(len(offers))]) + " für " + groups[r.IntN(len(groups))]
				case 3:
					title = "Fragen und Antworten: " + capital(topics[r.IntN(len(topics))])
				default:
					title = "Hilfe bei " + tasks[r.IntN(len(tasks))]
				}
			}
		}
		p := &page{title: title, typ: model.TypePage, draft: i >= len(rootPages) && r.IntN(100) == 0,
			bundle: i >= len(rootPages) && r.IntN(25) == 0}
		if name == "" {
			name = slug.Make(title)
		}
		p.slug = g.unique(dir, name, &p.title, true)
		if p.bundle {
			p.rel = path.Join(dir, p.slug, "index.md")
		} else {
			p.rel = path.Join(dir, p.slug+".md")
		}
		add(p)
	}
}

// unique returns name, or name-2, name-3 … if dir/name is taken (with
// global: if name is taken in any folder), and records it. When title is not
// nil the number is added to it too, so that titles stay distinct.
func (g *gen) unique(dir, name string, title *string, global bool) string {
	taken := func(n string) bool { return g.used[path.Join(dir, n)] || global && g.used["*/"+n] }
	base := name
	for i := 2; taken(name); i++ {
		name = fmt.Sprintf("%s-%d", base, i)
		if title != nil && i == 2 {
			*title += " (2)"
		} else if title != nil {
			*title = strings.TrimSuffix(*title, fmt.Sprintf(" (%d)", i-1)) + fmt.Sprintf(" (%d)", i)
		}
	}
	g.used[path.Join(dir, name)] = true
	if global {
		g.used["*/"+name] = true
	}
	return name
}

func fakePDF(name string, size int) []byte {
	var b strings.Builder
	b.WriteString("%PDF-1.4\n% Korpusdokument " + name + "\n")
	for b.Len() < size {
		b.WriteString("0 0 0 rg 72 720 Td (Integration in Bamberg) Tj\n")
	}
	b.WriteString("%%EOF\n")
	return []byte(b.String())
}

// photoJPEG returns a real JPEG photo of 480–959 px by 3/4 of that (a
// gradient with noise, about as hard to compress as a photo), so that the
// build's picture pipeline reads and resizes it as an editor's.
func photoJPEG(r *rand.Rand) []byte {
	w := 480 + r.IntN(480)
	h := w * 3 / 4
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	c0 := [3]int{r.IntN(256), r.IntN(256), r.IntN(256)}
	c1 := [3]int{r.IntN(256), r.IntN(256), r.IntN(256)}
	noise := uint32(r.Uint64())
	for y := range h {
		for x := range w {
			noise = noise*1664525 + 1013904223
			n := int(noise>>28) - 8
			t := (x + y) * 256 / (w + h)
			px := img.PixOffset(x, y)
			for k := range 3 {
				img.Pix[px+k] = uint8(min(255, max(0, c0[k]+(c1[k]-c0[k])*t/256+n)))
			}
			img.Pix[px+3] = 255
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 80}); err != nil {
		panic(err) // only a writer's error, and bytes.Buffer has none
	}
	return b.Bytes()
}

// Package load is the first stage of the pipeline: it reads a site's
// content tree from an [fs.FS] and splits every Markdown file into front
// matter and body, keeping line numbers for messages.
//
// # Files
//
// Every file under content/ whose name ends in .md is a page:
//
//	content/_index.md        the home page          (KindHome)
//	content/a/_index.md      the section page /a/   (KindSection)
//	content/a/b.md           the page /a/b/         (KindPage)
//	content/a/b/index.md     the page bundle /a/b/  (KindPage, Bundle)
//
// A language code of two or three lower-case letters before ".md" makes a
// file a translation of the file without it: content/a/b.en.md,
// content/a/_index.ar.md and content/a/b/index.uk.md have the kind of
// b.md, _index.md and index.md, and File.Lang "en", "ar", "uk". Which
// codes are declared is the model's business.
//
// Except the code of the site's first language (Content.First): a file
// named with it is the original, the same page as the file without it —
// a/b.de.md is a/b.md, _index.de.md is _index.md, a/b/index.de.md is
// a/b/index.md (the CMS names every language's file so). Its Rel is then
// the name without the code, its Path the real file's. Both files at once
// are an error at the one with the code, which is left out. The first
// language is the first of site: languages: (else site: language:, else
// "de") of the home page: content/_index.md, or where there is none a
// content/_index.<code>.md whose own settings name <code> first.
//
// Every other file under content/ is a [Resource], copied to the output at
// the same relative path; a file inside a bundle's folder belongs to that
// bundle and follows the page's URL. Only documents, pictures, sound and
// video are published (see allow.go for the list and why): any other file
// (.html, .js, an SVG with a script, …) is an error at the file. Names starting with "." or "_" (other
// than _index.md and its translations), and editors' backup files (ending in "~", ".swp",
// ".tmp" or named "#…#") are ignored.
//
// # Front matter
//
// YAML between --- lines or TOML between +++ lines, split from the body
// with github.com/adrg/frontmatter and decoded by package tree into a tree
// of [Node]s that carry their line numbers. A page without front matter, with an unclosed or invalid one, a
// file that is not UTF-8, or one larger than [MaxPageSize] is reported as a
// [diag.Diagnostic] at the line at fault; the file is then left out.
package load

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/digest"
	"github.com/stadt-bamberg/integration/internal/tree"
)

// MaxPageSize is the largest Markdown file accepted (4 MiB). Larger files
// are almost certainly a mistake (a pasted document); images and PDFs
// belong beside the page as files of their own.
const MaxPageSize = 4 << 20

// Kind is a page's kind.
type Kind int

// Page kinds.
const (
	KindPage Kind = iota
	KindSection
	KindHome
)

func (k Kind) String() string {
	return [...]string{"page", "section", "home"}[k]
}

// File is one Markdown file, split.
type File struct {
	Path string // slash path from the site root, e.g. "content/akteure/_index.md"
	// Rel is the slash path inside content/ the page is known by, e.g.
	// "akteure/_index.md": the file's, but for an original named with the
	// first language's code the name without it ("a/b.md" for Path
	// "content/a/b.de.md").
	Rel    string
	Dir    string // the folder the page stands for: "akteure" for akteure/_index.md, "a/b" for a/b/index.md, "a" for a/b.md
	Kind   Kind
	Bundle bool // a/b/index.md
	// Lang is the language code in the file's name ("en" for b.en.md),
	// "" for a file without one. Orig is then the Rel of the file it
	// translates ("a/b.md" for "a/b.en.md").
	Lang   string
	Orig   string
	Format string // "yaml" or "toml"
	Meta   *Node  // the front matter, a Map node
	// Body is the Markdown after the front matter. It is nil for a file
	// taken unread from the persistent cache (see LoadPersistent) until
	// ReadBody reads it; BodySum identifies it either way.
	Body     []byte
	BodySum  digest.Sum
	BodyLine int       // line of the file on which Body starts
	ModTime  time.Time // the file's modification time as the file system says
	Files    []string  // for a bundle: its other files, Rel paths
	// Placeholders counts the "[PLATZHALTER" an editor still has to fill
	// in, in the front matter and the body.
	Placeholders int

	size    int64 // of the file, in bytes
	bodyOff int   // offset of Body in the file, -1 if not known
	unread  bool  // Body is not read yet (ReadBody)
}

// Resource is a non-Markdown file under content/.
type Resource struct {
	Rel    string // slash path inside content/
	Bundle string // Rel of the bundle's index.md it belongs to, or ""
}

// Content is the loaded content tree.
type Content struct {
	Pages     []*File    // in the order of their Rel's folders and names
	Resources []Resource // sorted by Rel
	// First is the site's first language, whose code in a file name
	// names an original (see Files); "" if there is no home page to say.
	First string

	mdPaths []string        // every Markdown file found, also those that failed
	mdSet   map[string]bool // mdPaths, made by Update
	walked  []diag.Diagnostic
}

// Placeholder starts every value an editor still has to fill in:
// "[PLATZHALTER: …]".
const Placeholder = "[PLATZHALTER"

// Ignored reports whether a file or folder name is skipped by the loader.
func Ignored(name string) bool {
	if base, _ := SplitLang(name); base == "_index.md" {
		return false
	}
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") ||
		strings.HasSuffix(name, "~") || strings.HasSuffix(name, ".swp") ||
		strings.HasSuffix(name, ".tmp") ||
		(strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"))
}

// Load reads dir (usually "content") of fsys. Problems are added to diags;
// the files that could be read are returned.
func Load(fsys fs.FS, dir string, diags *diag.List) *Content {
	return LoadCached(fsys, dir, diags, nil)
}

// Cache keeps the Markdown files of earlier loads, with their problems,
// so that the preview server reads again only the files that changed.
// The caller tells it which (Forget); a file it has not been told about is
// taken from the cache. It is safe for concurrent use.
type Cache struct {
	mu    sync.Mutex
	files map[string]cached // path from the site root
}

type cached struct {
	f     *File // nil if the file had errors
	diags []diag.Diagnostic
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{files: map[string]cached{}} }

// Forget drops the file at p (slash path from the site root, e.g.
// content/a.md), so that the next load reads it again.
func (c *Cache) Forget(p string) {
	c.mu.Lock()
	delete(c.files, p)
	c.mu.Unlock()
}

// ForgetAll empties the cache.
func (c *Cache) ForgetAll() {
	c.mu.Lock()
	clear(c.files)
	c.mu.Unlock()
}

func (c *Cache) get(p string) (cached, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.files[p]
	return e, ok
}

func (c *Cache) put(p string, e cached) {
	c.mu.Lock()
	c.files[p] = e
	c.mu.Unlock()
}

// entry returns what loading the file at p gave: from the cache, or
// loaded with loadOne (and kept, with its problems, in the cache). A nil
// Cache keeps nothing.
func (c *Cache) entry(p string, loadOne func(*diag.List) *File) cached {
	if c != nil {
		if e, ok := c.get(p); ok {
			return e
		}
	}
	var local diag.List
	e := cached{f: loadOne(&local), diags: local.Sorted()}
	if c != nil {
		c.put(p, e)
	}
	return e
}

// LoadCached is Load taking unchanged files from cache (nil: none).
func LoadCached(fsys fs.FS, dir string, diags *diag.List, cache *Cache) *Content {
	return load(fsys, dir, diags, func(p string, local *diag.List) *File {
		return loadFile(fsys, dir, p, local)
	}, cache)
}

// load walks dir and loads every Markdown file with loadOne, or takes it
// from mem (nil: none).
func load(fsys fs.FS, dir string, diags *diag.List, loadOne func(p string, diags *diag.List) *File, cache *Cache) *Content {
	var mdPaths []string
	var other []string
	var walkDiags diag.List
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			walkDiags.Errorf(p, 0, "Kann nicht gelesen werden: %v", err)
			return nil
		}
		if p != dir && Ignored(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return nil // symlinks and devices are not content
		}
		if strings.HasSuffix(p, ".md") {
			mdPaths = append(mdPaths, p)
		} else if why := notPublishable(fsys, p); why != "" {
			walkDiags.Errorf(p, 0, "%s", why)
		} else {
			other = append(other, p)
		}
		return nil
	})
	if err != nil {
		walkDiags.Errorf(dir, 0, "Der Ordner kann nicht gelesen werden: %v", err)
	}

	c := &Content{Pages: make([]*File, len(mdPaths)), mdPaths: mdPaths, walked: walkDiags.Sorted()}
	diags.Append(c.walked...)
	var wg sync.WaitGroup
	work := make(chan int)
	// More readers than cores, so that reading one file overlaps parsing another.
	for w := 0; w < 4*runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				p := mdPaths[i]
				e := cache.entry(p, func(d *diag.List) *File { return loadOne(p, d) })
				diags.Append(e.diags...)
				if e.f != nil {
					f := *e.f // Files is filled in below, per load
					f.Files = nil
					c.Pages[i] = &f
				}
			}
		}()
	}
	for i := range mdPaths {
		work <- i
	}
	close(work)
	wg.Wait()
	c.Pages = slices.DeleteFunc(c.Pages, func(f *File) bool { return f == nil })
	c.nameOriginals(firstLanguage(c.Pages), diags)

	bundles := map[string]*File{}
	for _, f := range c.Pages {
		if f.Bundle && f.Lang == "" { // a translation's files are the original's
			bundles[f.Dir] = f
		}
	}
	for _, p := range other {
		rel := strings.TrimPrefix(p, dir+"/")
		r := Resource{Rel: rel}
		for d := path.Dir(rel); d != "."; d = path.Dir(d) {
			if b, ok := bundles[d]; ok {
				r.Bundle = b.Rel
				b.Files = append(b.Files, rel)
				break
			}
		}
		c.Resources = append(c.Resources, r)
	}
	return c
}

// Update returns last, the content of the last load through cache, with
// the Markdown files at paths read again — without walking the folder —
// when every path names a Markdown file of last that still is a regular
// file (an edit, not a new, removed or renamed file). Otherwise ok is
// false, and the caller loads anew. Problems are added to diags as Load
// adds them.
func Update(fsys fs.FS, dir string, last *Content, paths []string, diags *diag.List, cache *Cache) (c *Content, ok bool) {
	if last == nil || cache == nil || last.mdPaths == nil {
		return nil, false
	}
	if last.mdSet == nil {
		last.mdSet = make(map[string]bool, len(last.mdPaths))
		for _, p := range last.mdPaths {
			last.mdSet[p] = true
		}
	}
	for _, p := range paths {
		if !last.mdSet[p] || isBundleIndex(p) {
			return nil, false // new, or a bundle (its files change hands when it fails or loads)
		}
		if info, err := fs.Stat(fsys, p); err != nil || !info.Mode().IsRegular() {
			return nil, false
		}
	}
	bundleFiles := map[string][]string{}
	for _, f := range last.Pages {
		if f.Bundle {
			bundleFiles[f.Path] = f.Files
		}
	}
	c = &Content{Resources: last.Resources, mdPaths: last.mdPaths, mdSet: last.mdSet, walked: last.walked,
		Pages: make([]*File, 0, len(last.Pages))}
	diags.Append(c.walked...)
	for _, p := range c.mdPaths {
		e := cache.entry(p, func(d *diag.List) *File { return loadFile(fsys, dir, p, d) })
		diags.Append(e.diags...)
		if e.f == nil {
			continue
		}
		f := *e.f
		f.Files = bundleFiles[p]
		c.Pages = append(c.Pages, &f)
	}
	first := firstLanguage(c.Pages)
	if first != last.First {
		return nil, false // other files are originals now: bundles' files change hands
	}
	c.nameOriginals(first, diags)
	return c, true
}

// nameOriginals makes every file named with the code of first, the
// site's first language (firstLanguage), the original it is (see Files),
// reporting one that is there twice. Pages are then put in the order of
// their Rel's folders and names, as if walked with that name.
func (c *Content) nameOriginals(first string, diags *diag.List) {
	c.First = first
	if c.First == "" {
		return
	}
	plain := map[string]*File{}
	for _, f := range c.Pages {
		if f.Lang == "" {
			plain[f.Rel] = f
		}
	}
	renamed := false
	c.Pages = slices.DeleteFunc(c.Pages, func(f *File) bool {
		if f.Lang != c.First {
			return false
		}
		if o := plain[f.Orig]; o != nil {
			diags.Errorf(f.Path, 1, "%s ist dieselbe Seite wie %s: bitte eine der beiden Dateien löschen", f.Path, o.Path)
			return true
		}
		f.Rel, f.Lang, f.Orig = f.Orig, "", ""
		renamed = true
		return false
	})
	if renamed {
		// A folder's files before the next name: "/" sorts before every other byte.
		key := func(f *File) string { return strings.ReplaceAll(f.Rel, "/", "\x00") }
		slices.SortStableFunc(c.Pages, func(x, y *File) int { return strings.Compare(key(x), key(y)) })
	}
}

// DefaultLanguage is the site's language when the home page names none,
// and the language of the built-in strings (i18n.Default is this).
const DefaultLanguage = "de"

// firstLanguage returns the first language the home page among pages
// declares, "" if there is no home page (see Files).
func firstLanguage(pages []*File) string {
	var coded []*File
	for _, f := range pages {
		if f.Kind != KindHome {
			continue
		}
		if f.Lang == "" {
			return declaredLanguage(f)
		}
		coded = append(coded, f)
	}
	for _, f := range coded {
		if declaredLanguage(f) == f.Lang {
			return f.Lang
		}
	}
	return ""
}

// declaredLanguage returns the first language a home page's site:
// settings declare, as written.
func declaredLanguage(home *File) string {
	site := home.Meta.Get("site")
	if n := site.Get("languages"); n != nil && n.Kind == List && len(n.Items) > 0 && n.Items[0].Kind == Scalar {
		return n.Items[0].Text
	}
	if n := site.Get("language"); n != nil && n.Kind == Scalar && n.Text != "" {
		return n.Text
	}
	return DefaultLanguage
}

func loadFile(fsys fs.FS, dir, p string, diags *diag.List) *File {
	f := newFile(dir, p, diags)
	if f == nil {
		return nil
	}
	info, err := fs.Stat(fsys, p)
	if err != nil {
		diags.Errorf(p, 0, "Kann nicht gelesen werden: %v", err)
		return nil
	}
	f.ModTime = info.ModTime()
	if info.Size() > MaxPageSize {
		diags.Errorf(p, 0, "Die Datei ist zu groß (%.1f MB, erlaubt sind höchstens %d MB). Bilder und Dokumente gehören als eigene Dateien neben die Seite.", float64(info.Size())/(1<<20), MaxPageSize>>20)
		return nil
	}
	src, err := fs.ReadFile(fsys, p)
	if err != nil {
		diags.Errorf(p, 0, "Kann nicht gelesen werden: %v", err)
		return nil
	}
	return parseFile(f, src, diags)
}

// newFile returns the File for the Markdown file at p (a path under dir)
// with its kind and folder, or nil (reported) for a name not allowed.
func newFile(dir, p string, diags *diag.List) *File {
	rel := strings.TrimPrefix(p, dir+"/")
	f := &File{Path: p, Rel: rel}
	name, lang := SplitLang(path.Base(rel))
	parent := path.Dir(rel)
	if parent == "." {
		parent = ""
	}
	if lang != "" {
		f.Lang, f.Orig = lang, path.Join(parent, name)
	}
	switch {
	case parent == "" && name == "_index.md":
		f.Kind = KindHome
	case name == "_index.md":
		f.Kind, f.Dir = KindSection, parent
	case name == "index.md" && parent != "":
		f.Kind, f.Dir, f.Bundle = KindPage, parent, true
	case name == "index.md":
		diags.Errorf(p, 0, "content/%s ist nicht erlaubt: die Startseite heißt content/_index%s.md", path.Base(rel), strings.TrimSuffix(strings.TrimPrefix(path.Base(rel), "index"), ".md"))
		return nil
	default:
		f.Kind, f.Dir = KindPage, parent
	}
	return f
}

// isBundleIndex reports whether p names a bundle's index.md or one of its
// translations.
func isBundleIndex(p string) bool {
	base, _ := SplitLang(path.Base(p))
	return base == "index.md"
}

// SplitLang splits a Markdown file name into the name of the file it
// translates and the language code: "b.en.md" is "b.md", "en";
// "_index.ar.md" is "_index.md", "ar"; a name without a code of two or
// three lower-case letters before ".md" is returned with "".
func SplitLang(name string) (base, lang string) {
	stem, ok := strings.CutSuffix(name, ".md")
	if !ok {
		return name, ""
	}
	i := strings.LastIndexByte(stem, '.')
	if i <= 0 {
		return name, ""
	}
	code := stem[i+1:]
	if len(code) < 2 || len(code) > 3 {
		return name, ""
	}
	for _, c := range code {
		if c < 'a' || c > 'z' {
			return name, ""
		}
	}
	return stem[:i] + ".md", code
}

// parseFile splits the file's bytes src into f, or returns nil with the
// problems reported.
func parseFile(f *File, raw []byte, diags *diag.List) *File {
	p := f.Path
	if len(bytes.TrimSpace(raw)) == 0 {
		diags.Errorf(p, 1, "Die Datei ist leer: jede Seite beginnt mit Front Matter – die erste Zeile ist ---, danach mindestens title: \"Titel der Seite\", dann wieder ---")
		return nil
	}
	if !utf8.Valid(raw) {
		off := invalidUTF8(raw)
		diags.Add(diag.Diagnostic{Path: p, Line: diag.LineOf(raw, off), Col: col(raw, off),
			Message: "Die Datei ist nicht in UTF-8 gespeichert (z. B. Umlaute aus Word oder Windows-1252). Bitte im Editor als UTF-8 speichern."})
		return nil
	}
	src := bytes.TrimPrefix(raw, []byte("\uFEFF"))
	meta, format, body, bodyLine, err := parseFrontMatter(src)
	if err != nil {
		fe := err.(*tree.Error)
		diags.Errorf(p, fe.Line, "%s", fe.Message)
		return nil
	}
	f.Meta, f.Format, f.Body, f.BodyLine = meta, format, body, bodyLine
	f.BodySum, f.size, f.bodyOff = digest.Of(body), int64(len(raw)), len(raw)-len(body)
	f.Placeholders = bytes.Count(src, []byte(Placeholder))
	if !bytes.Equal(raw[f.bodyOff:], body) {
		f.bodyOff = -1 // not a tail of the file: never read lazily
	}
	return f
}

func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func col(src []byte, off int) int {
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	return utf8.RuneCount(src[start:off]) + 1
}

// String is for debugging.
func (f *File) String() string { return fmt.Sprintf("%s (%s)", f.Path, f.Kind) }

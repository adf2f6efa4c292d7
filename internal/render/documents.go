package render

import (
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/stadt-bamberg/integration/internal/i18n"
	"github.com/stadt-bamberg/integration/internal/markdown"
	"github.com/stadt-bamberg/integration/internal/model"
)

// documentTypes maps the extensions of document files – files a reader
// downloads and opens with another program, as opposed to web pages,
// images and plain text, which the browser shows – to the names readers
// know their formats by. Links to them say the format and size (BITV).
var documentTypes = map[string]string{
	".pdf":  "PDF",
	".doc":  "Word",
	".docx": "Word",
	".rtf":  "RTF",
	".odt":  "ODT",
	".xls":  "Excel",
	".xlsx": "Excel",
	".ods":  "ODS",
	".csv":  "CSV",
	".ppt":  "PowerPoint",
	".pptx": "PowerPoint",
	".odp":  "ODP",
	".epub": "EPUB",
	".zip":  "ZIP",
}

// DocumentType returns the name of the format of the document file at
// the path p ("PDF" for "plan.pdf", "Word" for "a/Antrag.DOCX"), or ""
// for a file that is not a document (an image, a web page, plain text).
func DocumentType(p string) string {
	return documentTypes[strings.ToLower(path.Ext(p))]
}

// resolveFile resolves a link in p's Markdown to a file that is not a
// Markdown file (markdown.Page.ResolveFile). A link to a document leads
// where a browser takes it – relative to the page's address, which for a
// translation is its original's, or a site path when it starts with "/"
// – and must find a file of content/ there; its URL is written with the
// base path, and its format and size are added to its text, in the
// language of the text. Other links stay as they are.
func (r *Renderer) resolveFile(p *model.Page, dest string) (markdown.FileLink, error) {
	file, rest := dest, ""
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		file, rest = dest[:i], dest[i:]
	}
	typ := DocumentType(file)
	if typ == "" {
		return markdown.FileLink{}, nil
	}
	if u, err := url.PathUnescape(file); err == nil {
		file = u // "Ma%C3%9Fnahmen.pdf" names Maßnahmen.pdf
	}
	o := p.Orig()
	at := path.Clean(file)
	if !strings.HasPrefix(file, "/") {
		at = path.Join(o.URL, file)
	}
	f, ok := r.fileAt(at)
	if !ok {
		return markdown.FileLink{}, r.missingFile(o, dest, file)
	}
	info, err := r.fileInfo(r.textSite(p), f, typ)
	if err != nil {
		return markdown.FileLink{}, fmt.Errorf("Der Link auf %q: %v", dest, err)
	}
	return markdown.FileLink{URL: r.site.Config.RelURL(f.URL) + rest, Info: info}, nil
}

// missingFile returns the error for a link to a document (file, as
// unescaped from dest) that no file of content/ is published at. It names
// the file that is missing: for a relative link from a page whose address
// is its folder's (a section, a bundle) the file in that folder, else the
// file from content/. A file that exists there at another address is
// named with its address.
func (r *Renderer) missingFile(o *model.Page, dest, file string) error {
	msg := fmt.Sprintf("Der Link auf %q führt ins Leere: ", dest)
	rel := strings.TrimPrefix(path.Clean(file), "/")
	if !strings.HasPrefix(file, "/") {
		rel = path.Join(o.Source.Dir, file)
	}
	if u, ok := r.site.Root().FileURL(rel); ok {
		where := ""
		if !strings.HasPrefix(file, "/") && !o.IsSection() && !o.Source.Bundle {
			where = fmt.Sprintf(", denn sie liegt neben der einzelnen Seite %s, nicht in deren Ordner", o.Source.Path)
		}
		return fmt.Errorf("%sdie Datei content/%s hat die Adresse %s%s – bitte so verlinken: (%s)", msg, rel, u, where, u)
	}
	if strings.HasPrefix(rel, "../") || rel == ".." {
		return fmt.Errorf("%ser zeigt aus content/ hinaus", msg)
	}
	if r.fsys != nil {
		if _, err := fs.Stat(r.fsys, "content/"+rel); err == nil {
			return fmt.Errorf("%sdie Datei content/%s wird nicht veröffentlicht (sie liegt in einem Entwurf)", msg, rel)
		}
	}
	if !strings.HasPrefix(file, "/") && !o.IsSection() && !o.Source.Bundle {
		u := path.Join(path.Dir(strings.TrimSuffix(o.URL, "/")), file)
		return fmt.Errorf("%sdie Datei content/%s gibt es nicht – und dort hätte sie die Adresse %s, denn %s ist eine einzelne Seite, kein Ordner: bitte dann so verlinken: (%s)", msg, rel, u, o.Source.Path, u)
	}
	return fmt.Errorf("%sdie Datei content/%s gibt es nicht", msg, rel)
}

// fileAt returns the file of content/ published at the site path u.
func (r *Renderer) fileAt(u string) (model.File, bool) {
	files := r.site.Root().Files // sorted by URL
	i, ok := slices.BinarySearchFunc(files, u, func(f model.File, u string) int { return strings.Compare(f.URL, u) })
	if !ok {
		return model.File{}, false
	}
	return files[i], true
}

// fileInfo returns what a link to the document f of the format typ adds
// to its text, in the language of ls: "(PDF, 1,2 MB)".
func (r *Renderer) fileInfo(ls *model.Site, f model.File, typ string) (string, error) {
	if r.fsys == nil {
		return "", fmt.Errorf("die Größe der Datei content/%s ist nicht bekannt", f.Src)
	}
	st, err := fs.Stat(r.fsys, "content/"+f.Src)
	if err != nil {
		return "", fmt.Errorf("die Datei content/%s kann nicht gelesen werden: %v", f.Src, err)
	}
	return ls.T("document_info", typ, formatSize(ls, st.Size())), nil
}

// documentFuncs adds the layout function documentInfo to funcs.
func (r *Renderer) documentFuncs(funcs template.FuncMap) template.FuncMap {
	funcs["documentInfo"] = r.documentInfo
	return funcs
}

// documentInfo is the layout function documentInfo: what a link to the
// file at the site path u adds to its text, "(PDF, 1,2 MB)", in the
// language of the page being rendered; "" when the file is not a
// document. A path at which no file of content/ is published is an error.
func (r *Renderer) documentInfo(u string) (string, error) {
	f, ok := r.fileAt(u)
	if !ok {
		return "", fmt.Errorf("documentInfo: unter %s gibt es keine Datei aus content/", u)
	}
	typ := DocumentType(f.Src)
	if typ == "" {
		return "", nil
	}
	return r.fileInfo(r.lang(), f, typ)
}

// textSite returns the site of the language of p's text (its lang:, the
// original's for an untranslated page), or p's own if the site does not
// have that language.
func (r *Renderer) textSite(p *model.Page) *model.Site {
	if ls := r.site.Root().Lang(p.TextLang()); ls != nil {
		return ls
	}
	if p.Site != nil {
		return p.Site
	}
	return r.lang()
}

// formatSize returns the size of a file of n bytes as ls's language writes
// it (interface strings document_size_kb and document_size_mb): whole
// kilobytes of 1024 bytes below 1000 KB ("35 KB", at least "1 KB"),
// megabytes of 1024 KB with one decimal from there on ("1,2 MB", in
// English "1.2 MB").
func formatSize(ls *model.Site, n int64) string {
	const kb, mb = 1 << 10, 1 << 20
	loc := ls.Locale
	if loc == nil {
		loc, _ = i18n.LocaleFor(i18n.Default)
	}
	if k := (n + kb/2) / kb; k < 1000 {
		if n > 0 {
			k = max(k, 1)
		}
		return ls.T("document_size_kb", loc.Number(int(k)))
	}
	return ls.T("document_size_mb", loc.Decimal(float64(n)/mb, 1))
}

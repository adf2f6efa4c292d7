// Package publish is the production stage of the pipeline: it makes the
// built site small and cacheable. Package build calls it on each file as
// the file is made (minify, compress) and on the assets before pages are
// rendered; it never reads the clock. The discovery files (sitemap,
// robots.txt, feeds) are made by package discovery and pass through here
// like every other file.
//
// # Assets (before rendering)
//
// [Assets] takes the files under assets/ and returns them as they are
// published, with the name layouts ask for (the asset template function):
//
//   - with [Minify], CSS, JavaScript, SVG and JSON are minified with
//     github.com/tdewolff/minify/v2; a file the minifier cannot parse is an
//     error at its path (it would be broken in browsers too);
//   - with [Fingerprint], a file in a folder of assets/ is published under a
//     name holding the first 8 hex digits of the SHA-256 of its final
//     bytes: assets/css/style.css → css/style.3f2a9c1e.css. Only that name
//     is published, so it can be cached for ever: a change makes a new name.
//     Files directly in assets/ (favicon.ico, a verification file) keep
//     their names, because browsers and crawlers ask for them by name.
//     Stylesheets are done last: a relative url(…) in them that names
//     another asset is rewritten to that asset's published name.
//
// The build makes the render.Asset of each (its URL under the base URL's
// path and its Subresource Integrity, "sha384-…" of the final bytes) from
// the result, so that pages reference exactly the bytes published.
//
// # Minification, compression
//
// With [Minify], HTML, XML (sitemap, feeds), SVG, JSON, CSS and
// JavaScript that the build made are minified: documents keep <html>,
// <head>, <body>, end tags and attribute quotes, and every attribute
// (lang, datetime, data-until …) except the ones that repeat a default
// (type="text/javascript"); whitespace that shows stays one space.
// ([MinifyFile]). Files copied from content/ and the assets (already
// minified and fingerprinted by [Assets]) are published byte for byte.
//
// With [Compress], every text file (html, css, js, mjs, xml, svg, json,
// ics, txt, atom, webmanifest) larger than 1 KB (1024 bytes) gets a .gz
// ([Gzip]: github.com/klauspost/compress at level 6, header without name
// and time) and a .br ([Brotli]: quality 5, window fitted to the file)
// beside it, for nginx's gzip_static and brotli_static. The levels were
// chosen by measurement (BenchmarkCompress): quality 5 is the lowest
// whose files are clearly smaller than gzip's, higher ones up to 9 save
// at most 0.3 % for up to 30 % more time, and 10 and 11 save 7 to 8 %
// but are 17 to 40 times slower. Fingerprinted assets, compressed once
// and cached for ever, may take the strongest, [GzipBest] (level 9) and
// [BrotliBest] (quality 11). [CompressionSettings] names the codecs,
// levels and library versions, for the build cache's key.
//
// # Determinism
//
// The output depends only on the files and the options: work done in
// parallel writes to fixed slots; gzip headers have no name or time;
// nothing random or from the clock enters.
package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"path"
	"regexp"
	"strings"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/parallel"
	"github.com/stadt-bamberg/integration/internal/write"
)

// Option changes what Assets does.
type Option func(*config)

type config struct {
	minify      bool
	fingerprint bool
	compress    bool
}

// Minify turns minification on or off.
func Minify(on bool) Option { return func(c *config) { c.minify = on } }

// Fingerprint turns fingerprinted asset names on or off.
func Fingerprint(on bool) Option { return func(c *config) { c.fingerprint = on } }

// Compress turns the .gz and .br files on or off.
func Compress(on bool) Option { return func(c *config) { c.compress = on } }

func newConfig(opts []Option) *config {
	c := &config{}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Asset is a file under assets/ as it is published.
type Asset struct {
	Name string // its path under assets/, as layouts name it: "css/style.css"
	write.File
}

// Assets minifies and fingerprints the files under assets/ as the options
// say. files holds their paths under assets/ and their bytes; the result
// is in the same order. Problems are added to diags at "assets/"+path.
func Assets(files []write.File, diags *diag.List, opts ...Option) []Asset {
	c := newConfig(opts)
	out := make([]Asset, len(files))
	one := func(i int, data []byte) {
		f := files[i]
		if c.minify {
			if mt := minifyType(f.Path); mt != "" && mt != "text/html" && mt != "application/xml" && mt != "application/atom+xml" {
				m, err := minifyBytes(mt, data)
				if err != nil {
					diags.Errorf("assets/"+f.Path, 0, "Die Datei kann nicht verkleinert werden: %v", err)
				} else {
					data = m
				}
			}
		}
		p := f.Path
		if c.fingerprint {
			p = FingerprintPath(p, data)
		}
		out[i] = Asset{Name: f.Path, File: write.File{Path: p, Data: data}}
	}
	// Stylesheets last: their url(…) references to other assets are
	// rewritten to the names those are published under.
	var sheets, others []int
	for i, f := range files {
		if strings.EqualFold(path.Ext(f.Path), ".css") {
			sheets = append(sheets, i)
		} else {
			others = append(others, i)
		}
	}
	parallel.For(len(others), func(k int) { one(others[k], files[others[k]].Data) })
	published := map[string]string{}
	for _, i := range others {
		published[files[i].Path] = out[i].Path
	}
	parallel.For(len(sheets), func(k int) {
		i := sheets[k]
		one(i, rewriteURLs(files[i].Path, files[i].Data, published))
	})
	return out
}

// cssURL matches url(…) in a stylesheet, quoted or not.
var cssURL = regexp.MustCompile(`url\(\s*(?:"([^"]*)"|'([^']*)'|([^'")\s]*))\s*\)`)

// rewriteURLs rewrites the relative url(…) references of the stylesheet
// at p to assets that are published under another name.
func rewriteURLs(p string, css []byte, published map[string]string) []byte {
	dir := path.Dir(p)
	return cssURL.ReplaceAllFunc(css, func(m []byte) []byte {
		sub := cssURL.FindSubmatch(m)
		ref := string(sub[1]) + string(sub[2]) + string(sub[3])
		target, rest := ref, ""
		if i := strings.IndexAny(ref, "?#"); i >= 0 {
			target, rest = ref[:i], ref[i:]
		}
		if target == "" || strings.Contains(target, ":") || strings.HasPrefix(target, "/") {
			return m // absolute, data: or from the site root: left alone
		}
		name := path.Join(dir, target)
		to, ok := published[name]
		if !ok || to == name {
			return m
		}
		rel := to
		if dir != "." {
			rel = relPath(dir, to)
		}
		return []byte(`url("` + rel + rest + `")`)
	})
}

// relPath returns the slash path of to relative to the folder from.
func relPath(from, to string) string {
	f, t := strings.Split(from, "/"), strings.Split(to, "/")
	i := 0
	for i < len(f) && i < len(t)-1 && f[i] == t[i] {
		i++
	}
	return strings.Repeat("../", len(f)-i) + strings.Join(t[i:], "/")
}

// FingerprintPath returns the published path of the asset at p with the
// final contents data: the first 8 hex digits of their SHA-256 before the
// extension ("css/style.css" → "css/style.3f2a9c1e.css"), or p itself for
// a file directly in assets/.
func FingerprintPath(p string, data []byte) string {
	dir, name := path.Split(p)
	if dir == "" {
		return p
	}
	sum := sha256.Sum256(data)
	h := hex.EncodeToString(sum[:4])
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		return dir + name[:i] + "." + h + name[i:]
	}
	return dir + name + "." + h
}

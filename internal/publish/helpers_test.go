package publish_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

// testNow is the instant the test sites are built for.
var testNow = sitetest.Now

// production are the options sitegen build uses.
func production(base string) build.Options {
	return build.Options{Now: testNow, BaseURL: base, Minify: true, Fingerprint: true, Compress: true}
}

// goldenSite reads the golden test site (every page kind, aliases,
// events, a bundle) into a MapFS, giving each file a modification time
// a day apart, in file order, and the last one after testNow.
func goldenSite(t testing.TB) fstest.MapFS {
	t.Helper()
	a := sitetest.Archive(t, "../build/testdata/golden/site.txtar")
	fsys := sitetest.MapFS(t, a)
	for i, f := range a.Files {
		fsys[f.Name].ModTime = testNow.AddDate(0, 0, i-len(a.Files)+2)
	}
	return fsys
}

// realSite reads the repository's own site into a MapFS (with the files'
// modification times), so that a test can change it.
func realSite(t testing.TB) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	root := os.DirFS("../..")
	for _, dir := range []string{"content", "layouts", "assets", "i18n"} {
		err := fs.WalkDir(root, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(root, p)
			if err != nil {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			fsys[p] = &fstest.MapFile{Data: data, Mode: 0o644, ModTime: info.ModTime()}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return fsys
}

// run builds fsys and returns its output by path.
func run(t testing.TB, fsys fs.FS, opts build.Options) (map[string][]byte, *build.Result) {
	t.Helper()
	res, err := build.Run(fsys, opts)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string][]byte, len(res.Files))
	for _, f := range res.Files {
		out[f.Path] = f.Data
	}
	return out, res
}

// shuffledFS lists every folder in a random order, as no file system
// promises an order.
type shuffledFS struct {
	fs.FS
	rng   *rand.Rand
	calls *int // how often a folder was listed
}

func (s shuffledFS) ReadDir(name string) ([]fs.DirEntry, error) {
	*s.calls++
	des, err := fs.ReadDir(s.FS, name)
	s.rng.Shuffle(len(des), func(i, j int) { des[i], des[j] = des[j], des[i] })
	return des, err
}

func (s shuffledFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(s.FS, name) }

// node is one item of a normalised document: an element's start with
// its attributes sorted, its end, or text with white space collapsed.
type node struct {
	kind  byte // '<' start, '>' end, 't' text
	name  string
	attrs string
	text  string
}

func (n node) String() string {
	switch n.kind {
	case '<':
		return "<" + n.name + n.attrs + ">"
	case '>':
		return "</" + n.name + ">"
	}
	return "text " + strconvQuote(n.text)
}

func strconvQuote(s string) string { return strconv.Quote(s) }

// dropEmpty are the attributes that mean nothing when empty.
var dropEmpty = map[string]bool{"class": true, "id": true, "style": true, "value": true}

// blocks are the elements around which white space does not show.
var blocks = map[string]bool{}

func init() {
	for _, b := range strings.Fields(`html head body title meta link script style base noscript
		div p ul ol li dl dt dd nav header footer main section article aside h1 h2 h3 h4 h5 h6
		table thead tbody tfoot tr td th caption colgroup col figure figcaption blockquote hr br
		form fieldset legend details summary address option select`) {
		blocks[b] = true
	}
}

// dom parses an HTML document with an HTML parser independent of the
// minifier (encoding/xml in its lenient HTML mode) and returns it
// normalised: entities decoded, attributes sorted, white space collapsed
// to one space, and dropped next to block elements, where it does not
// show (inside <pre> it is kept as it is).
func dom(t testing.TB, name string, data []byte) []node {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	var raw []node
	pre := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := strings.ToLower(tok.Name.Local)
			var as []string
			for _, a := range tok.Attr {
				k := strings.ToLower(a.Name.Local)
				if a.Value == "" && dropEmpty[k] || n == "input" && k == "type" && a.Value == "text" {
					continue // the minifier's right to leave out what means nothing
				}
				if a.Name.Space != "" {
					k = strings.ToLower(a.Name.Space) + ":" + k
				}
				v := a.Value
				if v == k { // <input checked> is read as checked="checked"
					v = ""
				}
				as = append(as, " "+k+"="+strconvQuote(v))
			}
			if n == "meta" && slices.Contains(as, ` name="viewport"`) {
				for i, a := range as { // "width=device-width, initial-scale=1": the space means nothing
					if strings.HasPrefix(a, " content=") {
						as[i] = strings.ReplaceAll(a, ", ", ",")
					}
				}
			}
			slices.Sort(as)
			raw = append(raw, node{kind: '<', name: n, attrs: strings.Join(as, "")})
			if n == "pre" {
				pre++
			}
		case xml.EndElement:
			n := strings.ToLower(tok.Name.Local)
			raw = append(raw, node{kind: '>', name: n})
			if n == "pre" {
				pre--
			}
		case xml.CharData:
			s := string(tok)
			if pre == 0 {
				s = collapse(s)
			}
			if k := len(raw) - 1; k >= 0 && raw[k].kind == 't' {
				raw[k].text += s
				if pre == 0 {
					raw[k].text = collapse(raw[k].text)
				}
			} else {
				raw = append(raw, node{kind: 't', text: s})
			}
		}
	}
	// Trim text where it meets a block element, or another space.
	var out []node
	for i, n := range raw {
		if n.kind != 't' {
			out = append(out, n)
			continue
		}
		if strings.HasPrefix(n.text, " ") && (i == 0 || raw[i-1].kind != 't' && blocks[raw[i-1].name]) {
			n.text = n.text[1:]
		}
		if strings.HasSuffix(n.text, " ") && (i == len(raw)-1 || raw[i+1].kind != 't' && blocks[raw[i+1].name]) {
			n.text = n.text[:len(n.text)-1]
		}
		if n.text != "" {
			out = append(out, n)
		}
	}
	return out
}

func collapse(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// sameDOM reports the first difference of two normalised documents.
func sameDOM(t testing.TB, name string, want, got []byte) {
	t.Helper()
	a, b := dom(t, name, want), dom(t, name+" (minified)", got)
	for i := range max(len(a), len(b)) {
		switch {
		case i >= len(a):
			t.Errorf("%s: minified has more: %v", name, b[i])
			return
		case i >= len(b):
			t.Errorf("%s: minified lacks %v", name, a[i])
			return
		case a[i] != b[i]:
			lo := max(0, i-3)
			t.Errorf("%s: differs at item %d:\n  want %v\n  got  %v\n  after %v", name, i, a[i], b[i], a[lo:i])
			return
		}
	}
}

// ref is a URL an HTML document refers to.
type ref struct {
	tag, attr, url string
}

// refs returns the URLs in href, src, srcset, action, poster and data
// attributes and in <meta content> of the known URL properties.
func refs(t testing.TB, name string, data []byte) []ref {
	t.Helper()
	var out []ref
	for _, n := range dom(t, name, data) {
		if n.kind != '<' {
			continue
		}
		attrs := parseAttrs(n.attrs)
		for _, k := range []string{"href", "src", "action", "poster", "data", "formaction", "cite", "background"} {
			if v, ok := attrs[k]; ok {
				out = append(out, ref{n.name, k, v})
			}
		}
		if v, ok := attrs["srcset"]; ok {
			for _, part := range strings.Split(v, ",") {
				if f := strings.Fields(part); len(f) > 0 {
					out = append(out, ref{n.name, "srcset", f[0]})
				}
			}
		}
		if n.name == "meta" && (attrs["property"] == "og:url" || attrs["property"] == "og:image") {
			out = append(out, ref{"meta", attrs["property"], attrs["content"]})
		}
		if n.name == "meta" && strings.EqualFold(attrs["http-equiv"], "refresh") {
			if _, u, ok := strings.Cut(attrs["content"], "url="); ok {
				out = append(out, ref{"meta", "refresh", u})
			}
		}
	}
	return out
}

// parseAttrs reads back the attributes of a node.
func parseAttrs(s string) map[string]string {
	m := map[string]string{}
	for s != "" {
		k, rest, _ := strings.Cut(strings.TrimPrefix(s, " "), "=")
		q, err := strconv.QuotedPrefix(rest)
		if err != nil {
			panic(err) // made by strconv.Quote
		}
		v, _ := strconv.Unquote(q)
		m[k] = v
		s = rest[len(q):]
	}
	return m
}

// target returns the output file a site path names: "a/" → "a/index.html".
func target(p string) string {
	p = strings.TrimPrefix(p, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return path.Clean(p)
}

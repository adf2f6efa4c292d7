package publish

import (
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// minifyTypes maps the extensions of files that are minified to their
// media type.
var minifyTypes = map[string]string{
	".html": "text/html",
	".htm":  "text/html",
	".css":  "text/css",
	".js":   "application/javascript",
	".mjs":  "application/javascript",
	".svg":  "image/svg+xml",
	".json": "application/json",
	".xml":  "application/xml",
	".atom": "application/atom+xml",
}

// minifyType returns the media type the file at p is minified as, or "".
func minifyType(p string) string {
	return minifyTypes[strings.ToLower(path.Ext(p))]
}

// minifier is the one minify.M of the package; it is safe for concurrent
// use (its minifiers copy their settings on every call).
var minifier = sync.OnceValue(func() *minify.M {
	m := minify.New()
	// Correctness over the last byte: documents keep their structure,
	// end tags and quotes, so that what readers, crawlers and the tests
	// see stays the same document.
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true})
	m.Add("text/css", &css.Minifier{})
	m.AddRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), &js.Minifier{})
	m.Add("image/svg+xml", &svg.Minifier{})
	m.AddRegexp(regexp.MustCompile(`[/+]json$`), &json.Minifier{})
	m.AddRegexp(regexp.MustCompile(`[/+]xml$`), &xml.Minifier{})
	return m
})

// minifyBytes minifies data as media type mt. The minifier rewrites its
// input in place (entities, the end marker), so it gets a copy: data may
// be shared (a cached page or source file).
func minifyBytes(mt string, data []byte) ([]byte, error) {
	return minifier().Bytes(mt, slices.Clone(data))
}

// MinifyHTML minifies an HTML document as the build does; b is not changed.
func MinifyHTML(b []byte) ([]byte, error) { return minifyBytes("text/html", b) }

// MinifyFile minifies the contents of a file the build made, by the type
// its path names (see the package documentation); other files, and the
// files of type text/html when html is false, come back as they are.
// data is not changed.
func MinifyFile(p string, data []byte) ([]byte, error) {
	mt := minifyType(p)
	if mt == "" {
		return data, nil
	}
	return minifyBytes(mt, data)
}

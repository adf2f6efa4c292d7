package serve_test

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/check"
	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/serve"
)

// TestHintsLeichteSprache: the preview runs the rules of Leichte Sprache
// after each build and shows what they find on the page concerned – the
// page is still built and served, errors of the rules included – and the
// box goes when the editor fixes the text.
func TestHintsLeichteSprache(t *testing.T) {
	fsys := golden(t)
	const page = "content/leicht.md"
	fsys[page] = &fstest.MapFile{Data: []byte("---\ntitle: Leicht\ndescription: Eine Seite.\nleichte_sprache: true\n---\n" +
		"Das ist gut. Das ist schön.\n" + // line 6: two sentences on a line (an error of sitegen check)
		"Der Saal ist nicht teuer.\n")} // line 7: negation (a warning)
	b := build.NewBuilder(fsys, build.Options{Now: now})
	var log strings.Builder
	srv := serve.New(b, func(p string) ([]byte, error) { return fsys.ReadFile(p) }, nil, &log, serve.WithChecks(check.LeichtRules))
	defer srv.Close()
	if _, err := srv.Rebuild(); err != nil {
		t.Fatalf("the rules of Leichte Sprache must not stop the preview: %v", err)
	}

	ts := newHTTP(t, srv)
	_, _, body := get(t, ts+"/leicht/")
	box := between(body, `<aside id="sitegen-hints"`, "</aside>")
	if box == "" {
		t.Fatalf("no hints box on the marked page:\n%s", body)
	}
	for _, want := range []string{
		"2 Hinweise zu dieser Seite",
		"<code>content/leicht.md:6:14</code>: <strong>wird bei sitegen check ein Fehler:</strong> Leichte Sprache (ein Satz pro Zeile)",
		"<code>content/leicht.md:7:14</code>: Leichte Sprache (positiv schreiben): „nicht“ ist eine Verneinung",
	} {
		if !strings.Contains(box, want) {
			t.Errorf("hints box lacks %q:\n%s", want, box)
		}
	}
	if !strings.Contains(body, "<h1>Leicht</h1>") {
		t.Errorf("the page itself is not served:\n%s", body)
	}
	if !strings.Contains(log.String(), "content/leicht.md:7:14: Warnung: Leichte Sprache (positiv schreiben)") &&
		!strings.Contains(log.String(), "content/leicht.md:7:14") {
		t.Errorf("the log does not list the finding:\n%s", log.String())
	}
	// Only the page the findings concern has the box.
	if _, _, other := get(t, ts+"/akteure/"); strings.Contains(other, "sitegen-hints") {
		t.Errorf("a page without findings has a hints box:\n%s", other)
	}
	// The built file itself never carries it.
	if built, _ := srv.File("leicht/index.html"); strings.Contains(string(built), "sitegen-hints") {
		t.Error("the hints box is in the built file, not only in what the preview serves")
	}

	fsys[page].Data = []byte("---\ntitle: Leicht\ndescription: Eine Seite.\nleichte_sprache: true\n---\n" +
		"Das ist gut.\nDas ist schön.\nDer Saal ist billig.\n")
	if _, err := srv.Rebuild(page); err != nil {
		t.Fatal(err)
	}
	if _, _, body := get(t, ts+"/leicht/"); strings.Contains(body, "sitegen-hints") {
		t.Errorf("the box stays after the text was fixed:\n%s", between(body, `<aside id="sitegen-hints"`, "</aside>"))
	}
}

// TestHintsEscaped: a finding may quote the editor's text; the box shows
// it as text, never as markup.
func TestHintsEscaped(t *testing.T) {
	fsys := golden(t)
	b := build.NewBuilder(fsys, build.Options{Now: now})
	hostile := func(*model.Site) []diag.Diagnostic {
		return []diag.Diagnostic{{Path: "content/akteure/beirat.md", Line: 2, Severity: diag.Warning,
			Message: `„<img src=x onerror=alert(1)>“ ist kein Wort`}}
	}
	srv := serve.New(b, nil, nil, io.Discard, serve.WithChecks(hostile))
	defer srv.Close()
	if _, err := srv.Rebuild(); err != nil {
		t.Fatal(err)
	}
	_, _, body := get(t, newHTTP(t, srv)+"/akteure/beirat/")
	box := between(body, `<aside id="sitegen-hints"`, "</aside>")
	if !strings.Contains(box, "&lt;img src=x onerror=alert(1)&gt;") || strings.Contains(box, "<img") {
		t.Errorf("hints box missing or with markup from the message:\n%s", box)
	}
}

func newHTTP(t *testing.T, srv *serve.Server) string {
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL
}

func between(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	j := strings.Index(s[i:], end)
	if j < 0 {
		return s[i:]
	}
	return s[i : i+j+len(end)]
}

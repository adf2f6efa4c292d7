//go:build unix

package serve_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/fstest"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/cms"
	"github.com/stadt-bamberg/integration/internal/serve"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

// fakeBackend stands in for decap-server: it records what reaches it.
type fakeBackend struct {
	mu   sync.Mutex
	got  []string
	srv  *httptest.Server
	resp string
}

func newFakeBackend(t *testing.T) *fakeBackend {
	f := &fakeBackend{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.got = append(f.got, r.Method+" "+r.URL.Path+" "+string(b))
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"message":"entry persisted"}`)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeBackend) received() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.got...)
}

type guarded struct {
	srv             *serve.Server
	url, token, dir string
	backend         *fakeBackend
	log             *sitetest.Buffer
}

// guardedPreview serves the golden site with /admin/ as sitegen serve
// does: Host checked, the CMS API at /api/v1 passed to a fake backend.
// Its source folder has content/ with a symbolic link to a folder
// outside and one to go.mod.
func guardedPreview(t *testing.T) *guarded {
	t.Helper()
	dir := t.TempDir()
	outside := t.TempDir()
	for _, d := range []string{"content/termine", "layouts/partials"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module x\n"), 0o644)
	if err := os.Symlink(outside, filepath.Join(dir, "content", "raus")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "go.mod"), filepath.Join(dir, "content", "termine", "gomod.md")); err != nil {
		t.Fatal(err)
	}

	fsys := golden(t)
	admin := &cms.Admin{Dist: fstest.MapFS{"decap-cms.js": {Data: []byte("/* fake */")}}, Local: &cms.Local{URL: serve.APIPath}}
	b := build.NewBuilder(fsys, build.Options{Now: now, Admin: admin})
	log := &sitetest.Buffer{}
	srv := serve.New(b, func(p string) ([]byte, error) { return fsys.ReadFile(p) }, nil, log)
	t.Cleanup(srv.Close)
	if _, err := srv.Rebuild(); err != nil {
		t.Fatal(err)
	}
	backend := newFakeBackend(t)
	p, err := serve.NewCMSProxy(dir, backend.srv.URL+serve.APIPath, backend.srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	if err := srv.Protect(ts.Listener.Addr().String(), p); err != nil {
		t.Fatal(err)
	}
	return &guarded{srv: srv, url: ts.URL, token: p.Token(), dir: dir, backend: backend, log: log}
}

// request sends a request to the preview with the given Host (""
// for the preview's own) and headers.
func (g *guarded) request(t *testing.T, method, path, host string, header map[string]string, body string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, g.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// api posts body to /api/v1 as /admin/ does.
func (g *guarded) api(t *testing.T, body string) (int, string) {
	t.Helper()
	code, _, resp := g.request(t, "POST", serve.APIPath, "", map[string]string{
		"Origin": g.url, serve.TokenHeader: g.token, "Content-Type": "application/json; charset=utf-8",
		"Sec-Fetch-Site": "same-origin"}, body)
	return code, resp
}

// TestHostChecked: every request of the preview – pages too, so that a
// page re-pointing its host name at 127.0.0.1 (DNS rebinding) reads no
// drafts – must name the preview's address; others are refused and
// logged in one line.
func TestHostChecked(t *testing.T) {
	g := guardedPreview(t)
	port := g.url[strings.LastIndex(g.url, ":")+1:]
	for _, tc := range []struct {
		host string
		code int
	}{
		{"", 200},
		{"localhost:" + port, 200},
		{"LOCALHOST:" + port, 200},
		{"rebind.example:" + port, 403},
		{"127.0.0.1.nip.io:" + port, 403},
		{"localhost:1", 403},
		{"localhost", 403},
		{"192.168.1.10:" + port, 403},
	} {
		for _, p := range []string{"/", "/akteure/", "/admin/", "/admin/config.yml", "/_sitegen/live.js"} {
			if code, _, _ := g.request(t, "GET", p, tc.host, nil, ""); code != tc.code {
				t.Errorf("GET %s with Host %q: %d, want %d", p, tc.host, code, tc.code)
			}
		}
	}
	if n := strings.Count(g.log.String(), "Vorschau: abgelehnt – fremde Adresse (Host)"); n != 5*5 {
		t.Errorf("%d refusals logged, want 25:\n%s", n, g.log.String())
	}
	for _, l := range strings.Split(strings.TrimSpace(g.log.String()), "\n") {
		if strings.Contains(l, "abgelehnt") && !strings.Contains(l, `Host "`) {
			t.Errorf("log line without the Host: %s", l)
		}
	}
}

// TestAdminToken: only /admin/ gets the session's token, and no page
// may frame it.
func TestAdminToken(t *testing.T) {
	g := guardedPreview(t)
	code, h, page := g.request(t, "GET", "/admin/", "", nil, "")
	if code != 200 || !strings.Contains(page, `<meta name="sitegen-token" content="`+g.token+`">`) {
		t.Errorf("GET /admin/: %d, no token:\n%s", code, page)
	}
	if h.Get("Content-Security-Policy") != "frame-ancestors 'none'" || h.Get("X-Frame-Options") != "DENY" {
		t.Errorf("GET /admin/: may be framed: %v", h)
	}
	for _, p := range []string{"/", "/akteure/", "/admin/config.yml", "/admin/sitegen-cms.js", "/404.html"} {
		if _, _, body := g.request(t, "GET", p, "", nil, ""); strings.Contains(body, g.token) {
			t.Errorf("GET %s has the token", p)
		}
	}
	_, _, page2 := g.request(t, "GET", "/admin/", "", nil, "")
	if page2 != page {
		t.Error("the token changed within the session")
	}
}

// TestAPIRefusesRequests: without the token, from another origin, with a
// foreign Host or another method nothing reaches decap-server.
func TestAPIRefusesRequests(t *testing.T) {
	g := guardedPreview(t)
	body := `{"action":"info"}`
	json := "application/json"
	for _, tc := range []struct {
		name   string
		method string
		host   string
		header map[string]string
	}{
		{"no token", "POST", "", map[string]string{"Origin": g.url, "Content-Type": json}},
		{"wrong token", "POST", "", map[string]string{"Origin": g.url, "Content-Type": json, serve.TokenHeader: g.token[1:] + "x"}},
		{"no origin", "POST", "", map[string]string{serve.TokenHeader: g.token, "Content-Type": json}},
		{"other origin", "POST", "", map[string]string{"Origin": "http://evil.example", serve.TokenHeader: g.token, "Content-Type": json}},
		{"origin null", "POST", "", map[string]string{"Origin": "null", serve.TokenHeader: g.token, "Content-Type": json}},
		{"cross-site fetch", "POST", "", map[string]string{"Origin": g.url, serve.TokenHeader: g.token, "Content-Type": json, "Sec-Fetch-Site": "cross-site"}},
		{"form post", "POST", "", map[string]string{"Origin": g.url, serve.TokenHeader: g.token, "Content-Type": "text/plain"}},
		{"foreign host", "POST", "rebind.example:80", map[string]string{"Origin": "http://rebind.example:80", serve.TokenHeader: g.token, "Content-Type": json}},
		{"GET", "GET", "", map[string]string{"Origin": g.url, serve.TokenHeader: g.token}},
	} {
		if code, _, _ := g.request(t, tc.method, serve.APIPath, tc.host, tc.header, body); code != 403 {
			t.Errorf("%s: %d, want 403", tc.name, code)
		}
	}
	if got := g.backend.received(); len(got) != 0 {
		t.Errorf("reached decap-server: %q", got)
	}
	// From another computer (--bind 0.0.0.0): seen, but no writing.
	req := httptest.NewRequest("POST", serve.APIPath, strings.NewReader(body))
	req.Host = strings.TrimPrefix(g.url, "http://")
	req.RemoteAddr = "192.168.1.10:40000"
	for k, v := range map[string]string{"Origin": g.url, serve.TokenHeader: g.token, "Content-Type": json} {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	g.srv.ServeHTTP(rec, req)
	if rec.Code != 403 {
		t.Errorf("from another computer: %d, want 403", rec.Code)
	}
	if n := strings.Count(g.log.String(), "Vorschau: abgelehnt"); n != 10 {
		t.Errorf("%d refusals logged, want 10:\n%s", n, g.log.String())
	}
	if code, _ := g.api(t, body); code != 200 {
		t.Errorf("info with token and origin: %d", code)
	}
}

// persist is a persistEntry of Decap for path.
func persist(path string) string {
	return `{"action":"persistEntry","params":{"branch":"main","entry":{"slug":"x","path":` + jsonString(path) +
		`,"raw":"---\ntitle: X\n---\n"},"assets":[],"options":{"commitMessage":"x","useWorkflow":false,"status":"draft"}}}`
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestAPIPaths: only entries and media under content/ reach
// decap-server; every path field of every action is checked, and
// unknown actions are refused.
func TestAPIPaths(t *testing.T) {
	g := guardedPreview(t)
	abs := filepath.Join(g.dir, "content", "termine", "x.de.md")
	refused := map[string]string{
		".git/config":               persist(".git/config"),
		"go.mod":                    persist("go.mod"),
		"layouts":                   persist("layouts/partials/footer.html"),
		"../":                       persist("content/../go.mod"),
		"../ outside":               persist("../x.md"),
		"./":                        persist("./content/x.md"),
		"absolute":                  persist(abs),
		"absolute root":             persist("/etc/passwd"),
		"backslash":                 persist(`content\..\go.mod`),
		"dot file in content":       persist("content/.git/config"),
		"symlinked folder":          persist("content/raus/x.md"),
		"symlinked file":            persist("content/termine/gomod.md"),
		"empty":                     persist(""),
		"content itself":            persist("content"),
		"trailing slash":            persist("content/termine/"),
		"double slash":              persist("content//x.md"),
		"NUL":                       persist("content/x.md\x00"),
		"PATH after path":           `{"action":"getEntry","params":{"branch":"main","path":"content/a.md","PATH":"go.mod"}}`,
		"one of dataFiles":          `{"action":"persistEntry","params":{"branch":"main","dataFiles":[{"slug":"x","path":"content/termine/x.de.md","raw":"a"},{"slug":"x","path":"layouts/x.html","raw":"b"}],"assets":[],"options":{"commitMessage":"x","useWorkflow":false,"status":"draft"}}}`,
		"newPath":                   `{"action":"persistEntry","params":{"branch":"main","dataFiles":[{"slug":"x","path":"content/termine/x.de.md","raw":"a","newPath":"cmd/sitegen/main.go"}],"assets":[],"options":{"commitMessage":"x","useWorkflow":false,"status":"draft"}}}`,
		"asset of an entry":         `{"action":"persistEntry","params":{"branch":"main","entry":{"slug":"x","path":"content/termine/x.de.md","raw":"a"},"assets":[{"path":".git/hooks/pre-commit","content":"eA==","encoding":"base64"}],"options":{"commitMessage":"x","useWorkflow":false,"status":"draft"}}}`,
		"persistMedia":              `{"action":"persistMedia","params":{"branch":"main","asset":{"path":"assets/site.js","content":"eA==","encoding":"base64"},"options":{"commitMessage":"x"}}}`,
		"deleteFile":                `{"action":"deleteFile","params":{"branch":"main","path":"go.mod","options":{"commitMessage":"x"}}}`,
		"deleteFiles":               `{"action":"deleteFiles","params":{"branch":"main","paths":["content/a.md","go.sum"],"options":{"commitMessage":"x"}}}`,
		"getEntry":                  `{"action":"getEntry","params":{"branch":"main","path":".git/config"}}`,
		"getMediaFile":              `{"action":"getMediaFile","params":{"branch":"main","path":"content/raus/geheim.pdf"}}`,
		"entriesByFiles":            `{"action":"entriesByFiles","params":{"branch":"main","files":[{"path":"content/a.md"},{"path":"../etc/passwd"}]}}`,
		"entriesByFolder":           `{"action":"entriesByFolder","params":{"branch":"main","folder":".","extension":"md","depth":10}}`,
		"entriesByFolder layouts":   `{"action":"entriesByFolder","params":{"branch":"main","folder":"layouts","extension":"html","depth":10}}`,
		"getMedia":                  `{"action":"getMedia","params":{"branch":"main","mediaFolder":"/"}}`,
		"workflow action":           `{"action":"publishUnpublishedEntry","params":{"branch":"main","collection":"a","slug":"b"}}`,
		"unknown action":            `{"action":"runGit","params":{"branch":"main"}}`,
		"no action":                 `{"params":{"branch":"main","path":"content/a.md"}}`,
		"not JSON":                  `action=persistEntry`,
		"path not a string":         `{"action":"getEntry","params":{"branch":"main","path":["go.mod"]}}`,
		"persistEntry without args": `{"action":"persistEntry"}`,
	}
	for name, body := range refused {
		if code, resp := g.api(t, body); code != 403 {
			t.Errorf("%s: %d %s, want 403", name, code, resp)
		}
	}
	if got := g.backend.received(); len(got) != 0 {
		t.Errorf("reached decap-server: %q", got)
	}
	if n := strings.Count(g.log.String(), "Vorschau: abgelehnt – Redaktion: "); n != len(refused) {
		t.Errorf("%d refusals logged, want %d:\n%s", n, len(refused), g.log.String())
	}

	passed := []string{
		persist("content/termine/x.de.md"),
		`{"action":"entriesByFolder","params":{"branch":"main","folder":"content","extension":"md","depth":1}}`,
		`{"action":"entriesByFolder","params":{"branch":"main","folder":"content/termine","extension":"md","depth":2}}`,
		`{"action":"getMedia","params":{"branch":"main","mediaFolder":"` + cms.MediaFolder + `"}}`,
		`{"action":"persistMedia","params":{"branch":"main","asset":{"path":"` + cms.MediaFolder + `/plan.pdf","content":"eA==","encoding":"base64"},"options":{"commitMessage":"x"}}}`,
		`{"action":"deleteFile","params":{"branch":"main","path":"content/termine/x.de.md","options":{"commitMessage":"x"}}}`,
		// Go reads the last of keys that differ in case; decap-server gets
		// what Go read, encoded anew.
		`{"action":"getEntry","params":{"branch":"main","PATH":"go.mod","path":"content/a.md"}}`,
	}
	for _, body := range passed {
		if code, resp := g.api(t, body); code != 200 {
			t.Errorf("%s: %d %s, want 200", body, code, resp)
		}
	}
	got := g.backend.received()
	if len(got) != len(passed) {
		t.Fatalf("decap-server received %d requests, want %d: %q", len(got), len(passed), got)
	}
	if !strings.HasPrefix(got[0], "POST "+serve.APIPath+" ") || !strings.Contains(got[0], `"path":"content/termine/x.de.md"`) || !strings.Contains(got[0], `"raw":"---\ntitle: X\n---\n"`) {
		t.Errorf("the persist reached decap-server as %s", got[0])
	}
	if last := got[len(got)-1]; strings.Contains(last, "go.mod") || strings.Contains(last, "PATH") || !strings.Contains(last, `"path":"content/a.md"`) {
		t.Errorf("decap-server got %s, want only path content/a.md", last)
	}
}

// TestAPIOtherUser: another user of the computer gets neither /admin/
// (with the token) nor the API, even with the token (Linux; the test
// runs curl as nobody, so it needs root).
func TestAPIOtherUser(t *testing.T) {
	if runtime.GOOS != "linux" || os.Getuid() != 0 {
		t.Skip("needs Linux and root, to run curl as another user")
	}
	curl, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("no curl")
	}
	g := guardedPreview(t)
	as := func(uid uint32, args ...string) string {
		cmd := exec.Command(curl, append([]string{"-s", "-o", "/dev/null", "-w", "%{http_code}"}, args...)...)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uid, Gid: uid}}
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("curl as %d: %v", uid, err)
		}
		return string(out)
	}
	api := []string{"-X", "POST", "-H", "Origin: " + g.url, "-H", serve.TokenHeader + ": " + g.token,
		"-H", "Content-Type: application/json", "-d", `{"action":"info"}`, g.url + serve.APIPath}
	if code := as(0, api...); code != "200" {
		t.Fatalf("the API as the preview's user: %s", code)
	}
	if code := as(65534, api...); code != "403" {
		t.Errorf("the API as nobody, with the token: %s, want 403", code)
	}
	if code := as(65534, g.url+"/admin/"); code != "403" {
		t.Errorf("/admin/ as nobody: %s, want 403", code)
	}
	if code := as(65534, g.url+"/"); code != "200" {
		t.Errorf("/ as nobody: %s, want 200 (the preview's pages are no secret on the computer)", code)
	}
	if n := len(g.backend.received()); n != 1 {
		t.Errorf("decap-server received %d requests, want 1", n)
	}
}

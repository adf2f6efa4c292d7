package deploy

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/cms"
	"github.com/stadt-bamberg/integration/internal/search"
	"github.com/stadt-bamberg/integration/internal/testtools"
)

const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// cspDocument is the policy of documents and SVG pictures opened as
// documents of their own: nothing in them runs (sandbox).
const cspDocument = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; sandbox; frame-ancestors 'none'"

// documentPath matches the paths served with cspDocument (PDF is not
// among them: Chromium's PDF viewer refuses a sandboxed document).
var documentPath = regexp.MustCompile(`(?i)\.(ics|txt|csv|docx?|xlsx?|pptx?|odt|ods|odp|rtf|epub|zip|svg)$`)

// cspSearch is the policy of the search pages: csp with WebAssembly
// allowed, for Pagefind.
var cspSearch = strings.Replace(csp, "script-src 'self';", "script-src 'self' 'wasm-unsafe-eval';", 1)

const brotliModule = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"

// robotsAdmin is the X-Robots-Tag of /admin/, the editors' CMS: no page
// of the site, not to be found by search engines.
const robotsAdmin = "noindex, nofollow"

// realSite reads the repository's site into a MapFS, gives one page an
// old address, so that the output has an alias redirect page, and names
// a backend for the editors' CMS (site: cms:), so that the build writes
// admin/ where Decap is installed.
func realSite(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	root := os.DirFS("..")
	for _, dir := range []string{"content", "layouts", "assets", "i18n"} {
		err := fs.WalkDir(root, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(root, p)
			fsys[p] = &fstest.MapFile{Data: data, Mode: 0o644}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	leitbild := original(t, fsys, "content/leitbild.md")
	f := fsys[leitbild]
	if !bytes.HasPrefix(f.Data, []byte("---\n")) {
		t.Fatalf("%s does not start with YAML front matter", leitbild)
	}
	f.Data = append([]byte("---\naliases: [/alte-adresse/]\n"), f.Data[4:]...)
	home := fsys[original(t, fsys, "content/_index.md")]
	if !bytes.Contains(home.Data, []byte("\nsite:\n")) {
		t.Fatal("the home page (content/_index.md) has no site: settings")
	}
	if !bytes.Contains(home.Data, []byte("\n  cms:")) {
		home.Data = bytes.Replace(home.Data, []byte("\nsite:\n"), []byte("\nsite:\n  cms:\n    backend: gitlab\n    repo: stadt-bamberg/integration\n    app_id: 0123456789abcdef\n"), 1)
	}
	return fsys
}

// original returns the name of the original (German) file of a page:
// name (content/leitbild.md) or, as the CMS names it, with the first
// language's code (content/leitbild.de.md).
func original(t *testing.T, fsys fs.FS, name string) string {
	t.Helper()
	for _, n := range []string{name, strings.TrimSuffix(name, ".md") + ".de.md"} {
		if _, err := fs.Stat(fsys, n); err == nil {
			return n
		}
	}
	t.Fatalf("neither %s nor its .de.md exists", name)
	return ""
}

// siteConf returns deploy/nginx.conf with its listen and root lines
// pointed at addr and root, and brotli_static switched on if wanted.
func siteConf(t *testing.T, addr, root string, brotli bool) string {
	t.Helper()
	data, err := os.ReadFile("nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	conf := string(data)
	replace := func(re, with string) {
		t.Helper()
		r := regexp.MustCompile(`(?m)^\s*` + re + `\s*$`)
		if n := len(r.FindAllString(conf, -1)); n != 1 {
			t.Fatalf("nginx.conf has %d lines matching %q, want 1 (the test replaces it)", n, re)
		}
		conf = r.ReplaceAllLiteralString(conf, with)
	}
	replace(`listen 80;`, "    listen "+addr+";")
	replace(`listen \[::\]:80;`, "")
	replace(`root [^;]+;`, "    root "+root+";")
	if brotli {
		replace(`#brotli_static on;`, "    brotli_static on;")
	}
	return conf
}

// nginxBinary finds nginx on $PATH or where Debian puts it ("" if none).
func nginxBinary() string {
	if bin, err := exec.LookPath("nginx"); err == nil {
		return bin
	}
	for _, p := range []string{"/usr/sbin/nginx", "/usr/local/sbin/nginx"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// response is what nginx answered to one GET.
type response struct {
	status int
	header http.Header
	body   []byte
}

// request is one GET of TestNginx and what nginx must answer to it; a
// zero field is not checked.
type request struct {
	path     string
	encoding string // Accept-Encoding; "" is identity
	status   int
	file     string            // the body is exactly this file of the site
	contains []string          // the body contains each of these
	header   map[string]string // exactly these values ("" = not sent)
	has      map[string]string // these headers contain these strings
	asHome   []string          // these headers as the home page has them
	security bool              // the security headers of every page (see nginxServer.security)
}

func (r request) name() string {
	if r.encoding == "" {
		return r.path
	}
	return r.path + " " + r.encoding
}

// nginxServer is the nginx TestNginx started, serving the site in public.
type nginxServer struct {
	addr   string
	public string
	client *http.Client
}

// file returns a file of the site as built.
func (s *nginxServer) file(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(s.public, filepath.FromSlash(p)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// get asks nginx for path p with the Accept-Encoding given ("" is
// identity; set, so that the client does not decompress).
func (s *nginxServer) get(t *testing.T, p, encoding string) response {
	t.Helper()
	if encoding == "" {
		encoding = "identity"
	}
	req, err := http.NewRequest("GET", "http://"+s.addr+p, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", encoding)
	resp, err := s.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, body}
}

// headerIs checks one header of the response to GET p.
func headerIs(t *testing.T, p string, r response, k, want string) {
	t.Helper()
	if got := r.header.Get(k); got != want {
		t.Errorf("GET %s: %s: %q, want %q", p, k, got, want)
	}
}

// security checks the headers every answer of the site carries: the
// Content-Security-Policy (with WebAssembly on the search pages), no
// framing, no sniffing, the referrer and permissions policies, and the
// server without its version.
func security(t *testing.T, p string, r response) {
	t.Helper()
	want := csp
	if regexp.MustCompile(`^/([a-z]{2,3}/)?suche/(index\.html)?$`).MatchString(p) {
		want = cspSearch
	}
	if documentPath.MatchString(p) {
		want = cspDocument
	}
	headerIs(t, p, r, "Content-Security-Policy", want)
	headerIs(t, p, r, "X-Frame-Options", "DENY")
	headerIs(t, p, r, "X-Content-Type-Options", "nosniff")
	headerIs(t, p, r, "Referrer-Policy", "strict-origin-when-cross-origin")
	if pp := r.header.Get("Permissions-Policy"); !strings.Contains(pp, "camera=()") || !strings.Contains(pp, "geolocation=()") {
		t.Errorf("GET %s: Permissions-Policy %q", p, pp)
	}
	if r.header.Get("Server") != "nginx" {
		t.Errorf("GET %s: Server %q, want nginx without version", p, r.header.Get("Server"))
	}
}

// check sends the request and checks the answer against it; home is the
// home page's answer, for asHome.
func (s *nginxServer) check(t *testing.T, q request, home response) response {
	t.Helper()
	r := s.get(t, q.path, q.encoding)
	if q.status != 0 && r.status != q.status {
		t.Errorf("GET %s: %d, want %d", q.name(), r.status, q.status)
	}
	if q.file != "" && !bytes.Equal(r.body, s.file(t, q.file)) {
		t.Errorf("GET %s: %d bytes, not the body of %s (Content-Encoding %q):\n%.300s", q.name(), len(r.body), q.file, r.header.Get("Content-Encoding"), r.body)
	}
	for _, c := range q.contains {
		if !bytes.Contains(r.body, []byte(c)) {
			t.Errorf("GET %s: the body lacks %q:\n%.300s", q.name(), c, r.body)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(q.header)) {
		headerIs(t, q.name(), r, k, q.header[k])
	}
	for _, k := range slices.Sorted(maps.Keys(q.has)) {
		if got := r.header.Get(k); !strings.Contains(got, q.has[k]) {
			t.Errorf("GET %s: %s: %q, want it to contain %q", q.name(), k, got, q.has[k])
		}
	}
	for _, k := range q.asHome {
		headerIs(t, q.name(), r, k, home.header.Get(k))
	}
	if q.security {
		security(t, q.path, r)
	}
	return r
}

// startNginx runs nginx with deploy/nginx.conf for the site in public on
// a loopback port until the test ends, with brotli_static if the module
// is installed, and returns the server.
func startNginx(t *testing.T, bin, tmp, public string, brotli bool) *nginxServer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	if err := os.WriteFile(filepath.Join(tmp, "site.conf"), []byte(siteConf(t, addr, public, brotli)), 0o644); err != nil {
		t.Fatal(err)
	}
	load := ""
	if brotli {
		load = "load_module " + brotliModule + ";"
	}
	for _, d := range []string{"logs", "tmp"} {
		os.MkdirAll(filepath.Join(tmp, d), 0o755)
	}
	main := fmt.Sprintf(`%s
worker_processes 1;
pid %[2]s/nginx.pid;
error_log %[2]s/logs/error.log info;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log %[2]s/logs/access.log;
    client_body_temp_path %[2]s/tmp/body;
    proxy_temp_path %[2]s/tmp/proxy;
    fastcgi_temp_path %[2]s/tmp/fastcgi;
    uwsgi_temp_path %[2]s/tmp/uwsgi;
    scgi_temp_path %[2]s/tmp/scgi;
    include %[2]s/site.conf;
}
`, load, tmp)
	conf := filepath.Join(tmp, "nginx.conf")
	if err := os.WriteFile(conf, []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"-p", tmp, "-c", conf, "-g", "daemon off;"}
	if out, err := exec.Command(bin, append([]string{"-t"}, args...)...).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM) // fast shutdown of master and workers
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // the group this test started
			<-done
		}
		if t.Failed() {
			log, _ := os.ReadFile(filepath.Join(tmp, "logs", "error.log"))
			t.Logf("nginx output:\n%s\nerror.log:\n%s", stderr.String(), log)
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			break
		}
		select {
		case err := <-done:
			t.Fatalf("nginx stopped: %v\n%s", err, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx does not answer on %s", addr)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return &nginxServer{addr: addr, public: public, client: &http.Client{
		Timeout:       5 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// buildForNginx builds the real site into tmp/public as sitegen build
// builds it, with its search index, and reports whether it has one. The editors' CMS is
// built when Decap is installed (npm ci --prefix tools/cms) and the site
// names its backend (site: cms:); without it, stand-ins of its files take
// its place: what is tested is nginx's answer for /admin/, not the build.
func buildForNginx(t *testing.T, tmp string) (public string, hasIndex bool) {
	t.Helper()
	// nginx's workers run as nobody when started by root: they must be
	// able to read the site.
	for d := tmp; d != os.TempDir() && d != "/"; d = filepath.Dir(d) {
		os.Chmod(d, 0o755)
	}
	public = filepath.Join(tmp, "public")
	var notices []string
	_, err := build.ToDir(context.Background(), realSite(t), build.Options{
		Now: time.Date(2026, 11, 25, 11, 0, 0, 0, time.UTC), BaseURL: "https://www.stadt.bamberg.de/",
		Minify: true, Fingerprint: true, Compress: true,
	}, build.Target{Out: public, Source: "..", Notice: func(m string) { notices = append(notices, m) }})
	if err != nil {
		t.Fatal(err)
	}
	hasIndex = true
	if _, err := os.Stat(filepath.Join(public, search.IndexDir, "de", "index.json")); err != nil {
		hasIndex = false
		t.Errorf("the site was built without a search index (%q), so /%s/ is not tested", notices, search.IndexDir)
	}
	if _, err := os.Stat(filepath.Join(public, "admin", "index.html")); err != nil {
		t.Logf("the site was built without admin/ (%q): /admin/ is tested with stand-ins of its files", notices)
		os.MkdirAll(filepath.Join(public, "admin"), 0o755)
		for name, text := range map[string]string{
			"index.html":   "<!doctype html><html lang=\"de\"><title>Redaktion</title><script src=\"decap-cms.js\"></script></html>\n",
			"config.yml":   "backend:\n  name: gitlab\n",
			"decap-cms.js": "window.CMS = {};\n",
		} {
			if err := os.WriteFile(filepath.Join(public, "admin", name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	os.Chmod(public, 0o755)
	return public, hasIndex
}

// TestNginx builds the real site, serves it with nginx and deploy/nginx.conf
// on a loopback port and checks what readers and caches get: a subtest
// for each request, its status, body and headers.
func TestNginx(t *testing.T) {
	testtools.Require(t, testtools.Nginx, "the checks of deploy/nginx.conf in nginx")
	bin := nginxBinary()
	if bin == "" {
		t.Fatalf("nginx is not installed (on Debian as root: sh deploy/ci-install.sh) and %s is set", testtools.Nginx)
	}
	if _, err := os.Stat("/etc/nginx/mime.types"); err != nil {
		t.Fatal("nginx is installed without /etc/nginx/mime.types; the test needs Debian's layout")
	}
	tmp := t.TempDir()
	public, hasIndex := buildForNginx(t, tmp)
	_, brErr := os.Stat(brotliModule)
	brotli := brErr == nil
	if !brotli {
		t.Logf("no %s: brotli_static stays off, .br files are not checked", brotliModule)
	}
	s := startNginx(t, bin, tmp, public, brotli)

	// The home page: HTML, short cache, security headers, as built. The
	// others are not checked without it.
	var home response
	t.Run("GET /", func(t *testing.T) {
		home = s.check(t, request{path: "/", status: 200, file: "index.html", security: true, header: map[string]string{
			"Content-Type": "text/html; charset=utf-8", "Cache-Control": "public, max-age=300", "Content-Encoding": "",
		}}, home)
	})
	if home.status != 200 || !bytes.Equal(home.body, s.file(t, "index.html")) {
		t.FailNow()
	}
	css := regexp.MustCompile(`href="/(css/style\.[0-9a-f]{8}\.css)"`).FindSubmatch(home.body)
	if css == nil {
		t.Fatal("the home page links no fingerprinted stylesheet")
	}

	reqs := []request{
		// Precompressed: exactly the .gz (and .br) file.
		{path: "/", encoding: "gzip", file: "index.html.gz", header: map[string]string{"Content-Encoding": "gzip", "Vary": "Accept-Encoding"}},
	}
	if brotli {
		reqs = append(reqs, request{path: "/", encoding: "br, gzip", file: "index.html.br", header: map[string]string{"Content-Encoding": "br"}})
	}
	reqs = append(reqs,
		// Fingerprinted assets: cached for a year.
		request{path: "/" + string(css[1]), encoding: "gzip", status: 200, security: true, header: map[string]string{
			"Cache-Control": "public, max-age=31536000, immutable", "Content-Type": "text/css; charset=utf-8", "Content-Encoding": "gzip",
		}},

		// Not found: status 404 with the site's 404 page, in the language
		// of the address: the Arabic 404 page under /ar/, the default one
		// under a folder that is not a language.
		request{path: "/gibt-es-nicht/", status: 404, file: "404.html", security: true},
		request{path: "/ar/gibt-es-nicht/", status: 404, file: "ar/404.html", security: true},
		request{path: "/en/termine/weg/", status: 404, file: "en/404.html", security: true},
		request{path: "/fip/weg/", status: 404, file: "404.html", security: true},

		// The alias: a page that forwards to the new address, not indexed.
		request{path: "/alte-adresse/", status: 200, contains: []string{`url=/leitbild/`, `noindex`}},

		// A folder without its slash is redirected, relative to the host.
		request{path: "/akteure", status: 301, header: map[string]string{"Location": "/akteure/"}},
	)

	// The search pages: WebAssembly allowed for Pagefind there alone, with
	// every other header as on any page (an add_header in a location
	// drops the server's).
	for _, p := range []string{"/suche/", "/en/suche/", "/ar/suche/", "/suche/index.html"} {
		reqs = append(reqs, request{path: p, encoding: "gzip", status: 200, security: true, header: map[string]string{"Content-Encoding": "gzip"},
			asHome: []string{"X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy", "X-Frame-Options", "Cache-Control"}})
	}
	for _, p := range []string{"/suche/weg/", "/en/suche/nichts/"} {
		reqs = append(reqs, request{path: p, status: 404, security: true})
	}
	for _, p := range []string{"/a-z/", "/akteure/", "/en/"} {
		reqs = append(reqs, request{path: p, has: map[string]string{"Content-Security-Policy": "script-src 'self';"}})
	}

	// The search index (package search): JSON files, each language's
	// manifest and its buckets and fragments, compressed by sitegen; the
	// search pages' script reads them under the policy of every page.
	if hasIndex {
		dir := filepath.Join(public, search.IndexDir, "de")
		var files []string
		for _, pattern := range []string{"index.json", "b-*.json", "f-*.json"} {
			m, _ := filepath.Glob(filepath.Join(dir, pattern))
			if len(m) == 0 {
				t.Fatalf("the search index has no %s", pattern)
			}
			files = append(files, filepath.Base(m[0]))
		}
		for _, f := range files {
			file := search.IndexDir + "/de/" + f
			reqs = append(reqs, request{path: "/" + file, status: 200, file: file, security: true, header: map[string]string{
				"Content-Type": "application/json; charset=utf-8",
			}})
			if _, err := os.Stat(filepath.Join(public, filepath.FromSlash(file)+".gz")); err == nil {
				reqs = append(reqs, request{path: "/" + file, encoding: "gzip", status: 200, file: file + ".gz", header: map[string]string{"Content-Encoding": "gzip"}})
			}
		}
	}

	// The editors' CMS: Decap's own Content-Security-Policy, exactly
	// cms.ServerCSP, and every other security header as on any page (an
	// add_header in a location drops the server's); not for search
	// engines; the page and its configuration asked again every time.
	reqs = append(reqs, request{path: "/admin", status: 301, header: map[string]string{"Location": "/admin/"}})
	for _, a := range []struct{ path, file, typ, cache string }{
		{"/admin/", "admin/index.html", "text/html; charset=utf-8", "no-cache"},
		{"/admin/index.html", "admin/index.html", "text/html; charset=utf-8", "no-cache"},
		{"/admin/config.yml", "admin/config.yml", "application/yaml; charset=utf-8", "no-cache"},
		{"/admin/decap-cms.js", "admin/decap-cms.js", "application/javascript; charset=utf-8", "public, max-age=300"},
	} {
		reqs = append(reqs, request{path: a.path, status: 200, file: a.file, header: map[string]string{
			"Content-Type": a.typ, "Cache-Control": a.cache, "Content-Security-Policy": cms.ServerCSP, "X-Robots-Tag": robotsAdmin,
		}, asHome: []string{"X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy", "X-Frame-Options"}})
	}
	// Decap's WebAssembly, where the build copied it.
	if wasm, _ := filepath.Glob(filepath.Join(public, "admin", "*.wasm")); len(wasm) > 0 {
		reqs = append(reqs, request{path: "/admin/" + filepath.Base(wasm[0]), status: 200, header: map[string]string{
			"Content-Type": "application/wasm", "Content-Security-Policy": cms.ServerCSP,
		}})
	}
	// Unknown files under /admin/: the site's 404 page, with its headers.
	reqs = append(reqs, request{path: "/admin/gibt-es-nicht.js", status: 404, file: "404.html", security: true})
	// The site's pages stay what they were: for search engines, with the
	// site's policy (/administration/ is no page: its 404 answer too).
	for _, p := range []string{"/", "/akteure/", "/suche/", "/administration/"} {
		reqs = append(reqs, request{path: p, security: true, header: map[string]string{"X-Robots-Tag": ""}})
	}

	// Documents and SVG pictures: opened on their own, nothing in them
	// runs (sandbox); every other header as on any page. PDF keeps the
	// site's policy: Chromium's viewer refuses a sandboxed document.
	docs := map[string]string{"probe.txt": "text/plain; charset=utf-8", "probe.csv": "text/csv; charset=utf-8", "probe.svg": "image/svg+xml; charset=utf-8",
		"probe.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Probe.ZIP": "application/zip", "probe.pdf": "application/pdf"}
	os.MkdirAll(filepath.Join(public, "dokumente"), 0o755)
	for name, typ := range docs {
		if err := os.WriteFile(filepath.Join(public, "dokumente", name), []byte("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		reqs = append(reqs, request{path: "/dokumente/" + name, status: 200, security: true, header: map[string]string{"Content-Type": typ}})
	}
	reqs = append(reqs, request{path: "/kalender.ics", status: 200, security: true, header: map[string]string{"Content-Security-Policy": cspDocument}})
	// Names starting with a dot are never served (a root pointed at a
	// checkout would serve .git/ otherwise).
	for _, f := range []string{".git/config", ".env", "dokumente/.geheim"} {
		os.MkdirAll(filepath.Dir(filepath.Join(public, f)), 0o755)
		if err := os.WriteFile(filepath.Join(public, filepath.FromSlash(f)), []byte("geheim\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		reqs = append(reqs, request{path: "/" + f, status: 404, file: "404.html", security: true})
	}

	// Other files and their types.
	for _, f := range []struct{ path, typ string }{
		{"/akteure/", "text/html; charset=utf-8"},
		{"/kalender.ics", "text/calendar; charset=utf-8"},
		{"/sitemap.xml", "text/xml; charset=utf-8"},
		{"/robots.txt", "text/plain; charset=utf-8"},
		{"/aktuelles.atom", "application/atom+xml; charset=utf-8"},
	} {
		reqs = append(reqs, request{path: f.path, status: 200, header: map[string]string{"Content-Type": f.typ, "Cache-Control": "public, max-age=300"}})
	}

	for _, q := range reqs {
		t.Run("GET "+q.name(), func(t *testing.T) { s.check(t, q, home) })
	}
}

// TestNginxHeadersRepeated reads deploy/nginx.conf: a location with an
// add_header of its own loses all of the server's, so every such
// location must repeat them (the commented ones too, for the day they
// are switched on), with the same values but for the
// Content-Security-Policy of the search pages, which only adds
// 'wasm-unsafe-eval', and of /admin/, which is cms.ServerCSP; /admin/
// adds X-Robots-Tag, no other location may.
func TestNginxHeadersRepeated(t *testing.T) {
	data, err := os.ReadFile("nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	type block struct {
		name    string
		headers map[string]string // name → value; commented ones with "#"
		order   []string
	}
	header := regexp.MustCompile(`^\s*(#?)\s*add_header\s+(\S+)\s+(.*?)\s*(always)?;\s*$`)
	var stack []*block
	var server *block
	var locations []*block
	for _, line := range strings.Split(string(data), "\n") {
		code := line
		if m := header.FindStringSubmatch(line); m != nil && len(stack) > 0 {
			b := stack[len(stack)-1]
			k := m[1] + m[2]
			b.headers[k] = m[3]
			b.order = append(b.order, k)
			continue
		}
		if i := strings.IndexByte(code, '#'); i >= 0 {
			code = code[:i]
		}
		code = strings.TrimSpace(code)
		if strings.HasSuffix(code, "{") {
			b := &block{name: strings.TrimSpace(strings.TrimSuffix(code, "{")), headers: map[string]string{}}
			stack = append(stack, b)
			switch {
			case b.name == "server":
				server = b
			case strings.HasPrefix(b.name, "location"):
				locations = append(locations, b)
			}
		}
		if code == "}" && len(stack) > 0 {
			stack = stack[:len(stack)-1]
		}
	}
	if server == nil || len(server.headers) == 0 {
		t.Fatal("nginx.conf: no server block with add_header lines")
	}
	if got := server.headers["Content-Security-Policy"]; got != `"`+csp+`"` {
		t.Errorf("the server's Content-Security-Policy is %s, want %q", got, csp)
	}
	if _, ok := server.headers["X-Robots-Tag"]; ok {
		t.Error("the server sends X-Robots-Tag: every page would be hidden from search engines")
	}
	searchLocations, adminLocations, documentLocations := 0, 0, 0
	for _, l := range locations {
		if len(l.headers) == 0 {
			continue
		}
		admin := strings.Contains(l.name, "/admin")
		order := slices.DeleteFunc(slices.Clone(l.order), func(k string) bool { return admin && k == "X-Robots-Tag" })
		if !slices.Equal(order, server.order) {
			t.Errorf("%s: add_header %q, want the server's %q in the same order", l.name, l.order, server.order)
		}
		for k, v := range server.headers {
			want := v
			if k == "Content-Security-Policy" && strings.Contains(l.name, "svg)$") {
				want = `"` + cspDocument + `"`
				documentLocations++
			}
			if k == "Content-Security-Policy" && strings.Contains(l.name, "suche") {
				want = `"` + cspSearch + `"`
				searchLocations++
			}
			if k == "Content-Security-Policy" && admin {
				want = `"` + cms.ServerCSP + `"`
				adminLocations++
			}
			if l.headers[k] != want {
				t.Errorf("%s: add_header %s %s, want %s", l.name, k, l.headers[k], want)
			}
		}
		if admin && l.headers["X-Robots-Tag"] != `"`+robotsAdmin+`"` {
			t.Errorf("%s: add_header X-Robots-Tag %s, want %q", l.name, l.headers["X-Robots-Tag"], robotsAdmin)
		}
	}
	if searchLocations != 1 {
		t.Errorf("%d locations for the search pages with their own Content-Security-Policy, want 1", searchLocations)
	}
	if documentLocations != 1 {
		t.Errorf("%d locations for documents with their own Content-Security-Policy (sandbox), want 1", documentLocations)
	}
	if adminLocations != 1 {
		t.Errorf("%d locations for /admin/ with their own Content-Security-Policy, want 1", adminLocations)
	}
}

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
	"github.com/stadt-bamberg/integration/internal/nginxconf"
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

// hosting is one way the site is served: at the root of a host
// (deploy/nginx.conf) or under a sub-path of a host
// (deploy/nginx-subpath.conf, and nginx/subpath.conf in the host's server
// block). Both include the snippets of deploy/nginx/.
type hosting struct {
	name   string // of the subtest
	prefix string // the sub-path ("/integration"), "" at the root
}

var hostings = []hosting{{"root", ""}, {"subpath", "/integration"}}

// baseURL is the address the site is built for.
func (h hosting) baseURL() string {
	return "https://www.stadt.bamberg.de" + h.prefix + "/"
}

// rewrite returns text with the one line that matches re replaced by
// with; it fails if not exactly one line matches.
func rewrite(t *testing.T, file, text, re, with string) string {
	t.Helper()
	r := regexp.MustCompile(`(?m)^\s*` + re + `\s*$`)
	if n := len(r.FindAllString(text, -1)); n != 1 {
		t.Fatalf("%s has %d lines matching %q, want 1 (the test replaces it)", file, n, re)
	}
	return r.ReplaceAllLiteralString(text, with)
}

// readDeploy reads a file of deploy/.
func readDeploy(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.FromSlash(name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// installConf writes into tmp, nginx's configuration folder for the
// test, what an administrator installs for hosting h: deploy/nginx/ as
// snippets/integration/, and the file for conf.d, site.conf. Its
// listen and root lines (and the sub-path's alias) point at addr and
// public, and brotli_static is switched on if wanted. Under a sub-path
// site.conf also has the host's server block, with a root, headers
// and a regular expression location of its own, which must not reach
// the site.
func installConf(t *testing.T, h hosting, tmp, addr, public string, brotli bool) {
	t.Helper()
	snippets := filepath.Join(tmp, filepath.FromSlash(nginxconf.SnippetDir))
	if err := os.MkdirAll(snippets, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir("nginx")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := "nginx/" + e.Name()
		text := readDeploy(t, name)
		switch e.Name() {
		case "serve.conf":
			if brotli {
				text = rewrite(t, name, text, `#brotli_static on;`, "brotli_static on;")
			}
		case "subpath.conf":
			text = rewrite(t, name, text, `alias [^;]+;`, "    alias "+public+"/;")
			text = rewrite(t, name, text, `root [^;]+;`, "    root "+public+";")
		}
		if err := os.WriteFile(filepath.Join(snippets, e.Name()), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var conf string
	if h.prefix == "" {
		conf = readDeploy(t, "nginx.conf")
		conf = rewrite(t, "nginx.conf", conf, `listen 80;`, "    listen "+addr+";")
		conf = rewrite(t, "nginx.conf", conf, `listen \[::\]:80;`, "")
		conf = rewrite(t, "nginx.conf", conf, `root [^;]+;`, "    root "+public+";")
	} else {
		host := filepath.Join(tmp, "host")
		os.MkdirAll(host, 0o755)
		if err := os.WriteFile(filepath.Join(host, "index.html"), []byte("<!doctype html><title>Stadt</title>\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		conf = readDeploy(t, "nginx-subpath.conf") + fmt.Sprintf(`
server {
    listen %s;
    server_name www.stadt.bamberg.de;
    root %s;
    add_header X-Host "server" always;
    location / {
        try_files $uri $uri/ =404;
    }
    location ~* "\.(?:html|css|js|svg|ics|txt|csv|xml|json|atom|yml|pdf|zip|docx|wasm|pagefind|pf_meta|pf_index|pf_fragment)$" {
        add_header X-Host "regex" always;
    }
    include %ssubpath.conf;
}
`, addr, host, nginxconf.SnippetDir)
	}
	if err := os.WriteFile(filepath.Join(tmp, "site.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
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
	own      bool              // a path of this build or hosting alone: not compared with the root's answer
}

func (r request) name() string {
	if r.encoding == "" {
		return r.path
	}
	return r.path + " " + r.encoding
}

// nginxServer is the nginx TestNginx started, serving the site in public
// under prefix.
type nginxServer struct {
	addr   string
	prefix string // the sub-path, "" at the root
	public string
	client *http.Client
}

// url returns the address of the site's path p ("/akteure/") on the
// server: p under the sub-path.
func (s *nginxServer) url(p string) string {
	return s.prefix + p
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

// get asks nginx for the site's path p (under the sub-path) with the
// Accept-Encoding given ("" is identity; set, so that the client does
// not decompress).
func (s *nginxServer) get(t *testing.T, p, encoding string) response {
	t.Helper()
	return s.getAddr(t, s.url(p), encoding)
}

// getAddr asks nginx for the address u (a path of the host).
func (s *nginxServer) getAddr(t *testing.T, u, encoding string) response {
	t.Helper()
	if encoding == "" {
		encoding = "identity"
	}
	req, err := http.NewRequest("GET", "http://"+s.addr+u, nil)
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
// Content-Security-Policy (the documents' a sandbox), no
// framing, no sniffing, the referrer and permissions policies, and the
// server without its version; none of the headers of the host's server
// block under a sub-path. p is the site's path, shown the address asked
// for.
func security(t *testing.T, p, shown string, r response) {
	t.Helper()
	want := csp
	if documentPath.MatchString(p) {
		want = cspDocument
	}
	headerIs(t, shown, r, "Content-Security-Policy", want)
	headerIs(t, shown, r, "X-Frame-Options", "DENY")
	headerIs(t, shown, r, "X-Content-Type-Options", "nosniff")
	headerIs(t, shown, r, "Referrer-Policy", "strict-origin-when-cross-origin")
	if pp := r.header.Get("Permissions-Policy"); !strings.Contains(pp, "camera=()") || !strings.Contains(pp, "geolocation=()") {
		t.Errorf("GET %s: Permissions-Policy %q", shown, pp)
	}
	if r.header.Get("Server") != "nginx" {
		t.Errorf("GET %s: Server %q, want nginx without version", shown, r.header.Get("Server"))
	}
	headerIs(t, shown, r, "X-Host", "")
}

// check sends the request and checks the answer against it; home is the
// home page's answer, for asHome.
func (s *nginxServer) check(t *testing.T, q request, home response) response {
	t.Helper()
	r := s.get(t, q.path, q.encoding)
	name := s.url(q.name())
	if q.status != 0 && r.status != q.status {
		t.Errorf("GET %s: %d, want %d", name, r.status, q.status)
	}
	if q.file != "" && !bytes.Equal(r.body, s.file(t, q.file)) {
		t.Errorf("GET %s: %d bytes, not the body of %s (Content-Encoding %q):\n%.300s", name, len(r.body), q.file, r.header.Get("Content-Encoding"), r.body)
	}
	for _, c := range q.contains {
		if !bytes.Contains(r.body, []byte(c)) {
			t.Errorf("GET %s: the body lacks %q:\n%.300s", name, c, r.body)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(q.header)) {
		headerIs(t, name, r, k, q.header[k])
	}
	for _, k := range slices.Sorted(maps.Keys(q.has)) {
		if got := r.header.Get(k); !strings.Contains(got, q.has[k]) {
			t.Errorf("GET %s: %s: %q, want it to contain %q", name, k, got, q.has[k])
		}
	}
	for _, k := range q.asHome {
		headerIs(t, name, r, k, home.header.Get(k))
	}
	if q.security {
		security(t, q.path, name, r)
	}
	return r
}

// startNginx runs nginx with the configuration of hosting h for the site
// in public on a loopback port until the test ends, with brotli_static
// if the module is installed, and returns the server. nginx -t checks the
// configuration first.
func startNginx(t *testing.T, h hosting, bin, tmp, public string, brotli bool) *nginxServer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	installConf(t, h, tmp, addr, public, brotli)
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
	return &nginxServer{addr: addr, prefix: h.prefix, public: public, client: &http.Client{
		Timeout:       5 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// buildForNginx builds the real site for baseURL into tmp/public as
// sitegen build builds it, with its search index, and reports whether it has one. The editors' CMS is
// built when Decap is installed (npm ci --prefix tools/cms) and the site
// names its backend (site: cms:); without it, stand-ins of its files take
// its place: what is tested is nginx's answer for /admin/, not the build.
func buildForNginx(t *testing.T, tmp, baseURL string) (public string, hasIndex bool) {
	t.Helper()
	// nginx's workers run as nobody when started by root: they must be
	// able to read the site.
	for d := tmp; d != os.TempDir() && d != "/"; d = filepath.Dir(d) {
		os.Chmod(d, 0o755)
	}
	public = filepath.Join(tmp, "public")
	var notices []string
	_, err := build.ToDir(context.Background(), realSite(t), build.Options{
		Now: time.Date(2026, 11, 25, 11, 0, 0, 0, time.UTC), BaseURL: baseURL,
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

// requests returns TestNginx's requests for s and the home page's
// answer (for asHome), with the files some of them ask for written into
// the site (documents, dotfiles); paths are the site's, the same at the
// root and under a sub-path. hasIndex: the site has a search index;
// brotli: nginx has brotli_static.
func (s *nginxServer) requests(t *testing.T, hasIndex, brotli bool) ([]request, response) {
	t.Helper()
	// The home page: HTML, short cache, security headers, as built. The
	// others are not checked without it.
	home := s.get(t, "/", "")
	if home.status != 200 || !bytes.Equal(home.body, s.file(t, "index.html")) {
		t.Fatalf("GET %s: %d, not the site's index.html:\n%.300s", s.url("/"), home.status, home.body)
	}
	css := regexp.MustCompile(`href="` + regexp.QuoteMeta(s.prefix) + `/(css/style\.[0-9a-f]{8}\.css)"`).FindSubmatch(home.body)
	if css == nil {
		t.Fatalf("the home page links no fingerprinted stylesheet under %s/", s.prefix)
	}

	reqs := []request{
		{path: "/", status: 200, file: "index.html", security: true, header: map[string]string{
			"Content-Type": "text/html; charset=utf-8", "Cache-Control": "public, max-age=300", "Content-Encoding": "",
		}},
		// Precompressed: exactly the .gz (and .br) file.
		{path: "/", encoding: "gzip", file: "index.html.gz", security: true, header: map[string]string{"Content-Encoding": "gzip", "Vary": "Accept-Encoding"}},
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
		request{path: "/alte-adresse/", status: 200, contains: []string{`url=` + s.url("/leitbild/"), `noindex`}},

		// A folder without its slash is redirected, relative to the host.
		request{path: "/akteure", status: 301, security: true, header: map[string]string{"Location": s.url("/akteure/")}},
	)

	// The search pages: the pages' policy and every other header as on
	// any page (the search runs no WebAssembly: nothing of their own).
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
		dir := filepath.Join(s.public, search.IndexDir, "de")
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
			if _, err := os.Stat(filepath.Join(s.public, filepath.FromSlash(file)+".gz")); err == nil {
				reqs = append(reqs, request{path: "/" + file, encoding: "gzip", status: 200, file: file + ".gz", header: map[string]string{"Content-Encoding": "gzip"}})
			}
		}
	}

	// The editors' CMS: Decap's own Content-Security-Policy, exactly
	// cms.ServerCSP, and every other security header as on any page (an
	// add_header in a location drops the server's); not for search
	// engines; the page and its configuration asked again every time.
	reqs = append(reqs, request{path: "/admin", status: 301, security: true, header: map[string]string{"Location": s.url("/admin/")}})
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
	if wasm, _ := filepath.Glob(filepath.Join(s.public, "admin", "*.wasm")); len(wasm) > 0 {
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
	os.MkdirAll(filepath.Join(s.public, "dokumente"), 0o755)
	for name, typ := range docs {
		if err := os.WriteFile(filepath.Join(s.public, "dokumente", name), []byte("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		reqs = append(reqs, request{path: "/dokumente/" + name, status: 200, security: true, header: map[string]string{"Content-Type": typ}})
	}
	reqs = append(reqs, request{path: "/kalender.ics", status: 200, security: true, header: map[string]string{"Content-Security-Policy": cspDocument}})
	// Names starting with a dot are never served (a root pointed at a
	// checkout would serve .git/ otherwise), also under /admin/, whose ^~
	// location the server's regular expression locations do not reach,
	// and in the search index.
	for _, f := range []string{".git/config", ".env", "dokumente/.geheim", "admin/.env", "suchindex/.git/config"} {
		os.MkdirAll(filepath.Dir(filepath.Join(s.public, f)), 0o755)
		if err := os.WriteFile(filepath.Join(s.public, filepath.FromSlash(f)), []byte("geheim\n"), 0o644); err != nil {
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

	return reqs, home
}

// TestNginx builds the real site twice, for the root of a host and for
// a sub-path (/integration/), serves each with nginx and its
// configuration (deploy/nginx.conf; deploy/nginx-subpath.conf with
// nginx/subpath.conf in a host's server block) on a loopback port and
// checks what readers and caches get: a subtest for each request and
// hosting, its status, body and headers – the same requests, with the
// same expectations, under the sub-path. Under the sub-path every answer
// must also carry the headers of the root's answer to the same request.
func TestNginx(t *testing.T) {
	testtools.Require(t, testtools.Nginx, "the checks of deploy/nginx.conf in nginx")
	bin := nginxBinary()
	if bin == "" {
		t.Fatalf("nginx is not installed (on Debian as root: sh deploy/ci-install.sh) and %s is set", testtools.Nginx)
	}
	if _, err := os.Stat("/etc/nginx/mime.types"); err != nil {
		t.Fatal("nginx is installed without /etc/nginx/mime.types; the test needs Debian's layout")
	}
	_, brErr := os.Stat(brotliModule)
	brotli := brErr == nil
	if !brotli {
		t.Logf("no %s: brotli_static stays off, .br files are not checked", brotliModule)
	}
	servers := make([]*nginxServer, len(hostings))
	indexes := make([]bool, len(hostings))
	for i, h := range hostings {
		tmp := t.TempDir()
		public, hasIndex := buildForNginx(t, tmp, h.baseURL())
		servers[i], indexes[i] = startNginx(t, h, bin, tmp, public, brotli), hasIndex
	}
	root := servers[0]
	for i, h := range hostings {
		s := servers[i]
		reqs, home := s.requests(t, indexes[i], brotli)
		if h.prefix != "" {
			// The sub-path itself, without its slash.
			reqs = append(reqs, request{path: "", status: 301, security: true, own: true, header: map[string]string{"Location": s.url("/")}})
		}
		t.Run(h.name, func(t *testing.T) {
			for _, q := range reqs {
				t.Run("GET "+s.url(q.name()), func(t *testing.T) {
					r := s.check(t, q, home)
					if s != root && !q.own {
						sameHeaders(t, s.url(q.name()), r, root.get(t, q.path, q.encoding), s.prefix)
					}
				})
			}
			if h.prefix != "" {
				// The host's own pages beside the site keep the host's
				// headers: the site's configuration is confined to its
				// sub-path (and the host's regular expression
				// locations to the host: see security).
				t.Run("GET / of the host", func(t *testing.T) {
					r := s.getAddr(t, "/", "")
					if r.status != 200 || !bytes.Contains(r.body, []byte("<title>Stadt</title>")) || r.header.Get("X-Host") == "" || r.header.Get("Content-Security-Policy") != "" {
						t.Errorf("GET /: %d, X-Host %q, Content-Security-Policy %q, want the host's page with the host's headers:\n%.300s", r.status, r.header.Get("X-Host"), r.header.Get("Content-Security-Policy"), r.body)
					}
				})
				// Nothing beside the site's folder is reached through the
				// sub-path: "/integration../" is not the folder's parent
				// (an alias whose location lacks the slash would be).
				t.Run("GET /integration../ beside the site", func(t *testing.T) {
					parent := filepath.Dir(s.public)
					if err := os.WriteFile(filepath.Join(parent, "geheim.txt"), []byte("geheim\n"), 0o644); err != nil {
						t.Fatal(err)
					}
					for _, u := range []string{s.prefix + "../geheim.txt", s.prefix + "/../geheim.txt", s.prefix + "/%2e%2e/geheim.txt"} {
						if r := s.getAddr(t, u, ""); r.status == 200 || bytes.Contains(r.body, []byte("geheim")) {
							t.Errorf("GET %s: %d, the file beside the site's folder:\n%.300s", u, r.status, r.body)
						}
					}
				})
			}
		})
	}
}

// sameHeaders checks that r, the answer under the sub-path prefix,
// carries the headers of the root's answer to the same request: every
// header but Date and those that tell bodies apart (the pages under a
// sub-path link to other addresses), with Location under the sub-path.
func sameHeaders(t *testing.T, name string, r, atRoot response, prefix string) {
	t.Helper()
	if r.status != atRoot.status {
		t.Errorf("GET %s: %d, at the root %d", name, r.status, atRoot.status)
	}
	skip := []string{"Date", "Content-Length", "Etag", "Last-Modified"}
	for _, k := range slices.Sorted(maps.Keys(atRoot.header)) {
		if slices.Contains(skip, k) {
			continue
		}
		want := atRoot.header.Values(k)
		if k == "Location" {
			want = []string{prefix + atRoot.header.Get(k)}
		}
		if got := r.header.Values(k); !slices.Equal(got, want) {
			t.Errorf("GET %s: %s %q, at the root %q", name, k, got, want)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(r.header)) {
		if _, ok := atRoot.header[k]; !ok && !slices.Contains(skip, k) {
			t.Errorf("GET %s: %s %q, not sent at the root", name, k, r.header.Get(k))
		}
	}
}

// hostingConf is the configuration of one hosting as nginxconf reads
// it: its files for conf.d and for the host's server block.
type hostingConf struct {
	name     string
	files    []*nginxconf.Block     // as read, includes expanded
	serving  []*nginxconf.Directive // the blocks that answer requests
	snippets []string               // every snippet of deploy/nginx/ it reads
}

// loadHostings reads the configuration of each hosting: at the root
// nginx.conf, whose server block and locations serve the site; under a
// sub-path nginx-subpath.conf (the maps) and nginx/subpath.conf, whose
// locations serve the site inside the host's server block (they get
// none of the host's headers: each must have its own).
func loadHostings(t *testing.T) []hostingConf {
	t.Helper()
	load := func(name string) *nginxconf.Block {
		t.Helper()
		b, err := nginxconf.Load(".", name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	root := load("nginx.conf")
	servers := root.Find("server")
	if len(servers) != 1 {
		t.Fatalf("nginx.conf has %d server blocks, want 1", len(servers))
	}
	sub, locs := load("nginx-subpath.conf"), load("nginx/subpath.conf")
	if n := len(sub.Find("server")) + len(locs.Find("server")); n != 0 {
		t.Fatalf("the sub-path configuration has %d server blocks, want none (it goes into the host's)", n)
	}
	return []hostingConf{
		{"nginx.conf", []*nginxconf.Block{root}, append(servers, root.Find("location")...), root.Snippets},
		{"nginx-subpath.conf and nginx/subpath.conf", []*nginxconf.Block{sub, locs}, locs.Find("location"), append(slices.Concat(sub.Snippets, locs.Snippets), "nginx/subpath.conf")},
	}
}

// TestNginxHeaderSnippets reads the nginx configuration of both hostings:
// every header is written once, in a snippet of deploy/nginx/
// (headers.conf, and each Content-Security-Policy in a headers-*.conf
// that includes it), and both hostings send them only through these
// snippets, so that what the one sends the other does. A location with
// an add_header of its own loses all of the server's: every block that
// serves the site sends the whole set (the commented ones too, for the
// day they are switched on), with the pages' policy, the documents'
// (sandbox) or /admin/'s
// (cms.ServerCSP, with X-Robots-Tag, which no other location may send).
func TestNginxHeaderSnippets(t *testing.T) {
	common, err := nginxconf.Load(".", "nginx/headers.conf")
	if err != nil {
		t.Fatal(err)
	}
	shared := common.Own()
	if len(shared) == 0 {
		t.Fatal("nginx/headers.conf sends no header")
	}
	if _, ok := nginxconf.Get(shared, "Content-Security-Policy"); ok {
		t.Error("nginx/headers.conf sends a Content-Security-Policy: it belongs beside each include, in a headers-*.conf")
	}
	policies := map[string]string{csp: "pages", cspDocument: "documents", cms.ServerCSP: "admin"}

	written := map[string]nginxconf.Header{} // "file:line" → the add_header there
	var used [][]string                      // per hosting: the header snippets included, sorted
	for _, h := range loadHostings(t) {
		for _, f := range h.files {
			for _, d := range f.Find("add_header") {
				if !strings.HasPrefix(d.File, "nginx/headers") {
					t.Errorf("%s:%d: add_header %s, not in a snippet nginx/headers*.conf", d.File, d.Line, strings.Join(d.Args, " "))
				}
			}
		}
		kinds := map[string]int{}
		var snippets []string
		for _, b := range h.serving {
			hs := b.Block.Headers()
			where := h.name + ": " + b.String()
			for _, x := range hs {
				written[fmt.Sprintf("%s:%d", x.File, x.Line)] = x
			}
			policy, ok := nginxconf.Get(hs, "Content-Security-Policy")
			kind := policies[policy]
			if !ok || kind == "" {
				t.Errorf("%s: Content-Security-Policy %q, want one of the site's", where, policy)
			}
			kinds[kind]++
			robots, ok := nginxconf.Get(hs, "X-Robots-Tag")
			if kind == "admin" && robots != robotsAdmin {
				t.Errorf("%s: X-Robots-Tag %q, want %q", where, robots, robotsAdmin)
			}
			if kind != "admin" && ok {
				t.Errorf("%s: X-Robots-Tag %q: the site's pages would be hidden from search engines", where, robots)
			}
			// Every other header of headers.conf, as written there (a
			// location that sends one header of its own drops the rest).
			rest := slices.DeleteFunc(slices.Clone(hs), func(x nginxconf.Header) bool {
				return x.Name == "Content-Security-Policy" || x.Name == "X-Robots-Tag"
			})
			if !slices.Equal(rest, shared) {
				t.Errorf("%s: sends %v beside its policy, want headers.conf's %v", where, rest, shared)
			}
			for _, inc := range b.Block.Includes {
				if strings.HasPrefix(inc, "nginx/headers") {
					snippets = append(snippets, inc)
				}
			}
		}
		for _, k := range []string{"pages", "documents", "admin"} {
			if kinds[k] == 0 {
				t.Errorf("%s: no location with the %s' policy", h.name, k)
			}
		}
		slices.Sort(snippets)
		used = append(used, slices.Compact(snippets))
		t.Logf("%s: blocks by policy %v; header snippets %q; snippets %q", h.name, kinds, used[len(used)-1], h.snippets)
	}
	// The same header snippets at the root and under the sub-path.
	if !slices.Equal(used[0], used[1]) {
		t.Errorf("header snippets at the root %q, under the sub-path %q: want the same", used[0], used[1])
	}
	// Each header written once: one line for each header of headers.conf,
	// one for each policy, one X-Robots-Tag.
	lines := map[string][]string{}
	for at, x := range written {
		k := x.Name
		if k == "Content-Security-Policy" {
			k += " " + policies[x.Value]
		}
		lines[k] = append(lines[k], at)
	}
	for k, at := range lines {
		if len(at) != 1 {
			slices.Sort(at)
			t.Errorf("add_header %s is written %d times (%s), want once", k, len(at), strings.Join(at, ", "))
		}
	}
}

// TestNginxSnippetsShared checks that the root's configuration and the
// sub-path's read the same snippets of deploy/nginx/ – how files are
// served, the dotfiles' and documents' locations, the maps' bodies, the
// headers – and that every snippet there is read by one of them (the
// sub-path's own locations, subpath.conf, by the sub-path alone).
func TestNginxSnippetsShared(t *testing.T) {
	hs := loadHostings(t)
	root, sub := slices.Sorted(slices.Values(hs[0].snippets)), slices.Sorted(slices.Values(hs[1].snippets))
	if want := slices.Sorted(slices.Values(append(slices.Clone(root), "nginx/subpath.conf"))); !slices.Equal(sub, want) {
		t.Errorf("the sub-path reads %q, want the root's %q and nginx/subpath.conf", sub, root)
	}
	entries, err := os.ReadDir("nginx")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !slices.Contains(sub, "nginx/"+e.Name()) {
			t.Errorf("nginx/%s is read by neither configuration", e.Name())
		}
	}
}

package deploy

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
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
)

const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

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

// TestNginx builds the real site, serves it with nginx and deploy/nginx.conf
// on a loopback port and checks what readers and caches get.
func TestNginx(t *testing.T) {
	bin, err := exec.LookPath("nginx")
	if err != nil {
		for _, p := range []string{"/usr/sbin/nginx", "/usr/local/sbin/nginx"} {
			if _, err := os.Stat(p); err == nil {
				bin = p
			}
		}
	}
	// .ci/run installs nginx (deploy/ci-install.sh) and sets
	// SITEGEN_NGINX_TESTS=1: there a missing nginx is a failure.
	skip := t.Skip
	if os.Getenv("SITEGEN_NGINX_TESTS") == "1" {
		skip = t.Fatal
	}
	if bin == "" {
		skip("nginx is not installed (on Debian as root: sh deploy/ci-install.sh), so deploy/nginx.conf is not tested here")
	}
	if _, err := os.Stat("/etc/nginx/mime.types"); err != nil {
		skip("nginx is installed without /etc/nginx/mime.types; the test needs Debian's layout")
	}

	tmp := t.TempDir()
	// nginx's workers run as nobody when started by root: they must be
	// able to read the site.
	for d := tmp; d != os.TempDir() && d != "/"; d = filepath.Dir(d) {
		os.Chmod(d, 0o755)
	}
	// Built as sitegen build builds it, with the search index when
	// Pagefind is installed (npm ci --prefix tools).
	public := filepath.Join(tmp, "public")
	var notices []string
	_, err = build.ToDir(context.Background(), realSite(t), build.Options{
		Now: time.Date(2026, 11, 25, 11, 0, 0, 0, time.UTC), BaseURL: "https://www.stadt.bamberg.de/",
		Minify: true, Fingerprint: true, Compress: true,
	}, build.Target{Out: public, Source: "..", Notice: func(m string) { notices = append(notices, m) }})
	if err != nil {
		t.Fatal(err)
	}
	hasIndex := true
	if _, err := os.Stat(filepath.Join(public, search.Dir, "pagefind.js")); err != nil {
		hasIndex = false
		if os.Getenv("SITEGEN_NGINX_TESTS") == "1" {
			t.Errorf("the site was built without a search index (%q), so /pagefind/ is not tested: install Pagefind (npm ci --prefix tools) as .ci/run does", notices)
		} else {
			t.Logf("the site was built without a search index (%q): /pagefind/ is not tested", notices)
		}
	}
	// The editors' CMS: built when Decap is installed (npm ci --prefix
	// tools/cms) and the site names its backend (site: cms:). Without it,
	// stand-ins of its files: what is tested here is nginx's answer for
	// /admin/, not the build.
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
	file := func(p string) []byte {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(public, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	_, brErr := os.Stat(brotliModule)
	brotli := brErr == nil
	if err := os.WriteFile(filepath.Join(tmp, "site.conf"), []byte(siteConf(t, addr, public, brotli)), 0o644); err != nil {
		t.Fatal(err)
	}
	load := ""
	if brotli {
		load = "load_module " + brotliModule + ";"
	} else {
		t.Logf("no %s: brotli_static stays off, .br files are not checked", brotliModule)
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

	client := &http.Client{
		Timeout:       5 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	type response struct {
		status int
		header http.Header
		body   []byte
	}
	get := func(p, encoding string) response {
		t.Helper()
		req, err := http.NewRequest("GET", "http://"+addr+p, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Accept-Encoding", encoding) // set: the client does not decompress
		resp, err := client.Do(req)
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
	headerIs := func(p string, r response, k, want string) {
		t.Helper()
		if got := r.header.Get(k); got != want {
			t.Errorf("GET %s: %s: %q, want %q", p, k, got, want)
		}
	}
	security := func(p string, r response) {
		t.Helper()
		want := csp
		if regexp.MustCompile(`^/([a-z]{2,3}/)?suche/(index\.html)?$`).MatchString(p) {
			want = cspSearch
		}
		headerIs(p, r, "Content-Security-Policy", want)
		headerIs(p, r, "X-Frame-Options", "DENY")
		headerIs(p, r, "X-Content-Type-Options", "nosniff")
		headerIs(p, r, "Referrer-Policy", "strict-origin-when-cross-origin")
		if pp := r.header.Get("Permissions-Policy"); !strings.Contains(pp, "camera=()") || !strings.Contains(pp, "geolocation=()") {
			t.Errorf("GET %s: Permissions-Policy %q", p, pp)
		}
		if r.header.Get("Server") != "nginx" {
			t.Errorf("GET %s: Server %q, want nginx without version", p, r.header.Get("Server"))
		}
	}

	// The home page: HTML, short cache, security headers, as built.
	home := get("/", "identity")
	if home.status != 200 || !bytes.Equal(home.body, file("index.html")) {
		t.Fatalf("GET /: %d, %d bytes (want 200 and index.html)", home.status, len(home.body))
	}
	headerIs("/", home, "Content-Type", "text/html; charset=utf-8")
	headerIs("/", home, "Cache-Control", "public, max-age=300")
	headerIs("/", home, "Content-Encoding", "")
	security("/", home)

	// Precompressed: exactly the .gz (and .br) file.
	gz := get("/", "gzip")
	headerIs("/ gzip", gz, "Content-Encoding", "gzip")
	headerIs("/ gzip", gz, "Vary", "Accept-Encoding")
	if !bytes.Equal(gz.body, file("index.html.gz")) {
		t.Error("GET / with gzip: not the body of index.html.gz")
	}
	if brotli {
		br := get("/", "br, gzip")
		headerIs("/ br", br, "Content-Encoding", "br")
		if !bytes.Equal(br.body, file("index.html.br")) {
			t.Error("GET / with br: not the body of index.html.br")
		}
	}

	// Fingerprinted assets: cached for a year.
	css := regexp.MustCompile(`href="/(css/style\.[0-9a-f]{8}\.css)"`).FindSubmatch(home.body)
	if css == nil {
		t.Fatal("the home page links no fingerprinted stylesheet")
	}
	cssPath := "/" + string(css[1])
	r := get(cssPath, "gzip")
	if r.status != 200 {
		t.Fatalf("GET %s: %d", cssPath, r.status)
	}
	headerIs(cssPath, r, "Cache-Control", "public, max-age=31536000, immutable")
	headerIs(cssPath, r, "Content-Type", "text/css; charset=utf-8")
	headerIs(cssPath, r, "Content-Encoding", "gzip")
	security(cssPath, r)

	// Not found: status 404 with the site's 404 page.
	nf := get("/gibt-es-nicht/", "identity")
	if nf.status != 404 || !bytes.Equal(nf.body, file("404.html")) {
		t.Errorf("GET /gibt-es-nicht/: %d, want 404 with 404.html:\n%.300s", nf.status, nf.body)
	}
	security("/gibt-es-nicht/", nf)
	// … in the language of the address: the Arabic 404 page under /ar/,
	// the default one under a folder that is not a language.
	for u, page := range map[string]string{"/ar/gibt-es-nicht/": "ar/404.html", "/en/termine/weg/": "en/404.html", "/fip/weg/": "404.html"} {
		r := get(u, "identity")
		if r.status != 404 || !bytes.Equal(r.body, file(page)) {
			t.Errorf("GET %s: %d, want 404 with %s:\n%.300s", u, r.status, page, r.body)
		}
		security(u, r)
	}

	// The alias: a page that forwards to the new address, not indexed.
	alias := get("/alte-adresse/", "identity")
	if alias.status != 200 || !bytes.Contains(alias.body, []byte(`url=/leitbild/`)) || !bytes.Contains(alias.body, []byte(`noindex`)) {
		t.Errorf("GET /alte-adresse/: %d\n%s", alias.status, alias.body)
	}

	// A folder without its slash is redirected, relative to the host.
	red := get("/akteure", "identity")
	if red.status != 301 || red.header.Get("Location") != "/akteure/" {
		t.Errorf("GET /akteure: %d, Location %q; want 301 to /akteure/", red.status, red.header.Get("Location"))
	}

	// The search pages: WebAssembly allowed for Pagefind there alone, with
	// every other header as on any page (an add_header in a location
	// drops the server's).
	for _, p := range []string{"/suche/", "/en/suche/", "/ar/suche/", "/suche/index.html"} {
		r := get(p, "gzip")
		if r.status != 200 {
			t.Errorf("GET %s: %d", p, r.status)
			continue
		}
		security(p, r)
		for _, k := range []string{"X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy", "X-Frame-Options", "Cache-Control"} {
			headerIs(p, r, k, home.header.Get(k))
		}
		headerIs(p, r, "Content-Encoding", "gzip")
	}
	for _, p := range []string{"/suche/weg/", "/en/suche/nichts/"} {
		r := get(p, "identity")
		if r.status != 404 {
			t.Errorf("GET %s: %d, want 404", p, r.status)
		}
		security(p, r)
	}
	for _, p := range []string{"/a-z/", "/akteure/", "/en/"} {
		if r := get(p, "identity"); !strings.Contains(r.header.Get("Content-Security-Policy"), "script-src 'self';") {
			t.Errorf("GET %s: Content-Security-Policy %q allows more than scripts of the site", p, r.header.Get("Content-Security-Policy"))
		}
	}

	// The search index: the script, and the index files as bytes (they
	// are compressed by Pagefind), the chunks named by their hash cached
	// for a year.
	if hasIndex {
		idx := func(p string) string { return "/" + search.Dir + "/" + p }
		r := get(idx("pagefind.js"), "identity")
		if r.status != 200 || !bytes.Equal(r.body, file(search.Dir+"/pagefind.js")) {
			t.Errorf("GET %s: %d", idx("pagefind.js"), r.status)
		}
		headerIs(idx("pagefind.js"), r, "Content-Type", "application/javascript; charset=utf-8")
		headerIs(idx("pagefind.js"), r, "Cache-Control", "public, max-age=300")
		security(idx("pagefind.js"), r)
		if gz := get(idx("pagefind.js"), "gzip"); !bytes.Equal(gz.body, file(search.Dir+"/pagefind.js.gz")) {
			t.Errorf("GET %s with gzip: not pagefind.js.gz (Content-Encoding %q)", idx("pagefind.js"), gz.header.Get("Content-Encoding"))
		}
		entry := get(idx("pagefind-entry.json")+"?ts=1", "identity")
		headerIs(idx("pagefind-entry.json"), entry, "Content-Type", "application/json; charset=utf-8")
		headerIs(idx("pagefind-entry.json"), entry, "Cache-Control", "public, max-age=300")
		var e struct {
			Languages map[string]struct{ Hash, Wasm string }
		}
		if err := json.Unmarshal(entry.body, &e); err != nil {
			t.Fatalf("pagefind-entry.json: %v\n%s", err, entry.body)
		}
		var langs []string
		for l := range e.Languages {
			langs = append(langs, l)
		}
		slices.Sort(langs)
		if !slices.Equal(langs, []string{"ar", "de", "en", "tr", "uk"}) {
			t.Errorf("the search index has the languages %q, want one index for each of the site's", langs)
		}
		one := func(pattern string) string {
			t.Helper()
			m, _ := filepath.Glob(filepath.Join(public, search.Dir, filepath.FromSlash(pattern)))
			if len(m) == 0 {
				t.Fatalf("the search index has no %s", pattern)
			}
			rel, _ := filepath.Rel(filepath.Join(public, search.Dir), m[0])
			return filepath.ToSlash(rel)
		}
		for f, cache := range map[string]string{
			"pagefind." + e.Languages["de"].Hash + ".pf_meta": "public, max-age=31536000, immutable",
			one("index/de_*.pf_index"):                        "public, max-age=31536000, immutable",
			one("fragment/de_*.pf_fragment"):                  "public, max-age=31536000, immutable",
			"wasm." + e.Languages["de"].Wasm + ".pagefind":    "public, max-age=300",
		} {
			r := get(idx(f), "gzip, br")
			if r.status != 200 || !bytes.Equal(r.body, file(search.Dir+"/"+f)) {
				t.Errorf("GET %s: %d, %d bytes (want 200 and the file)", idx(f), r.status, len(r.body))
			}
			headerIs(idx(f), r, "Content-Type", "application/octet-stream")
			headerIs(idx(f), r, "Content-Encoding", "")
			headerIs(idx(f), r, "Cache-Control", cache)
			security(idx(f), r)
		}
		// Pagefind 1.6 names its WebAssembly wasm.<lang>.pagefind; a
		// plain .wasm file would be served for WebAssembly.instantiateStreaming.
		if err := os.WriteFile(filepath.Join(public, search.Dir, "probe.wasm"), []byte("\x00asm\x01\x00\x00\x00"), 0o644); err != nil {
			t.Fatal(err)
		}
		headerIs(idx("probe.wasm"), get(idx("probe.wasm"), "identity"), "Content-Type", "application/wasm")
		// Not published: Pagefind's own interfaces and its Web Worker.
		for _, f := range []string{"pagefind-ui.js", "pagefind-worker.js"} {
			if r := get(idx(f), "identity"); r.status != 404 {
				t.Errorf("GET %s: %d, want 404 (the site does not use it)", idx(f), r.status)
			}
		}
	}

	// The editors' CMS: Decap's own Content-Security-Policy, exactly
	// cms.ServerCSP, and every other security header as on any page (an
	// add_header in a location drops the server's); not for search
	// engines; the page and its configuration asked again every time.
	if r := get("/admin", "identity"); r.status != 301 || r.header.Get("Location") != "/admin/" {
		t.Errorf("GET /admin: %d, Location %q; want 301 to /admin/", r.status, r.header.Get("Location"))
	}
	for p, want := range map[string]struct{ file, typ, cache string }{
		"/admin/":             {"admin/index.html", "text/html; charset=utf-8", "no-cache"},
		"/admin/index.html":   {"admin/index.html", "text/html; charset=utf-8", "no-cache"},
		"/admin/config.yml":   {"admin/config.yml", "application/yaml; charset=utf-8", "no-cache"},
		"/admin/decap-cms.js": {"admin/decap-cms.js", "application/javascript; charset=utf-8", "public, max-age=300"},
	} {
		r := get(p, "identity")
		if r.status != 200 || !bytes.Equal(r.body, file(want.file)) {
			t.Errorf("GET %s: %d, %d bytes (want 200 and %s)", p, r.status, len(r.body), want.file)
		}
		headerIs(p, r, "Content-Type", want.typ)
		headerIs(p, r, "Cache-Control", want.cache)
		headerIs(p, r, "Content-Security-Policy", cms.ServerCSP)
		headerIs(p, r, "X-Robots-Tag", robotsAdmin)
		for _, k := range []string{"X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy", "X-Frame-Options"} {
			headerIs(p, r, k, home.header.Get(k))
		}
	}
	// Decap's WebAssembly, where the build copied it.
	if wasm, _ := filepath.Glob(filepath.Join(public, "admin", "*.wasm")); len(wasm) > 0 {
		p := "/admin/" + filepath.Base(wasm[0])
		r := get(p, "identity")
		if r.status != 200 {
			t.Errorf("GET %s: %d", p, r.status)
		}
		headerIs(p, r, "Content-Type", "application/wasm")
		headerIs(p, r, "Content-Security-Policy", cms.ServerCSP)
	}
	// Unknown files under /admin/: the site's 404 page, with its headers.
	nfAdmin := get("/admin/gibt-es-nicht.js", "identity")
	if nfAdmin.status != 404 || !bytes.Equal(nfAdmin.body, file("404.html")) {
		t.Errorf("GET /admin/gibt-es-nicht.js: %d, want 404 with 404.html", nfAdmin.status)
	}
	security("/admin/gibt-es-nicht.js", nfAdmin)
	// The site's pages stay what they were: for search engines, with the
	// site's policy.
	for _, p := range []string{"/", "/akteure/", "/suche/", "/administration/"} {
		r := get(p, "identity")
		headerIs(p, r, "X-Robots-Tag", "")
		if r.status != 404 {
			security(p, r)
		}
	}

	// Other files and their types.
	for p, want := range map[string]string{
		"/akteure/":       "text/html; charset=utf-8",
		"/kalender.ics":   "text/calendar; charset=utf-8",
		"/sitemap.xml":    "text/xml; charset=utf-8",
		"/robots.txt":     "text/plain; charset=utf-8",
		"/aktuelles.atom": "application/atom+xml; charset=utf-8",
	} {
		r := get(p, "identity")
		if r.status != 200 {
			t.Errorf("GET %s: %d", p, r.status)
		}
		headerIs(p, r, "Content-Type", want)
		headerIs(p, r, "Cache-Control", "public, max-age=300")
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
	searchLocations, adminLocations := 0, 0
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
	if adminLocations != 1 {
		t.Errorf("%d locations for /admin/ with their own Content-Security-Policy, want 1", adminLocations)
	}
}

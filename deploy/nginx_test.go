package deploy

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/write"
)

const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

const brotliModule = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"

// realSite reads the repository's site into a MapFS and gives one page
// an old address, so that the output has an alias redirect page.
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
	f := fsys["content/leitbild.md"]
	if f == nil || !bytes.HasPrefix(f.Data, []byte("---\n")) {
		t.Fatal("content/leitbild.md does not start with YAML front matter")
	}
	f.Data = append([]byte("---\naliases: [/alte-adresse/]\n"), f.Data[4:]...)
	return fsys
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
	res, err := build.Run(realSite(t), build.Options{
		Now: time.Date(2026, 11, 25, 11, 0, 0, 0, time.UTC), BaseURL: "https://www.stadt.bamberg.de/",
		Minify: true, Fingerprint: true, Compress: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	public := filepath.Join(tmp, "public")
	if err := write.Dir(public, res.Files); err != nil {
		t.Fatal(err)
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
		headerIs(p, r, "Content-Security-Policy", csp)
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

//go:build unix

package serve_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/cms"
	"github.com/stadt-bamberg/integration/internal/serve"
	"github.com/stadt-bamberg/integration/internal/sitetest"
	"github.com/stadt-bamberg/integration/internal/testtools"
)

// The test binary doubles as a fake decap-server (and as a fake sitegen
// serve, to be killed): tools/cms/node_modules/.bin/decap-server of a
// test site is a shell script that runs it with fakeDecapEnv set.
const (
	fakeDecapEnv = "SITEGEN_TEST_FAKE_DECAP"
	fakeServeEnv = "SITEGEN_TEST_FAKE_SERVE" // the source folder
	recordName   = "fake-decap.json"
)

func TestMain(m *testing.M) {
	switch {
	case os.Getenv(fakeDecapEnv) != "":
		fakeDecap()
		os.Exit(0)
	case os.Getenv(fakeServeEnv) != "":
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			panic(err)
		}
		ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
		defer stop()
		err = serve.Run(ctx, ln, serve.Options{Source: os.Getenv(fakeServeEnv), CMS: true, Log: os.Stderr,
			Build: build.Options{BaseURL: "http://" + ln.Addr().String() + "/", NowText: sitetest.NowText}})
		if err != nil {
			panic(err)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// record is what the fake decap-server was started with.
type record struct {
	Pid                                                          int
	Port, BindHost, Mode, Repo, Log, Origin, Socket, NodeOptions string
}

func fakeDecap() {
	r := record{Pid: os.Getpid(), Port: os.Getenv("PORT"), BindHost: os.Getenv("BIND_HOST"), Mode: os.Getenv("MODE"),
		Repo: os.Getenv("GIT_REPO_DIRECTORY"), Log: os.Getenv("LOG_LEVEL"), Origin: os.Getenv("ORIGIN"),
		Socket: os.Getenv("SITEGEN_DECAP_SOCKET"), NodeOptions: os.Getenv("NODE_OPTIONS")}
	// As decap-server with decap-listen.cjs: on the socket.
	ln, err := net.Listen("unix", r.Socket)
	if err != nil {
		fmt.Fprintln(os.Stderr, "error: listen:", err)
		os.Exit(1)
	}
	b, _ := json.Marshal(r)
	os.WriteFile(filepath.Join(r.Repo, recordName), b, 0o644)
	if r.Log != "error" {
		fmt.Println("info: this line is not shown")
	}
	fmt.Fprintln(os.Stderr, "\x1b[31merror\x1b[39m: a line shown")
	http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"repo":"fake","publish_modes":["simple"],"type":"local_fs","received":%q}`, body)
	}))
}

// cmsSite writes the build's golden test site to a temporary folder, with
// a fake Decap CMS and decap-server under tools/cms when withTools.
func cmsSite(t *testing.T, withTools bool) string {
	t.Helper()
	dir := t.TempDir()
	sitetest.Write(t, dir, sitetest.Golden(t))
	write := func(name string, data []byte, mode os.FileMode) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, mode); err != nil {
			t.Fatal(err)
		}
	}
	if withTools {
		exe, err := os.Executable()
		if err != nil {
			t.Fatal(err)
		}
		write(cms.DistPath+"/decap-cms.js", []byte("/* fake Decap */\n"), 0o644)
		write(serve.DecapServerPath, []byte(fmt.Sprintf("#!/bin/sh\n%s=1 exec '%s' -test.run='^$'\n", fakeDecapEnv, exe)), 0o755)
	}
	return dir
}

// runPreview runs serve.Run on dir until the test ends (or stop is
// called); it returns the preview's address.
func runPreview(t *testing.T, dir string, withCMS bool, out io.Writer) (url string, stop func() error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url = "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serve.Run(ctx, ln, serve.Options{Source: dir, CMS: withCMS, Log: out,
			Build: build.Options{BaseURL: url + "/", NowText: sitetest.NowText}})
	}()
	var once sync.Once
	var runErr error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case runErr = <-done:
			case <-time.After(10 * time.Second):
				runErr = errors.New("serve.Run did not return")
			}
		})
		return runErr
	}
	t.Cleanup(func() { stop() })
	deadline := time.Now().Add(20 * time.Second)
	for {
		if resp, err := http.Get(url + "/"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return url, stop
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the preview never answered")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func alive(pid int) bool {
	return syscall.Kill(pid, 0) == nil
}

func readRecord(t *testing.T, dir string) record {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, recordName))
	if err != nil {
		t.Fatalf("decap-server was not started: %v", err)
	}
	var r record
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestRunCMS: with the tools installed the preview starts decap-server on
// 127.0.0.1 in fs mode for the source folder, serves /admin/ with it as
// the backend, says where /admin/ is, and stops it when it stops.
func TestRunCMS(t *testing.T) {
	dir := cmsSite(t, true)
	var out sitetest.Buffer
	url, stop := runPreview(t, dir, true, &out)
	r := readRecord(t, dir)
	abs, _ := filepath.Abs(dir)
	if r.Mode != "fs" || r.Repo != abs || r.Log != "error" || r.Origin != url || r.Socket == "" || !strings.Contains(r.NodeOptions, "--require") {
		t.Errorf("decap-server started with %+v; want MODE=fs GIT_REPO_DIRECTORY=%s LOG_LEVEL=error ORIGIN=%s, a socket and the preload", r, abs, url)
	}
	if r.BindHost != "127.0.0.1" || r.Port != "0" {
		t.Errorf("decap-server's fallback: BIND_HOST=%s PORT=%s, want 127.0.0.1 and 0 (a port told to no one)", r.BindHost, r.Port)
	}
	if info, err := os.Stat(filepath.Dir(r.Socket)); err != nil || info.Mode().Perm() != 0o700 {
		t.Errorf("the socket's folder: %v %v, want mode 0700", info.Mode(), err)
	}
	if !alive(r.Pid) {
		t.Fatal("decap-server is not running")
	}
	code, _, body := get(t, url+"/admin/config.yml")
	if code != 200 || !strings.Contains(body, "name: sitegen-proxy") || !strings.Contains(body, "proxy_url: "+serve.APIPath+"\n") {
		t.Errorf("GET /admin/config.yml: %d\n%s", code, body)
	}
	if !strings.Contains(body, "branch: main") || strings.Contains(body, "editorial_workflow") {
		t.Errorf("config.yml: want the simple publish mode:\n%s", body)
	}
	code, h, page := get(t, url+"/admin/")
	page = html.UnescapeString(page)
	if code != 200 || !strings.Contains(page, "connect-src 'self' blob:;") {
		t.Errorf("GET /admin/: %d, want the CSP allowing only the preview itself:\n%s", code, page)
	}
	if h.Get("Content-Security-Policy") != "frame-ancestors 'none'" {
		t.Errorf("GET /admin/: Content-Security-Policy %q, want frame-ancestors 'none'", h.Get("Content-Security-Policy"))
	}
	token := adminToken(t, page)
	if strings.Contains(page, "/_sitegen/live.js") {
		t.Error("/admin/ has the live reload script: a rebuild would reload it and lose unsaved input")
	}
	if code, _, _ := get(t, url+"/admin/decap-cms.js"); code != 200 {
		t.Errorf("GET /admin/decap-cms.js: %d", code)
	}
	// The API reaches decap-server through the preview, with the token.
	if code, body := postAPI(t, url, url, token, `{"action":"info"}`); code != 200 || !strings.Contains(body, `"local_fs"`) {
		t.Errorf("info through the preview: %d %s", code, body)
	}
	if code, _ := postAPI(t, url, url, "", `{"action":"info"}`); code != 403 {
		t.Errorf("info without the token: %d, want 403", code)
	}
	if s := out.String(); !strings.Contains(s, "Redaktion: "+url+"/admin/\n") || strings.Contains(s, "not shown") || !strings.Contains(s, "decap-server: error: a line shown\n") {
		t.Errorf("output:\n%s", s)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if alive(r.Pid) {
		t.Errorf("decap-server (pid %d) still runs after the preview stopped", r.Pid)
	}
	if _, err := os.Stat(filepath.Dir(r.Socket)); err == nil {
		t.Errorf("the socket's folder %s is left after the preview stopped", filepath.Dir(r.Socket))
	}
}

// adminToken returns the session's token from the /admin/ page.
func adminToken(t *testing.T, page string) string {
	t.Helper()
	const pre = `<meta name="sitegen-token" content="`
	i := strings.Index(page, pre)
	if i < 0 {
		t.Fatalf("/admin/ has no token:\n%s", page)
	}
	tok, _, _ := strings.Cut(page[i+len(pre):], `"`)
	if len(tok) < 40 {
		t.Fatalf("token %q is too short", tok)
	}
	return tok
}

// postAPI posts body to the preview's CMS API at base as a page of
// origin would, with token ("" for none).
func postAPI(t *testing.T, base, origin, token, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", base+serve.APIPath, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	if token != "" {
		req.Header.Set(serve.TokenHeader, token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestRunCMSOff: with CMS false (--cms=false) nothing is started and
// there is no /admin/.
func TestRunCMSOff(t *testing.T) {
	dir := cmsSite(t, true)
	var out sitetest.Buffer
	url, _ := runPreview(t, dir, false, &out)
	if _, err := os.Stat(filepath.Join(dir, recordName)); err == nil {
		t.Error("decap-server was started with CMS off")
	}
	if code, _, _ := get(t, url+"/admin/"); code != 404 {
		t.Errorf("GET /admin/: %d, want 404", code)
	}
	if s := out.String(); strings.Contains(s, "Redaktion") {
		t.Errorf("output:\n%s", s)
	}
}

// TestRunCMSNotInstalled: without the npm tools the preview says once how
// to install them and serves the site without /admin/.
func TestRunCMSNotInstalled(t *testing.T) {
	dir := cmsSite(t, false)
	var out sitetest.Buffer
	url, _ := runPreview(t, dir, true, &out)
	if code, _, _ := get(t, url+"/admin/"); code != 404 {
		t.Errorf("GET /admin/: %d, want 404", code)
	}
	if code, _, _ := get(t, url+"/"); code != 200 {
		t.Errorf("GET /: %d", code)
	}
	if s := out.String(); strings.Count(s, serve.CMSNotInstalled) != 1 || !strings.Contains(s, serve.InstallCMS) {
		t.Errorf("output:\n%s", s)
	}
}

// TestRunCMSKilled: when sitegen serve is killed without a chance to stop
// decap-server, decap-server ends too (Linux: the parent-death signal).
func TestRunCMSKilled(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the parent-death signal is Linux's")
	}
	dir := cmsSite(t, true)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), fakeServeEnv+"="+dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	deadline := time.Now().Add(20 * time.Second)
	for !fileExists(filepath.Join(dir, recordName)) {
		if time.Now().After(deadline) {
			t.Fatal("decap-server was not started")
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	r := readRecord(t, dir)
	// The fake decap-server has no decap-listen.cjs to remove its folder.
	t.Cleanup(func() { os.RemoveAll(filepath.Dir(r.Socket)) })
	cmd.Process.Kill() // SIGKILL: no cleanup in sitegen
	cmd.Wait()
	for alive(r.Pid) {
		if time.Now().After(deadline) {
			syscall.Kill(r.Pid, syscall.SIGKILL)
			t.Fatalf("decap-server (pid %d) outlived sitegen serve", r.Pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// TestRunRealDecapServer runs the real decap-server of tools/cms (node):
// it answers, reads and writes the source folder, and ends with the
// preview.
func TestRunRealDecapServer(t *testing.T) {
	testtools.Require(t, testtools.Browser, "the tests of the real decap-server")
	real, _ := filepath.Abs("../../tools/cms")
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatal("node is not installed")
	}
	if !fileExists(filepath.Join(real, "node_modules/.bin/decap-server")) || !fileExists(filepath.Join(real, "node_modules/decap-cms/dist/decap-cms.js")) {
		t.Fatal("decap-server is not installed (" + serve.InstallCMS + ")")
	}
	dir := cmsSite(t, false)
	os.MkdirAll(filepath.Join(dir, "tools"), 0o755)
	if err := os.Symlink(real, filepath.Join(dir, "tools", "cms")); err != nil {
		t.Fatal(err)
	}
	var out sitetest.Buffer
	url, stop := runPreview(t, dir, true, &out)
	_, _, page := get(t, url+"/admin/")
	token := adminToken(t, page)
	post := func(body string) (int, string) { return postAPI(t, url, url, token, body) }
	if code, body := post(`{"action":"info"}`); code != 200 || !strings.Contains(body, `"local_fs"`) {
		t.Errorf("info: %d %s", code, body)
	}
	entry := `{"action":"persistEntry","params":{"branch":"main","entry":{"slug":"neu","path":"content/neu.md","raw":"---\ntitle: Neu\n---\nVon Decap.\n"},"assets":[],"options":{"commitMessage":"neu","useWorkflow":false,"status":"draft"}}}`
	if code, body := post(entry); code != 200 {
		t.Errorf("persistEntry: %d %s", code, body)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "content", "neu.md")); err != nil || !strings.Contains(string(b), "Von Decap.") {
		t.Errorf("content/neu.md: %q, %v", b, err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if code, _, body := get(t, url+"/neu/"); code == 200 && strings.Contains(body, "Von Decap.") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the page written through decap-server was never built; output:\n%s", out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Issue 18's attack: a git hook through .git/config. Refused, and
	// nothing written.
	os.MkdirAll(filepath.Join(dir, ".git"), 0o755)
	hook := `{"action":"persistEntry","params":{"branch":"main","entry":{"slug":"x","path":".git/config","raw":"[core]\n\tfsmonitor = touch pwned\n"},"assets":[],"options":{"commitMessage":"x","useWorkflow":false,"status":"draft"}}}`
	if code, _ := post(hook); code != 403 {
		t.Errorf("persistEntry .git/config: %d, want 403", code)
	}
	if _, err := os.Stat(filepath.Join(dir, ".git", "config")); err == nil {
		t.Error(".git/config was written")
	}
	// Another origin, or none, may not use it.
	if code, _ := postAPI(t, url, "http://127.0.0.1:1", token, `{"action":"info"}`); code != 403 {
		t.Errorf("another origin: %d, want 403", code)
	}
	if s := out.String(); strings.Count(s, "Vorschau: abgelehnt") != 2 {
		t.Errorf("want two refusals logged:\n%s", s)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); strings.Contains(s, "decap-server:") {
		t.Errorf("decap-server logged:\n%s", s)
	}
}

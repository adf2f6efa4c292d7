package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/serve"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

// TestServeRealListener runs the preview server as the command does, on a
// real loopback listener: it serves, picks up an edit through the file
// watcher, and stops cleanly when its context ends.
func TestServeRealListener(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, sitetest.Golden(t))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	var out sitetest.Buffer
	done := make(chan int)
	go func() {
		done <- runServer(ctx, ln, serve.Options{Source: dir, CMS: true, Build: build.Options{BaseURL: url + "/", NowText: sitetest.NowText}}, &out)
	}()
	get := func(p string) (int, string) {
		resp, err := http.Get(url + p)
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if code, _ := get("/"); code == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server never answered; output:\n%s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if code, body := get("/akteure/beirat/"); code != 200 || !strings.Contains(body, "Der Beirat.") || !strings.Contains(body, "/_sitegen/live.js") {
		t.Fatalf("GET /akteure/beirat/: %d", code)
	}
	if code, _ := get("/../../etc/passwd"); code != 404 {
		t.Errorf("a path outside the site: %d, want 404", code)
	}
	if code, _ := get("/admin/"); code != 404 {
		t.Errorf("/admin/ without Decap installed: %d, want 404", code)
	}
	time.Sleep(100 * time.Millisecond) // let the watcher start
	// The preview runs the rules of Leichte Sprache (previewChecks) and
	// shows their findings on the page.
	os.WriteFile(filepath.Join(dir, "content/akteure/beirat.md"), []byte("---\ntitle: Beirat\ncategory: beirat\nleichte_sprache: true\n---\nGeändert. Und neu.\n"), 0o644)
	for {
		if _, body := get("/akteure/beirat/"); strings.Contains(body, "Geändert.") {
			if !strings.Contains(body, "<code>content/akteure/beirat.md:6:11</code>: <strong>wird bei sitegen check ein Fehler:</strong> Leichte Sprache (ein Satz pro Zeile)") {
				t.Errorf("the edited page in Leichte Sprache has no hint of its second sentence:\n%s", body)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the edit never showed; output:\n%s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the server did not stop")
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Errorf("serve wrote public/: %v", err)
	}
	if s := out.String(); !strings.Contains(s, "Vorschau: "+url+"/") || !strings.Contains(s, "Vorschau beendet.") || strings.Count(s, serve.CMSNotInstalled) != 1 {
		t.Errorf("output:\n%s", s)
	}
}

// TestServeCMSFlag: sitegen serve -h names --cms.
func TestServeCMSFlag(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"serve", "-h"}, &stdout, &stderr, time.Now); code != 2 {
		t.Errorf("exit %d", code)
	}
	if !strings.Contains(stderr.String(), "-cms") {
		t.Errorf("serve -h:\n%s", stderr.String())
	}
}

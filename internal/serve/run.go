package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/cms"
	"github.com/stadt-bamberg/integration/internal/i18n"
)

// Options are what sitegen serve runs with.
type Options struct {
	Source string        // the source folder
	Build  build.Options // BaseURL should be the preview's address
	Live   bool          // build for the clock's now, rebuilding as events pass
	// CMS offers /admin/ with decap-server as its backend when Decap CMS
	// and decap-server are installed under Source (tools/cms).
	CMS   bool
	Clock Clock // of a live preview; nil: SystemClock
	Log   io.Writer
	// Checks runs after every successful build (sitegen serve: the rules
	// of Leichte Sprache); see [WithChecks].
	Checks Checks
}

// CMSNotInstalled is what the preview says once when /admin/ cannot be
// offered because the npm tools are missing.
const CMSNotInstalled = "Redaktion: Decap CMS und decap-server sind nicht installiert – /admin/ gibt es in der Vorschau erst nach: " + InstallCMS

// Run is sitegen serve: it starts decap-server (with o.CMS), builds the
// site, serves it on ln and watches the sources until ctx ends; then it
// stops decap-server and the HTTP server.
func Run(ctx context.Context, ln net.Listener, o Options) error {
	out := o.Log
	if out == nil {
		out = io.Discard
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	opts := o.Build
	opts.Pictures = build.PicturesLazy // see "Serving" in the package doc
	addr := "http://" + ln.Addr().String()
	var proxy *CMSProxy
	if o.CMS {
		decap, err := StartCMS(ctx, o.Source, addr, out)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			fmt.Fprintln(out, CMSNotInstalled)
		case errors.Is(err, cms.ErrOff):
			fmt.Fprintf(out, "Redaktion: %s=%s – die Vorschau läuft ohne /admin/\n", cms.EnvVar, os.Getenv(cms.EnvVar))
		case err != nil:
			fmt.Fprintln(out, "Redaktion: /admin/ gibt es in dieser Vorschau nicht:", err)
		default:
			defer decap.Stop()
			opts.Admin = decap.Admin
			proxy = decap.Proxy
			go func() {
				select {
				case <-decap.Done():
					if ctx.Err() == nil {
						fmt.Fprintf(out, "Redaktion: decap-server hat sich beendet (%v) – /admin/ kann nichts mehr speichern; sitegen serve neu starten\n", decap.Err())
					}
				case <-ctx.Done():
				}
			}()
		}
	}

	fsys := os.DirFS(o.Source)
	b := build.NewBuilder(fsys, opts)
	var clock Clock
	if o.Live {
		clock = o.Clock
		if clock == nil {
			clock = SystemClock
		}
	}
	srv := New(b, func(p string) ([]byte, error) { return fs.ReadFile(fsys, filepath.ToSlash(p)) }, clock, out, WithChecks(o.Checks))
	defer srv.Close()
	if err := srv.Protect(ln.Addr().String(), proxy); err != nil {
		return err
	}
	srv.Tick()
	fmt.Fprintf(out, "Vorschau: %s/ (Strg+C beendet)\n", addr)
	if opts.Admin != nil {
		if _, ok := srv.File(cms.Dir + "/index.html"); ok {
			fmt.Fprintf(out, "Redaktion: %s/%s/\n", addr, cms.Dir)
		}
	}

	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	go srv.Watch(ctx, o.Source, "content", "layouts", "assets", i18n.Dir)

	var err error
	select {
	case <-ctx.Done():
	case err = <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
	}
	shutdown, cancelShutdown := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancelShutdown()
	hs.Shutdown(shutdown)
	return err
}

// CMS is decap-server running for the preview, with what the build needs
// to make /admin/ against it.
type CMS struct {
	*Decap
	Proxy *CMSProxy // the preview's way to it
	Admin *cms.Admin
}

// StartCMS finds Decap CMS under source and starts decap-server for it,
// with the proxy the preview passes the CMS's requests through; origin is
// the preview's ("http://127.0.0.1:1313"). The error wraps fs.ErrNotExist when Decap or
// decap-server is not installed.
func StartCMS(ctx context.Context, source, origin string, log io.Writer) (*CMS, error) {
	dist, err := cms.Find(source, os.Getenv(cms.EnvVar))
	switch {
	case errors.Is(err, cms.ErrNotInstalled):
		return nil, fmt.Errorf("%w: %v", fs.ErrNotExist, err)
	case errors.Is(err, cms.ErrOff):
		return nil, err
	case err != nil:
		return nil, err
	}
	d, err := StartDecap(ctx, source, origin, log)
	if err != nil {
		return nil, err
	}
	p, err := NewCMSProxy(source, d.API, d.Client)
	if err != nil {
		d.Stop()
		return nil, err
	}
	return &CMS{Decap: d, Proxy: p, Admin: &cms.Admin{Dist: dist, Local: &cms.Local{URL: APIPath}}}, nil
}

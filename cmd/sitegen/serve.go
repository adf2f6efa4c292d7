package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/i18n"
	"github.com/stadt-bamberg/integration/internal/serve"
)

func cmdServe(args []string, stdout, stderr io.Writer, clock func() time.Time) int {
	fset := flag.NewFlagSet("sitegen serve", flag.ContinueOnError)
	fset.SetOutput(stderr)
	var c common
	c.register(fset)
	port := fset.Int("port", 1313, "Port")
	bind := fset.String("bind", "127.0.0.1", "Adresse, an die der Server sich bindet (nur auf ausdrücklichen Wunsch etwas anderes als 127.0.0.1)")
	if err := fset.Parse(args); err != nil {
		return 2
	}
	if fset.NArg() > 0 {
		fmt.Fprintf(stderr, "sitegen serve: unerwartetes Argument %q\n", fset.Arg(0))
		return 2
	}
	opts, err := c.options(clock)
	if err != nil {
		fmt.Fprintln(stderr, "sitegen:", err)
		return 2
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(*bind, strconv.Itoa(*port)))
	if err != nil {
		fmt.Fprintln(stderr, "sitegen serve:", err)
		return 1
	}
	addr := "http://" + ln.Addr().String() + "/"
	opts.BaseURL = addr // links and absolute URLs point at the preview

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	code := runServer(ctx, ln, c.source, opts, c.now == "" && os.Getenv("SOURCE_DATE_EPOCH") == "", stdout)
	return code
}

// runServer builds the site, serves it on ln and watches the sources
// until ctx ends.
func runServer(ctx context.Context, ln net.Listener, source string, opts build.Options, live bool, out io.Writer) int {
	fsys := os.DirFS(source)
	b := build.NewBuilder(fsys, opts)
	var clock func() time.Time
	if live {
		clock = time.Now
	}
	srv := serve.New(b, func(p string) ([]byte, error) { return fs.ReadFile(fsys, filepath.ToSlash(p)) }, clock, out)
	srv.Tick()
	fmt.Fprintf(out, "Vorschau: http://%s/ (Strg+C beendet)\n", ln.Addr())

	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	go srv.Watch(ctx, source, "content", "layouts", "assets", i18n.Dir)
	go srv.RunTimer(ctx)

	select {
	case <-ctx.Done():
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(out, "sitegen serve:", err)
			return 1
		}
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	hs.Shutdown(shutdown)
	fmt.Fprintln(out, "Vorschau beendet.")
	return 0
}

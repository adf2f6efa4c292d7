package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/stadt-bamberg/integration/internal/check"
	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/model"
	"github.com/stadt-bamberg/integration/internal/serve"
)

func cmdServe(args []string, stdout, stderr io.Writer, clock func() time.Time) int {
	fset := flag.NewFlagSet("sitegen serve", flag.ContinueOnError)
	fset.SetOutput(stderr)
	var c common
	c.register(fset)
	port := fset.Int("port", 1313, "Port")
	bind := fset.String("bind", "127.0.0.1", "Adresse, an die der Server sich bindet (nur auf ausdrücklichen Wunsch etwas anderes als 127.0.0.1)")
	withCMS := fset.Bool("cms", true, "die Redaktion unter /admin/ anbieten (startet decap-server, wenn in tools/cms installiert); --cms=false schaltet sie ab")
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
	opts.BaseURL = "http://" + ln.Addr().String() + "/" // links and absolute URLs point at the preview

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return runServer(ctx, ln, serve.Options{Source: c.source, Build: opts, CMS: *withCMS,
		Live: c.now == "" && os.Getenv("SOURCE_DATE_EPOCH") == ""}, stdout)
}

// previewChecks are the checks of sitegen check that the preview runs
// after every build, its findings shown on the page they concern: the
// rules of Leichte Sprache, which an editor of such a page wants to see
// while writing.
func previewChecks(site *model.Site) []diag.Diagnostic {
	return check.LeichtRules(site)
}

// runServer runs the preview (serve.Run) until ctx ends.
func runServer(ctx context.Context, ln net.Listener, o serve.Options, out io.Writer) int {
	o.Log = out
	o.Checks = previewChecks
	if err := serve.Run(ctx, ln, o); err != nil {
		fmt.Fprintln(out, "sitegen serve:", err)
		return 1
	}
	fmt.Fprintln(out, "Vorschau beendet.")
	return 0
}

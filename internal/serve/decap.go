package serve

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"
)

// DecapServerPath is decap-server's command under the source folder, as
// npm ci --prefix tools/cms installs it.
const DecapServerPath = "tools/cms/node_modules/.bin/decap-server"

// InstallCMS is the command that installs Decap CMS and decap-server.
const InstallCMS = "npm ci --prefix tools/cms --ignore-scripts --no-audit --no-fund"

// Decap is decap-server, the local backend of /admin/ in the preview, as a
// child process: it reads and writes the files of the source folder
// directly (MODE=fs, no Git commits). It listens on a Unix socket in a
// folder of its own that only the editor's user may enter (mode 0700);
// nothing else on the computer knows or reaches it, and the preview passes
// the CMS's requests to it (CMSProxy) after checking them.
type Decap struct {
	API    string       // its API as Client reaches it
	Socket string       // the Unix socket it listens on
	Client *http.Client // reaches it

	dir  string // the socket's folder, removed when it has ended
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has ended
	err  error         // of Wait, once done is closed
	stop sync.Once
	log  *lineWriter
}

// decapStartTimeout is how long decap-server may take to listen.
const decapStartTimeout = 20 * time.Second

//go:embed decap-listen.cjs
var decapListenJS []byte

// decapSocketEnv names the socket for decap-listen.cjs.
const decapSocketEnv = "SITEGEN_DECAP_SOCKET"

// StartDecap starts decap-server for the source folder on a Unix socket
// of its own. origin is the preview's ("http://127.0.0.1:1313"), the one
// origin its CORS headers allow. Its own log goes to log only for errors
// (LOG_LEVEL=error), each line prefixed. The process runs until Stop, or
// until ctx ends, or the sitegen process does (on Linux it is then sent
// SIGTERM).
func StartDecap(ctx context.Context, source, origin string, log io.Writer) (*Decap, error) {
	if !unixSockets {
		return nil, errors.New("decap-server braucht hier einen Unix-Socket, den es auf diesem System nicht gibt – /admin/ gibt es in der Vorschau nur unter Linux und macOS")
	}
	exe, err := decapCommand(source)
	if err != nil {
		return nil, err
	}
	dir, err := filepath.Abs(source)
	if err != nil {
		return nil, err
	}
	sockDir, err := os.MkdirTemp("", "sitegen-cms-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(sockDir, 0o700); err != nil {
		os.RemoveAll(sockDir)
		return nil, err
	}
	preload := filepath.Join(sockDir, "listen.cjs")
	if err := os.WriteFile(preload, decapListenJS, 0o600); err != nil {
		os.RemoveAll(sockDir)
		return nil, err
	}
	d, err := startDecap(ctx, exe, dir, sockDir, preload, origin, log)
	if err != nil {
		os.RemoveAll(sockDir)
		return nil, err
	}
	return d, nil
}

// decapCommand returns decap-server's command under source, or an error
// wrapping fs.ErrNotExist.
func decapCommand(source string) (string, error) {
	exe := filepath.Join(source, filepath.FromSlash(DecapServerPath))
	if _, err := os.Stat(exe); err != nil {
		if cmdExe := exe + ".cmd"; fileExists(cmdExe) { // npm on Windows
			return cmdExe, nil
		}
		return "", fmt.Errorf("decap-server ist nicht installiert (%s): %w", InstallCMS, os.ErrNotExist)
	}
	return filepath.Abs(exe)
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func startDecap(ctx context.Context, exe, dir, sockDir, preload, origin string, log io.Writer) (*Decap, error) {
	sock := filepath.Join(sockDir, "decap.sock")
	cmd := exec.Command(exe)
	cmd.Dir = dir
	nodeOpts := `--require "` + preload + `"`
	if o := os.Getenv("NODE_OPTIONS"); o != "" {
		nodeOpts += " " + o
	}
	cmd.Env = append(os.Environ(),
		"NODE_OPTIONS="+nodeOpts,
		decapSocketEnv+"="+sock,
		// Should the preload not run, decap-server listens on port 0 of
		// the loopback address (a random port, told to no one) and is
		// stopped below, as its socket never appears.
		"PORT=0",
		"BIND_HOST=127.0.0.1",
		"MODE=fs",
		"GIT_REPO_DIRECTORY="+dir,
		"LOG_LEVEL=error",
	)
	if origin != "" {
		cmd.Env = append(cmd.Env, "ORIGIN="+origin)
	}
	lw := &lineWriter{w: log, prefix: "decap-server: "}
	cmd.Stdout, cmd.Stderr = lw, lw
	cmd.Stdin = nil
	childProcess(cmd)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("decap-server startet nicht: %v", err)
	}
	dial := func(ctx context.Context, _, _ string) (net.Conn, error) {
		var dl net.Dialer
		return dl.DialContext(ctx, "unix", sock)
	}
	d := &Decap{API: "http://decap-server" + APIPath, Socket: sock, dir: sockDir, cmd: cmd, done: make(chan struct{}), log: lw,
		Client: &http.Client{Timeout: decapClientTimeout, Transport: &http.Transport{DialContext: dial, MaxIdleConns: 4}}}
	go func() {
		d.err = cmd.Wait()
		lw.Flush()
		os.RemoveAll(sockDir)
		close(d.done)
	}()
	go func() {
		select {
		case <-ctx.Done():
			d.Stop()
		case <-d.done:
		}
	}()
	deadline := time.Now().Add(decapStartTimeout)
	for {
		select {
		case <-d.done:
			return nil, fmt.Errorf("decap-server hat sich beendet, bevor es bereit war (%v)", d.err)
		default:
		}
		c, err := net.DialTimeout("unix", sock, time.Second)
		if err == nil {
			c.Close()
			return d, nil
		}
		if time.Now().After(deadline) {
			d.Stop()
			return nil, fmt.Errorf("decap-server hört nicht auf %s", sock)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// Pid returns the process id of decap-server.
func (d *Decap) Pid() int { return d.cmd.Process.Pid }

// Done is closed when decap-server has ended.
func (d *Decap) Done() <-chan struct{} { return d.done }

// Err returns why decap-server ended (nil before it has, or after Stop).
func (d *Decap) Err() error {
	select {
	case <-d.done:
		return d.err
	default:
		return nil
	}
}

// Stop ends decap-server (and anything it started): SIGTERM, then after
// two seconds SIGKILL. It returns when the process has ended.
func (d *Decap) Stop() {
	d.stop.Do(func() {
		select {
		case <-d.done:
			return
		default:
		}
		terminate(d.cmd)
		select {
		case <-d.done:
		case <-time.After(2 * time.Second):
			kill(d.cmd)
			<-d.done
		}
		d.err = nil
	})
	<-d.done
}

// lineWriter writes whole lines to w, each with a prefix.
type lineWriter struct {
	mu     sync.Mutex
	w      io.Writer
	prefix string
	buf    []byte
}

func (l *lineWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(l.buf, p...)
	for {
		i := strings.IndexByte(string(l.buf), '\n')
		if i < 0 {
			break
		}
		l.line(string(l.buf[:i]))
		l.buf = l.buf[i+1:]
	}
	return len(p), nil
}

func (l *lineWriter) Flush() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.buf) > 0 {
		l.line(string(l.buf))
		l.buf = nil
	}
}

func (l *lineWriter) line(s string) {
	s = strings.TrimRight(stripANSI(s), "\r ")
	if s == "" || l.w == nil {
		return
	}
	fmt.Fprintln(l.w, l.prefix+s)
}

// ansi matches the colour codes of decap-server's logger.
var ansi = regexp.MustCompile(`\x1b\[[0-9;]*[A-Za-z]`)

func stripANSI(s string) string { return ansi.ReplaceAllString(s, "") }

package serve

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
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
// directly (MODE=fs, no Git commits), listening on 127.0.0.1 only.
type Decap struct {
	URL string // its API: http://127.0.0.1:PORT/api/v1

	cmd  *exec.Cmd
	done chan struct{} // closed when the process has ended
	err  error         // of Wait, once done is closed
	stop sync.Once
	log  *lineWriter
}

// decapStartTimeout is how long decap-server may take to listen.
const decapStartTimeout = 20 * time.Second

// StartDecap starts decap-server for the source folder on a free port of
// 127.0.0.1. origin is the one origin allowed to call it (the preview,
// "http://127.0.0.1:1313"; "" allows any page on localhost). Its own log
// goes to log only for errors (LOG_LEVEL=error), each line prefixed. The
// process runs until Stop, or until ctx ends, or the sitegen process does
// (on Linux it is then sent SIGTERM).
func StartDecap(ctx context.Context, source, origin string, log io.Writer) (*Decap, error) {
	exe, err := decapCommand(source)
	if err != nil {
		return nil, err
	}
	dir, err := filepath.Abs(source)
	if err != nil {
		return nil, err
	}
	var last error
	for range 3 { // another process may take the free port first
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		d, err := startDecap(ctx, exe, dir, port, origin, log)
		if err == nil {
			return d, nil
		}
		last = err
	}
	return nil, last
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

// freePort returns a port of 127.0.0.1 that was free a moment ago.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	return port, ln.Close()
}

func startDecap(ctx context.Context, exe, dir string, port int, origin string, log io.Writer) (*Decap, error) {
	cmd := exec.Command(exe)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"PORT="+strconv.Itoa(port),
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
	d := &Decap{URL: fmt.Sprintf("http://127.0.0.1:%d/api/v1", port), cmd: cmd, done: make(chan struct{}), log: lw}
	go func() {
		d.err = cmd.Wait()
		lw.Flush()
		close(d.done)
	}()
	go func() {
		select {
		case <-ctx.Done():
			d.Stop()
		case <-d.done:
		}
	}()
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	deadline := time.Now().Add(decapStartTimeout)
	for {
		select {
		case <-d.done:
			return nil, fmt.Errorf("decap-server hat sich beendet, bevor es bereit war (%v)", d.err)
		default:
		}
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return d, nil
		}
		if time.Now().After(deadline) {
			d.Stop()
			return nil, fmt.Errorf("decap-server antwortet nicht auf %s", addr)
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

package write

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/stadt-bamberg/integration/internal/digest"
)

// Output is an output folder locked for one build at a time; see
// [Lock]. Its methods are safe for concurrent use.
type Output struct {
	dir    string // the output folder, absolute
	shown  string // the folder as the caller named it, with a slash: public/
	parent string // the folder beside which everything else is kept
	base   string // public
	lock   *os.File

	mu     sync.Mutex
	state  digest.Sum // sum of the manifest the folder holds, per the lock file; zero: unknown
	known  *Manifest  // the manifest with that sum, when this Output knows it
	active *Build
	closed bool
}

// BusyError is the error of [TryLock] when another build holds the lock.
type BusyError struct {
	Dir string // the output folder as given, with a trailing slash
	PID int    // the process holding the lock; 0 if unknown
}

func (e *BusyError) Error() string {
	if e.PID == 0 {
		return fmt.Sprintf("Ein anderer Build schreibt gerade nach %s", e.Dir)
	}
	return fmt.Sprintf("Ein anderer Build schreibt gerade nach %s (Prozess %d)", e.Dir, e.PID)
}

// Is makes errors.Is(err, ErrBusy) true for a BusyError.
func (e *BusyError) Is(target error) bool { return target == ErrBusy }

// ErrBusy is what a [BusyError] is.
var ErrBusy = errors.New("write: Ausgabeordner gesperrt")

// testHook, when set by a test, is called at the named points of a build
// (see the tests); it may stop the process there.
var testHook func(point string)

func hook(point string) {
	if testHook != nil {
		testHook(point)
	}
}

// Lock takes the lock of the output folder dir for one build: an
// flock(2) on the lock file beside it (public/ → .public.lock in the
// parent folder, which is made if missing). When another build holds
// the lock, Lock calls wait once with a message naming that build's
// process ("Ein anderer Build schreibt gerade nach public/ (Prozess
// 1234); warte …") and waits until it is released or ctx is done. wait
// may be nil.
//
// With the lock taken, Lock repairs what a killed build left: it
// finishes an interrupted commit from its journal and removes temporary
// folders of earlier builds. An error finishing the journal is returned
// (the journal stays for the next try).
func Lock(ctx context.Context, dir string, wait func(msg string)) (*Output, error) {
	return lock(ctx, dir, wait, true)
}

// TryLock is [Lock] without waiting: when another build holds the lock,
// it returns a [*BusyError].
func TryLock(dir string) (*Output, error) {
	return lock(context.Background(), dir, nil, false)
}

func lock(ctx context.Context, dir string, wait func(string), block bool) (*Output, error) {
	// The folder itself, not a symbolic link to it: the lock file, the
	// journal and the new trees are kept beside the folder they are for.
	abs, err := Resolve(dir)
	if err != nil {
		return nil, err
	}
	o := &Output{dir: abs, parent: filepath.Dir(abs), base: filepath.Base(abs)}
	if o.parent == abs {
		return nil, fmt.Errorf("write: %s kann kein Ausgabeordner sein", dir)
	}
	o.shown = filepath.Clean(dir)
	if !strings.HasSuffix(o.shown, string(filepath.Separator)) {
		o.shown += string(filepath.Separator)
	}
	if err := os.MkdirAll(o.parent, 0o755); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	name := o.lockPath()
	var f *os.File
	asked := false
	delay := 5 * time.Millisecond
	for f == nil {
		g, err := openOwn(name, os.O_RDWR|os.O_CREATE)
		if err != nil {
			return nil, fmt.Errorf("write: Sperrdatei: %w", err)
		}
		for {
			got, err := tryFlock(g)
			if err != nil {
				g.Close()
				return nil, fmt.Errorf("write: Sperrdatei %s: %w", name, err)
			}
			if got {
				break
			}
			if !asked {
				asked = true
				pid, _ := readLockFile(g)
				busy := &BusyError{Dir: o.shown, PID: pid}
				if !block {
					g.Close()
					return nil, busy
				}
				if wait != nil {
					wait(busy.Error() + "; warte …")
				}
			}
			select {
			case <-ctx.Done():
				g.Close()
				return nil, fmt.Errorf("write: Warten auf %s abgebrochen: %w", o.shown, ctx.Err())
			case <-time.After(delay):
			}
			delay = min(2*delay, 100*time.Millisecond)
		}
		// Someone removed or replaced the lock file while we waited for
		// it: our lock is on a file others no longer open.
		gi, err1 := g.Stat()
		ni, err2 := os.Lstat(name)
		if err1 == nil && err2 == nil && os.SameFile(gi, ni) {
			f = g
		} else {
			g.Close()
		}
	}
	o.lock = f
	_, o.state = readLockFile(f)
	if err := f.Truncate(int64(lockSize)); err != nil {
		f.Close()
		return nil, err
	}
	if err := o.writeLockFile(os.Getpid(), o.state, false); err != nil {
		f.Close()
		return nil, err
	}
	if err := o.recover(); err != nil {
		o.Close()
		return nil, err
	}
	o.removeLeftovers()
	return o, nil
}

func (o *Output) lockPath() string    { return filepath.Join(o.parent, "."+o.base+".lock") }
func (o *Output) journalPath() string { return filepath.Join(o.parent, "."+o.base+".journal") }

// The lock file holds two lines of fixed width, rewritten in place (a
// new file would not be the one that is locked): the PID of the build
// holding the lock (0 when none) and, in hex, the sum of the manifest
// the output folder holds (zeros when unknown).
const lockSize = 10 + 1 + 2*len(digest.Sum{}) + 1

func readLockFile(f *os.File) (pid int, state digest.Sum) {
	buf := make([]byte, lockSize)
	n, _ := f.ReadAt(buf, 0)
	lines := strings.Split(string(buf[:n]), "\n")
	if len(lines) > 0 {
		pid, _ = strconv.Atoi(strings.TrimSpace(lines[0]))
	}
	if len(lines) > 1 {
		if b, err := hex.DecodeString(lines[1]); err == nil && len(b) == len(state) {
			state = digest.Sum(b)
		}
	}
	return max(pid, 0), state
}

// writeLockFile writes the lock file; with sync it waits until the
// state is on disk.
func (o *Output) writeLockFile(pid int, state digest.Sum, sync bool) error {
	if _, err := o.lock.WriteAt(fmt.Appendf(nil, "%10d\n%s\n", pid, state), 0); err != nil {
		return fmt.Errorf("write: Sperrdatei: %w", err)
	}
	if sync {
		if err := o.lock.Sync(); err != nil {
			return fmt.Errorf("write: Sperrdatei: %w", err)
		}
	}
	return nil
}

// setState records that the folder holds m (nil: unknown).
func (o *Output) setState(m *Manifest, sync bool) error {
	var s digest.Sum
	if m != nil {
		s = m.sum()
	}
	o.state, o.known = s, m
	return o.writeLockFile(os.Getpid(), s, sync)
}

// holds reports whether the folder is the one m describes: the folder
// has m's identity and the lock file says it holds m.
func (o *Output) holds(m *Manifest) bool {
	if m == nil || o.state.IsZero() {
		return false
	}
	dev, ino, err := ident(o.dir)
	return err == nil && dev == m.Dev && ino == m.Ino && m.sum() == o.state
}

// State identifies what an output folder holds without its list of
// files: the sum of its manifest and the folder's device and inode.
type State struct {
	Sum      digest.Sum
	Dev, Ino uint64
}

// State returns the state of a folder that holds m.
func (m *Manifest) State() State { return State{Sum: m.sum(), Dev: m.Dev, Ino: m.Ino} }

// Holds reports whether the folder is the one whose state is s, as holds
// does for a manifest: the folder has s's identity and the lock file says
// it holds the manifest s names. A zero State is held by no folder.
func (o *Output) Holds(s State) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if s.Sum.IsZero() || o.state.IsZero() || o.active != nil {
		return false
	}
	dev, ino, err := ident(o.dir)
	return err == nil && dev == s.Dev && ino == s.Ino && s.Sum == o.state
}

// recover finishes a commit whose journal is still there.
func (o *Output) recover() error {
	name := o.journalPath()
	data, err := readOwn(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("write: Journal: %w", err)
	}
	j, err := parseJournal(data, o.base)
	if err != nil {
		// Only damage to the disk makes a journal unreadable. What it
		// described may be half done: forget what the folder holds, so
		// that the next build writes it anew.
		if err := o.setState(nil, true); err != nil {
			return err
		}
		if err := os.Remove(name); err != nil {
			return fmt.Errorf("write: Journal: %w", err)
		}
		syncDir(o.parent)
		return nil
	}
	if err := o.finish(j); err != nil {
		return fmt.Errorf("write: %s ist nur zum Teil aktualisiert; der nächste Build schließt das ab (geht das nicht, %s löschen: dann schreibt er den Ordner ganz neu): %w",
			o.shown, name, err)
	}
	return nil
}

// finish does the committed journal j and removes it.
func (o *Output) finish(j *journal) error {
	stage := ""
	if j.stage != "" {
		stage = filepath.Join(o.parent, j.stage)
		// Made by the build that wrote the journal: a folder of this
		// user, not a link to somewhere else.
		fi, err := os.Lstat(stage)
		switch {
		case errors.Is(err, os.ErrNotExist):
			stage = "" // done and removed, but not the journal
		case err != nil:
			return err
		default:
			if err := checkOwn(stage, fi, true); err != nil {
				return err
			}
		}
	}
	if err := replay(o.dir, stage, j); err != nil {
		return err
	}
	if err := SyncFS(o.dir); err != nil {
		return err
	}
	// The state first: once the journal is gone, the lock file alone
	// tells what the folder holds.
	if err := o.setState(j.manifest, true); err != nil {
		return err
	}
	if err := os.Remove(o.journalPath()); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	syncDir(o.parent)
	if stage != "" {
		os.RemoveAll(stage)
	}
	return nil
}

// readOwn reads the file name beside the output, refusing a symbolic
// link and what is not a file of this user (see openOwn).
func readOwn(name string) ([]byte, error) {
	f, err := openOwn(name, os.O_RDONLY)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// removeLeftovers removes the temporary folders and files of earlier
// builds that were killed before they could clean up: .public-123456,
// .public-123456.old and .public-123456.tmp beside public/. Only called
// with the lock held, so none of them belongs to a running build.
func (o *Output) removeLeftovers() {
	entries, _ := os.ReadDir(o.parent)
	for _, e := range entries {
		if n := e.Name(); isTemp(o.base, n, "") || isTemp(o.base, n, ".old") || isTemp(o.base, n, ".tmp") {
			os.RemoveAll(filepath.Join(o.parent, n))
		}
	}
}

// Close ends a build that was begun and not committed (as Abort does)
// and releases the lock.
func (o *Output) Close() error {
	o.mu.Lock()
	if o.closed {
		o.mu.Unlock()
		return nil
	}
	b := o.active
	o.mu.Unlock()
	if b != nil {
		b.Abort()
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.closed = true
	o.writeLockFile(0, o.state, false)
	return o.lock.Close()
}

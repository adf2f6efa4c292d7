package write

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
)

// The ends of the messages: what to do instead.
const (
	outHint   = "--out: bitte einen neuen oder leeren Ordner wie public angeben"
	cacheHint = "--cache-dir: bitte einen neuen oder leeren Ordner wie .sitegen-cache angeben"
)

// projectDirs are the folders of a project that no output or cache may
// be in, hold or be: its sources, its tools and git's folder. The
// project folder itself (and every folder holding it) is refused too.
var projectDirs = []string{".git", "cmd", "internal", "content", "layouts", "assets", "i18n", "deploy", "tools"}

// CheckOut refuses an output folder out that a build must not replace,
// because it is not sitegen's: a folder of the project (see package
// doc, "The output folder is sitegen's or nothing"), a folder holding a
// file tracked by git, or a folder that is not empty and has no lock
// file of sitegen beside it. Symbolic links are resolved first, in the
// longest part of the path that exists. project is the source folder.
// The error says why, in German, with the path as given.
func CheckOut(project, out string) error {
	p, o, err := resolveBoth(project, out)
	if err != nil {
		return fmt.Errorf("der Ausgabeordner %s kann nicht geprüft werden: %w", out, err)
	}
	what := "Der Ausgabeordner " + shownPath(out, o)
	if err := checkProject(p, o, what, outHint); err != nil {
		return err
	}
	lock, journal := beside(o, ".lock"), beside(o, ".journal")
	if f, err := tracked(p, o, lock, journal); err != nil {
		return fmt.Errorf("%s kann nicht geprüft werden (git ls-files): %w", what, err)
	} else if f != "" {
		return fmt.Errorf("%s enthält die Datei %s, die in git eingecheckt ist; dorthin schreibt sitegen nicht (%s)", what, f, outHint)
	}
	empty, err := emptyDir(o)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if !empty && !isLockFile(lock) {
		return fmt.Errorf("%s ist nicht leer und nicht von sitegen gebaut (daneben fehlt %s); er wird nicht ersetzt, damit keine fremden Dateien verloren gehen (%s)", what, filepath.Base(lock), outHint)
	}
	return nil
}

// CheckCache refuses a cache folder dir that a build must not write
// into: a folder of the project, inside the output folder out or
// holding it, a folder holding a file tracked by git, or a folder that
// is not empty and of which ours (the cache's own test, cache.Owns)
// says that it holds something else. Symbolic links are resolved as in
// [CheckOut].
func CheckCache(project, dir, out string, ours func(dir string) bool) error {
	p, c, err := resolveBoth(project, dir)
	if err != nil {
		return fmt.Errorf("der Cache-Ordner %s kann nicht geprüft werden: %w", dir, err)
	}
	o, err := Resolve(out)
	if err != nil {
		return fmt.Errorf("der Ausgabeordner %s kann nicht geprüft werden: %w", out, err)
	}
	what := "Der Cache-Ordner " + shownPath(dir, c)
	if err := checkProject(p, c, what, cacheHint); err != nil {
		return err
	}
	if inside(o, c) || inside(c, o) {
		return fmt.Errorf("%s liegt im Ausgabeordner %s oder enthält ihn (%s)", what, out, cacheHint)
	}
	if f, err := tracked(p, c); err != nil {
		return fmt.Errorf("%s kann nicht geprüft werden (git ls-files): %w", what, err)
	} else if f != "" {
		return fmt.Errorf("%s enthält die Datei %s, die in git eingecheckt ist; dorthin schreibt sitegen nicht (%s)", what, f, cacheHint)
	}
	empty, err := emptyDir(c)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if !empty && !ours(c) {
		return fmt.Errorf("%s ist nicht leer und kein Cache von sitegen; dorthin schreibt sitegen nicht, damit keine fremden Dateien verloren gehen (%s)", what, cacheHint)
	}
	return nil
}

// checkProject refuses the resolved folder d when it is the project p,
// holds it, is one of its projectDirs, holds one or lies in one. hint
// ends the message.
func checkProject(p, d, what, hint string) error {
	if inside(d, p) {
		return fmt.Errorf("%s enthält die Quellen (%s); dorthin schreibt sitegen nicht (%s)", what, p, hint)
	}
	for _, name := range projectDirs {
		pd, err := Resolve(filepath.Join(p, name))
		if err != nil {
			return fmt.Errorf("%s kann nicht geprüft werden: %w", what, err)
		}
		switch {
		case d == pd:
			return fmt.Errorf("%s ist ein Ordner des Projekts; dorthin schreibt sitegen nicht (%s)", what, hint)
		case inside(d, pd):
			return fmt.Errorf("%s enthält die Quellen (%s); dorthin schreibt sitegen nicht (%s)", what, pd, hint)
		case inside(pd, d):
			return fmt.Errorf("%s liegt in den Quellen des Projekts (%s); dorthin schreibt sitegen nicht (%s)", what, pd, hint)
		}
	}
	return nil
}

// Resolve returns the absolute form of p with the symbolic links in the
// longest part of it that exists resolved (the rest does not exist, so
// it holds none). A link that points nowhere is an error.
func Resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	cur, rest := abs, ""
	for {
		_, err := os.Lstat(cur)
		if err == nil {
			real, err := filepath.EvalSymlinks(cur)
			if err != nil {
				return "", err
			}
			return filepath.Join(real, rest), nil
		}
		if !errors.Is(err, os.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
			return "", err
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}

func resolveBoth(project, dir string) (p, d string, err error) {
	if p, err = Resolve(project); err == nil {
		d, err = Resolve(dir)
	}
	return p, d, err
}

// shownPath is the folder as given, and where it leads when that is
// elsewhere through symbolic links.
func shownPath(given, resolved string) string {
	if abs, err := filepath.Abs(given); err == nil && abs == resolved {
		return given
	}
	return fmt.Sprintf("%s (%s)", given, resolved)
}

// inside reports whether the path p is the folder dir or below it.
func inside(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && (rel == "." || filepath.IsLocal(rel))
}

// beside is the name of the file beside the folder dir with the suffix:
// public → .public.lock.
func beside(dir, suffix string) string {
	return filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+suffix)
}

// emptyDir reports whether the folder d is missing or empty; a file
// that is not a folder is an error.
func emptyDir(d string) (bool, error) {
	fi, err := os.Lstat(d)
	if errors.Is(err, os.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	if !fi.IsDir() {
		return false, errors.New("das ist kein Ordner")
	}
	f, err := os.Open(d)
	if err != nil {
		return false, err
	}
	defer f.Close()
	names, err := f.Readdirnames(1)
	if len(names) > 0 {
		return false, nil
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return false, err
	}
	return true, nil
}

// isLockFile reports whether name is a lock file that sitegen wrote: a
// file of this user (not a link) with the two lines of a lock file.
func isLockFile(name string) bool {
	f, err := openOwn(name, os.O_RDONLY)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, lockSize+1)
	n, _ := f.ReadAt(buf, 0)
	if n != lockSize {
		return false
	}
	pid, sum, ok := strings.Cut(string(buf[:n-1]), "\n")
	return ok && len(pid) == 10 && strings.Trim(strings.TrimLeft(pid, " "), "0123456789") == "" &&
		strings.TrimLeft(pid, " ") != "" && len(sum) == lockSize-12 && strings.Trim(sum, "0123456789abcdef") == ""
}

// tracked returns a file that git tracks in the project's repository
// and that is one of paths or inside one of them (as git names it,
// relative to project), or "". Paths that do not exist hold nothing to
// lose and are not asked about. Without git, outside a work tree, or
// when git fails (a folder outside the repository, a repository of
// another user), it is "": the other checks stand alone then. git runs
// only in the project, never in the folders checked (which others may
// have made), and with no file system monitor (core.fsmonitor, a
// command of the repository's configuration).
func tracked(project string, paths ...string) (string, error) {
	args := []string{"-c", "core.fsmonitor=false", "-C", project, "ls-files", "-z", "--"}
	n := len(args)
	for _, p := range paths {
		if _, err := os.Lstat(p); err != nil {
			continue
		}
		rel, err := filepath.Rel(project, p)
		if err != nil {
			return "", err
		}
		args = append(args, ":(literal)"+filepath.ToSlash(rel))
	}
	if len(args) == n {
		return "", nil
	}
	git, err := exec.LookPath("git")
	if err != nil {
		return "", nil
	}
	list, err := exec.Command(git, args...).Output()
	if err != nil {
		return "", nil
	}
	first, _, _ := strings.Cut(string(list), "\x00")
	return first, nil
}

// Package write is the last stage of the pipeline: it puts the built
// files into the output folder so that a build that fails or is killed
// never leaves a mix of two builds, and a build after one edit writes
// only the few files that changed.
//
// A build hands its files, one at a time and from several goroutines,
// to a [Sink]: a [Build] writes them into the output folder
// ([Lock], [Output.Begin], [Build.Commit]); the preview server's sink
// keeps them in memory (package build). [Dir] writes a whole list of
// files at once.
//
// # Files beside the output
//
// Everything the package keeps besides the site lives in the parent
// folder of the output folder, never inside it, so no name can collide
// with a file of the site and a web server never serves one. For the
// output folder public/:
//
//	.public.lock         the lock file (kept; see Lock)
//	.public-123456/      the new tree of a full build, or the staged
//	                     files of an incremental one
//	.public-123456.tmp   a journal being written
//	.public.journal      the journal of a committed incremental build
//	                     whose renames are not all done
//	.public-123456.old   the old tree, only where the file system
//	                     cannot exchange two folders
//
// # Lock
//
// [Lock] takes an flock(2) on .public.lock: one build at a time writes
// into an output folder. A second build waits (its caller is told:
// "Ein anderer Build schreibt gerade nach public/ (Prozess 1234); warte
// …") and runs when the first is done; [TryLock] fails instead. The
// lock ends with the process, however it ends. The lock file holds the
// PID of the build holding it and the sum of the manifest of what the
// folder holds (see Incremental builds).
//
// # Full builds
//
// A build without a usable manifest of the last build writes every file
// into a new tree beside the output (.public-123456/), waits until it is
// on disk (syncfs(2)), then swaps the two folders with one
// renameat2(RENAME_EXCHANGE) and removes the old tree. Readers of the
// output folder (a web server, rsync in CI) see either the old site or
// the new one, never a mix. Where the file system cannot exchange
// (rare), the old folder is renamed aside first, leaving a gap of one
// rename in which the folder is missing.
//
// # Incremental builds
//
// A [Manifest] lists every file the build left with its sum and size,
// and the device and inode of the output folder; the caller keeps it
// (in the build cache) and hands it to the next build ([Output.Begin]).
// When the folder is still the one it describes (same device and inode,
// and the lock file names this manifest as the last one written — so a
// manifest that was not saved after a later build, or one from another
// cache, does not count), the build is incremental: files the manifest
// lists with the same sum are kept ([Sink.Unchanged]), changed and new
// files are written into a staging folder beside the output
// (.public-123456/). The commit then
//
//  1. waits until the staged files are on disk (syncfs(2)),
//  2. writes the journal — the new manifest, the staged files to rename,
//     the files and folders of the last build that are gone — to
//     .public-123456.tmp, syncs it and renames it to .public.journal:
//     that rename is the commit point;
//  3. renames every staged file over its target (rename(2): each file
//     is replaced at once; pages last, so that a new page finds the new
//     assets it links to), making folders as needed and removing a
//     file or folder in the way (a path that was a file and is now a
//     folder, or back);
//  4. removes the files that are gone and the folders left empty,
//     deepest first;
//  5. records the new manifest's sum in the lock file, removes the
//     journal and the staging folder.
//
// Readers see every file either old or new, never half written, but
// during step 3 and 4 (milliseconds for the few files of a warm build)
// some files are already new and others still old. Anything in the
// folder that no build wrote (a file copied there by hand) stays in an
// incremental build and is gone after a full one; a file of the build
// changed by hand is not noticed: remove the folder (or build without
// the manifest) to write everything anew.
//
// # What a failed or killed build leaves
//
// Before the commit point (a write fails, the disk is full, the build
// is killed), the output folder is byte for byte as it was; the new
// tree or staging folder beside it is removed by Abort or, if the build
// was killed, by the next Lock. After the commit point, the journal
// stays until it is done: the next Lock finishes it (every step can be
// done again with the same result), so the output becomes the new
// build, and the next build continues incrementally from the
// journal's manifest. An unreadable journal (a damaged disk) is
// removed and the next build is a full one. Lock removes temporary
// folders of earlier builds only while it holds the lock, so never
// those of a build that is running.
//
// The guarantees hold against failures and killed builds. Against a
// crash of the system they hold on Linux as far as the file system
// keeps what syncfs(2) and fsync(2) said is on disk. On other systems
// there is no flock (where the system has none), no syncing and every
// build is a full one.
//
// Files are written in parallel; their modes are 0644, folders 0755.
//
// # Threat model
//
// The output folder and the cache folder are named by flags (--out,
// --cache-dir) that CI configuration passes, and a merge request that
// an editor opens may change that configuration: a build must never
// replace or fill a folder that is not its own, however it is named —
// the project's sources, git's folder, a folder of someone's files, or
// one of those reached through a symbolic link. A local user who may
// create files in the folder holding the output (a shared /tmp, whose
// sticky bit keeps them from renaming ours, but not from taking a name
// first) may plant symbolic links, hard links, files or a crafted
// journal under the names this package keeps there: the lock file must
// not truncate what a link points at, the journal's replay must not
// move or remove anything outside the output folder and its staging
// folder, and neither a journal nor a staging folder of another user
// is used. Out of scope: the contents of an output in a folder where
// others may rename (they can replace the output itself), and a user
// who may write the project (they can change what is built).
//
// # The output folder is sitegen's or nothing
//
// [CheckOut] (and [CheckCache] for the cache folder), called by sitegen
// build before anything is written, refuse, after resolving symbolic
// links in the longest part of the path that exists:
//
//   - the project folder and every folder holding it; the folders .git,
//     cmd, internal, content, layouts, assets, i18n, deploy and tools of
//     the project, every folder holding one of them and every folder in
//     one of them;
//   - a folder holding a file that git tracks in the project's
//     repository, and an output folder whose lock file or journal git
//     tracks (git ls-files, run in the project only and without its
//     fsmonitor, when git is installed and can tell: one process per
//     build whose output folder exists);
//   - a folder that is not empty and is not sitegen's: for an output, no
//     lock file of sitegen beside it (a plain file of this user with the
//     two lines of a lock file — every build leaves it); for a cache,
//     anything the cache does not keep (cache.Owns).
//
// There is no option to override this. The output folder is used
// through its resolved path: a symbolic link to a folder leads the build
// to that folder, whose lock file is beside it.
//
// # Links beside the output
//
// Beside the output, the lock file and the journal are opened with
// O_NOFOLLOW and used only when they are plain files of this user with
// one name (a hard link to someone's file is refused too); a staging
// folder named in a journal must be a folder of this user, not a link;
// the journal's replay resolves every path beneath the output folder
// and the staging folder through [os.Root], which refuses a path that
// leaves them, and renames between the two with renameat(2) on the
// opened folders. Anything refused is an error naming the file.
package write

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/stadt-bamberg/integration/internal/digest"
	"github.com/stadt-bamberg/integration/internal/parallel"
)

// File is one file of the built site.
type File struct {
	Path string // slash path inside the output, e.g. "akteure/index.html"
	Data []byte
}

// Valid reports whether p is a clean relative slash path that stays inside
// the output folder.
func Valid(p string) bool {
	return p != "" && p != "." && !strings.HasPrefix(p, "/") && path.Clean(p) == p &&
		p != ".." && !strings.HasPrefix(p, "../") && !strings.Contains(p, "\\")
}

// Dir replaces the folder out with exactly files (a full build: Lock,
// Begin without a manifest, Put, Commit). On error out is left as it
// was. It waits for another build writing to out.
func Dir(out string, files []File) (err error) {
	for _, f := range files {
		if !Valid(f.Path) {
			return fmt.Errorf("write: ungültiger Ausgabepfad %q", f.Path)
		}
	}
	o, err := Lock(context.Background(), out, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err1 := o.Close(); err == nil {
			err = err1
		}
	}()
	b := o.Begin(nil)
	if err := parallel.ForErr(len(files), func(i int) error {
		f := files[i]
		return b.Put(f.Path, f.Data, digest.Of(f.Data))
	}); err != nil {
		b.Abort()
		return err
	}
	_, err = b.Commit()
	return err
}

// Files writes files into the existing folder dir.
func Files(dir string, files []File) error {
	dirs := map[string]bool{}
	for _, f := range files {
		if !Valid(f.Path) {
			return fmt.Errorf("write: ungültiger Ausgabepfad %q", f.Path)
		}
		for d := path.Dir(f.Path); d != "."; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	sorted := make([]string, 0, len(dirs))
	for d := range dirs {
		sorted = append(sorted, d)
	}
	slices.Sort(sorted) // parents before children
	for _, d := range sorted {
		if err := os.Mkdir(filepath.Join(dir, filepath.FromSlash(d)), 0o755); err != nil && !errors.Is(err, os.ErrExist) {
			return err
		}
	}
	return parallel.ForErr(len(files), func(i int) error {
		f := files[i]
		return writeFile(filepath.Join(dir, filepath.FromSlash(f.Path)), f.Data, 0o644)
	})
}

// swapAside puts tmp in the place of out by renaming out aside first,
// and returns where the old out is now.
func swapAside(tmp, out string) (string, error) {
	old := tmp + ".old"
	if err := os.Rename(out, old); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, out); err != nil {
		os.Rename(old, out)
		return "", err
	}
	return old, nil
}

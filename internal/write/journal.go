package write

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/stadt-bamberg/integration/internal/digest"
)

// journal is what an incremental commit does to the output folder, kept
// in .public.journal from the commit point until it is done. Every step
// can be done again with the same result, so that a commit that was
// killed half-way is finished by doing the whole journal once more.
type journal struct {
	stage     string    // base name of the staging folder beside the output; "" if nothing was staged
	manifest  *Manifest // what the output holds when the journal is done
	puts      []string  // staged files, renamed over their targets in this order
	goneFiles []string  // files of the last build that are not in this one
	goneDirs  []string  // folders of the last build that are not in this one, deepest first
}

// The binary form of a journal:
//
//	"SGJR" 0x01
//	uvarint length + staging folder name
//	uvarint length + the manifest (MarshalBinary)
//	puts, gone files, gone folders: each uvarint count, then per path uvarint length + path
//	16 bytes: digest.Of of everything before
const journalMagic = "SGJR\x01"

func (j *journal) marshal() []byte {
	m := j.manifest.encoded()
	b := []byte(journalMagic)
	b = binary.AppendUvarint(b, uint64(len(j.stage)))
	b = append(b, j.stage...)
	b = binary.AppendUvarint(b, uint64(len(m)))
	b = append(b, m...)
	for _, list := range [][]string{j.puts, j.goneFiles, j.goneDirs} {
		b = binary.AppendUvarint(b, uint64(len(list)))
		for _, p := range list {
			b = binary.AppendUvarint(b, uint64(len(p)))
			b = append(b, p...)
		}
	}
	sum := digest.Of(b)
	return append(b, sum[:]...)
}

// parseJournal decodes a journal of the output folder named base and
// checks that it only names paths inside the output and a staging folder
// of this output.
func parseJournal(data []byte, base string) (*journal, error) {
	n := len(data) - len(digest.Sum{})
	if n < 0 || digest.Sum(data[n:]) != digest.Of(data[:n]) {
		return nil, errors.New("write: Journal beschädigt (Prüfsumme stimmt nicht)")
	}
	return parseJournalBody(data[:n], base)
}

// parseJournalBody decodes a journal without its checksum.
func parseJournalBody(data []byte, base string) (*journal, error) {
	r := reader{b: data}
	if !r.prefix(journalMagic) {
		return nil, errors.New("write: kein Journal (oder eine andere Version)")
	}
	j := &journal{stage: r.str(), manifest: new(Manifest)}
	mdata := r.str()
	if r.err != nil {
		return nil, r.err
	}
	if j.stage != "" && !isTemp(base, j.stage, "") {
		return nil, fmt.Errorf("write: Journal beschädigt (Staging-Ordner %q)", j.stage)
	}
	if err := j.manifest.UnmarshalBinary([]byte(mdata)); err != nil {
		return nil, err
	}
	for _, list := range []*[]string{&j.puts, &j.goneFiles, &j.goneDirs} {
		count := r.uvarint()
		if count > uint64(len(r.b)) {
			return nil, errShort
		}
		for range count {
			p := r.str()
			if r.err != nil {
				return nil, r.err
			}
			if !Valid(p) {
				return nil, fmt.Errorf("write: Journal beschädigt (Pfad %q)", p)
			}
			*list = append(*list, p)
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) != 0 {
		return nil, errors.New("write: Journal beschädigt (Bytes am Ende)")
	}
	for _, p := range j.puts {
		if _, ok := j.manifest.Files[p]; !ok {
			return nil, fmt.Errorf("write: Journal beschädigt (%q fehlt im Manifest)", p)
		}
	}
	for _, p := range j.goneFiles {
		if _, ok := j.manifest.Files[p]; ok {
			return nil, fmt.Errorf("write: Journal beschädigt (%q bleibt und geht)", p)
		}
	}
	return j, nil
}

// replay does the journal j to the output folder out, whose staging
// folder is stage ("" when there is none any more). It may run any
// number of times, also after an earlier run was killed at any point: a
// staged file that is no longer in the staging folder was renamed
// already; removals skip what is gone.
//
// Every path of the journal is resolved beneath out or stage through an
// [os.Root], which refuses a path that leaves its folder (through "..",
// or a symbolic link pointing outside): a crafted journal, or links
// planted in the staging folder, cannot move or remove anything outside
// the two folders. Staged entries must be plain files.
func replay(out, stage string, j *journal) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if fi, err := os.Lstat(out); err != nil {
		return err
	} else if !fi.IsDir() {
		return fmt.Errorf("write: %s ist kein Ordner", out)
	}
	dst, err := os.OpenRoot(out)
	if err != nil {
		return err
	}
	defer dst.Close()
	var src *os.Root
	if stage != "" && len(j.puts) > 0 {
		if src, err = os.OpenRoot(stage); err != nil {
			return err
		}
		defer src.Close()
	}
	made := map[string]bool{}
	for _, p := range j.puts {
		if src == nil {
			break // the staging folder is gone: every file was renamed
		}
		name := filepath.FromSlash(p)
		if fi, err := src.Lstat(name); errors.Is(err, os.ErrNotExist) {
			continue // renamed by an earlier run
		} else if err != nil {
			return err
		} else if !fi.Mode().IsRegular() {
			return fmt.Errorf("write: %s im Staging-Ordner %s ist keine Datei", p, stage)
		}
		if err := makeParents(dst, p, made); err != nil {
			return err
		}
		// a/ was a folder and is now a file: what is left in it
		// belongs to the last build.
		if fi, err := dst.Lstat(name); err == nil && fi.IsDir() {
			if err := dst.RemoveAll(name); err != nil {
				return err
			}
		}
		if err := renameBetween(src, p, dst, p); err != nil {
			return err
		}
		hook("renamed")
	}
	for _, p := range j.goneFiles {
		name := filepath.FromSlash(p)
		// Not there (or a parent is now a file, or outside): gone
		// already. A folder: p is now a folder of the new build.
		if fi, err := dst.Lstat(name); err != nil || fi.IsDir() {
			continue
		}
		if err := dst.Remove(name); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	for _, d := range j.goneDirs {
		name := filepath.FromSlash(d)
		if fi, err := dst.Lstat(name); err != nil || !fi.IsDir() {
			continue // removed, or now a file of the new build
		}
		if err := dst.Remove(name); err != nil && !errors.Is(err, os.ErrNotExist) {
			// A folder that still holds something the builds did not
			// write stays.
			if f, err := dst.Open(name); err == nil {
				names, _ := f.Readdirnames(1)
				f.Close()
				if len(names) > 0 {
					continue
				}
			}
			return err
		}
	}
	return nil
}

// makeParents makes the folders of the file p in out, removing a file
// that is in the way (a was a file and is now a folder).
func makeParents(out *os.Root, p string, made map[string]bool) error {
	var todo []string
	for d := path.Dir(p); d != "." && !made[d]; d = path.Dir(d) {
		todo = append(todo, d)
	}
	for i := len(todo) - 1; i >= 0; i-- {
		d := todo[i]
		name := filepath.FromSlash(d)
		fi, err := out.Lstat(name)
		switch {
		case err == nil && fi.IsDir():
		case err == nil:
			if err := out.Remove(name); err != nil {
				return err
			}
			fallthrough
		case errors.Is(err, os.ErrNotExist):
			if err := out.Mkdir(name, 0o755); err != nil {
				return err
			}
		default:
			return err
		}
		made[d] = true
	}
	return nil
}

// isTemp reports whether name is a temporary name of the output folder
// base with the given suffix: .public-123456 + suffix.
func isTemp(base, name, suffix string) bool {
	rest, ok := strings.CutPrefix(name, "."+base+"-")
	if !ok {
		return false
	}
	rest, ok = strings.CutSuffix(rest, suffix)
	return ok && rest != "" && strings.Trim(rest, "0123456789") == ""
}

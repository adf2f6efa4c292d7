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
// folder is stage. It may run any number of times, also after an earlier
// run was killed at any point: a staged file that is no longer in the
// staging folder was renamed already; removals skip what is gone.
func replay(out, stage string, j *journal) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	made := map[string]bool{}
	for _, p := range j.puts {
		src := filepath.Join(stage, filepath.FromSlash(p))
		if _, err := os.Lstat(src); errors.Is(err, os.ErrNotExist) {
			continue // renamed by an earlier run
		} else if err != nil {
			return err
		}
		if err := makeParents(out, p, made); err != nil {
			return err
		}
		dst := filepath.Join(out, filepath.FromSlash(p))
		// a/ was a folder and is now a file: what is left in it
		// belongs to the last build.
		if fi, err := os.Lstat(dst); err == nil && fi.IsDir() {
			if err := os.RemoveAll(dst); err != nil {
				return err
			}
		}
		if err := os.Rename(src, dst); err != nil {
			return err
		}
		hook("renamed")
	}
	for _, p := range j.goneFiles {
		dst := filepath.Join(out, filepath.FromSlash(p))
		// Not there (or a parent is now a file): gone already. A folder:
		// p is now a folder of the new build.
		if fi, err := os.Lstat(dst); err != nil || fi.IsDir() {
			continue
		}
		if err := os.Remove(dst); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	for _, d := range j.goneDirs {
		dst := filepath.Join(out, filepath.FromSlash(d))
		if fi, err := os.Lstat(dst); err != nil || !fi.IsDir() {
			continue // removed, or now a file of the new build
		}
		if err := os.Remove(dst); err != nil && !errors.Is(err, os.ErrNotExist) {
			// A folder that still holds something the builds did not
			// write stays.
			if entries, err := os.ReadDir(dst); err == nil && len(entries) > 0 {
				continue
			}
			return err
		}
	}
	return nil
}

// makeParents makes the folders of the file p in out, removing a file
// that is in the way (a was a file and is now a folder).
func makeParents(out, p string, made map[string]bool) error {
	var todo []string
	for d := path.Dir(p); d != "." && !made[d]; d = path.Dir(d) {
		todo = append(todo, d)
	}
	for i := len(todo) - 1; i >= 0; i-- {
		d := todo[i]
		abs := filepath.Join(out, filepath.FromSlash(d))
		fi, err := os.Lstat(abs)
		switch {
		case err == nil && fi.IsDir():
		case err == nil:
			if err := os.Remove(abs); err != nil {
				return err
			}
			fallthrough
		case errors.Is(err, os.ErrNotExist):
			if err := os.Mkdir(abs, 0o755); err != nil {
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

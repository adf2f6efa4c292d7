package write

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"path"
	"slices"

	"github.com/stadt-bamberg/integration/internal/digest"
)

// Manifest is what a build left in an output folder: every file with its
// sum and size, and the identity of the folder itself (device and inode),
// so that a folder that was removed or replaced since is recognised.
type Manifest struct {
	Dev, Ino uint64
	Files    map[string]Entry // by slash path inside the folder

	enc []byte // the binary form, once made or read (Files is not changed after)
}

// Entry is one file of a [Manifest].
type Entry struct {
	Sum  digest.Sum
	Size int64
}

// The binary form of a Manifest:
//
//	"SGMF" 0x01
//	uvarint Dev, uvarint Ino, uvarint number of files
//	per file, by path in byte order: uvarint bytes shared with the
//	previous path, uvarint length of the rest, the rest, 16 bytes sum,
//	uvarint size
//	16 bytes: digest.Of of everything before
//
// Paths share long prefixes (akteure/…), so a file costs about 25 bytes.
const manifestMagic = "SGMF\x01"

// minEntry is the least number of bytes a file takes in the binary form.
const minEntry = 1 + 1 + 1 + len(digest.Sum{}) + 1

// MarshalBinary encodes m compactly and deterministically (the same
// manifest always gives the same bytes), with a checksum at the end.
func (m Manifest) MarshalBinary() ([]byte, error) {
	if m.enc != nil {
		return m.enc, nil
	}
	return m.appendTo(nil), nil
}

// encoded returns the binary form, made once: sorting and encoding the
// paths of a large site takes milliseconds.
func (m *Manifest) encoded() []byte {
	if m.enc == nil {
		m.enc = m.appendTo(nil)
	}
	return m.enc
}

func (m Manifest) appendTo(b []byte) []byte {
	paths := make([]string, 0, len(m.Files))
	n := 0
	for p := range m.Files {
		paths = append(paths, p)
		n += len(p)
	}
	slices.Sort(paths)
	start := len(b)
	b = slices.Grow(b, len(manifestMagic)+30+len(paths)*(minEntry+4)+n/2+len(digest.Sum{}))
	b = append(b, manifestMagic...)
	b = binary.AppendUvarint(b, m.Dev)
	b = binary.AppendUvarint(b, m.Ino)
	b = binary.AppendUvarint(b, uint64(len(paths)))
	prev := ""
	for _, p := range paths {
		shared := 0
		for shared < len(p) && shared < len(prev) && p[shared] == prev[shared] {
			shared++
		}
		b = binary.AppendUvarint(b, uint64(shared))
		b = binary.AppendUvarint(b, uint64(len(p)-shared))
		b = append(b, p[shared:]...)
		e := m.Files[p]
		b = append(b, e.Sum[:]...)
		b = binary.AppendUvarint(b, uint64(max(e.Size, 0)))
		prev = p
	}
	sum := digest.Of(b[start:])
	return append(b, sum[:]...)
}

// sum identifies the manifest (its files and its folder).
func (m *Manifest) sum() digest.Sum { return digest.Of(m.encoded()) }

// UnmarshalBinary decodes what MarshalBinary made. Anything else (a
// truncated, altered or foreign file) is rejected with an error; m is
// changed only on success.
func (m *Manifest) UnmarshalBinary(data []byte) error {
	n := len(data) - len(digest.Sum{})
	if n < 0 || digest.Sum(data[n:]) != digest.Of(data[:n]) {
		return errors.New("write: Manifest beschädigt (Prüfsumme stimmt nicht)")
	}
	if err := m.parse(data[:n]); err != nil {
		return err
	}
	m.enc = slices.Clone(data)
	return nil
}

// parse decodes the binary form without its checksum.
func (m *Manifest) parse(data []byte) error {
	r := reader{b: data}
	if !r.prefix(manifestMagic) {
		return errors.New("write: kein Manifest (oder eine andere Version)")
	}
	dev, ino := r.uvarint(), r.uvarint()
	count := r.uvarint()
	if r.err == nil && count > uint64(len(r.b)/minEntry) {
		return errors.New("write: Manifest beschädigt (zu viele Dateien)")
	}
	files := make(map[string]Entry, int(min(count, 1<<20)))
	var dirs map[string]bool
	prev := ""
	for i := uint64(0); i < count && r.err == nil; i++ {
		shared, rest := r.uvarint(), r.uvarint()
		if r.err != nil {
			break
		}
		if shared > uint64(len(prev)) || rest > uint64(len(r.b)) {
			return errors.New("write: Manifest beschädigt (Pfad)")
		}
		p := prev[:shared] + string(r.take(int(rest)))
		var e Entry
		copy(e.Sum[:], r.take(len(e.Sum)))
		size := r.uvarint()
		if r.err != nil {
			break
		}
		if size > math.MaxInt64 {
			return errors.New("write: Manifest beschädigt (Größe)")
		}
		e.Size = int64(size)
		if !Valid(p) || (i > 0 && p <= prev) {
			return fmt.Errorf("write: Manifest beschädigt (Pfad %q)", p)
		}
		// A folder cannot hold both a file a and a file a/b.
		if dirs == nil {
			dirs = map[string]bool{}
		}
		if dirs[p] {
			return fmt.Errorf("write: Manifest beschädigt (%q ist Datei und Ordner)", p)
		}
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			if _, ok := files[d]; ok {
				return fmt.Errorf("write: Manifest beschädigt (%q ist Datei und Ordner)", d)
			}
			dirs[d] = true
		}
		files[p] = e
		prev = p
	}
	if r.err != nil {
		return r.err
	}
	if len(r.b) != 0 {
		return errors.New("write: Manifest beschädigt (Bytes am Ende)")
	}
	*m = Manifest{Dev: dev, Ino: ino, Files: files}
	return nil
}

// reader reads the binary forms of manifests and journals; the first
// error sticks and every later read returns zero values.
type reader struct {
	b   []byte
	err error
}

var errShort = errors.New("write: Daten beschädigt (zu kurz)")

func (r *reader) prefix(s string) bool {
	if !bytes.HasPrefix(r.b, []byte(s)) {
		return false
	}
	r.b = r.b[len(s):]
	return true
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errShort
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b) {
		r.err = errShort
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

// str reads a length-prefixed string.
func (r *reader) str() string {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.err = errShort
		return ""
	}
	return string(r.take(int(n)))
}

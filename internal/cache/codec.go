package cache

import (
	"encoding/binary"
	"errors"

	"github.com/stadt-bamberg/integration/internal/diag"
	"github.com/stadt-bamberg/integration/internal/digest"
)

// Encoder appends values to a byte slice in the cache's binary form:
// unsigned varints, and strings and byte slices with their length first.
// Records are written and read back in the same order by their owners
// (package load for loaded files, package build for pages); a Decoder
// never panics on bytes it did not write.
type Encoder struct{ b []byte }

// Bytes returns what was encoded.
func (e *Encoder) Bytes() []byte { return e.b }

// Uint writes an unsigned integer.
func (e *Encoder) Uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }

// Int writes a signed integer.
func (e *Encoder) Int(v int64) { e.b = binary.AppendVarint(e.b, v) }

// Str writes a string.
func (e *Encoder) Str(s string) { e.Uint(uint64(len(s))); e.b = append(e.b, s...) }

// Raw writes a byte slice.
func (e *Encoder) Raw(p []byte) { e.Uint(uint64(len(p))); e.b = append(e.b, p...) }

// Sum writes a digest.
func (e *Encoder) Sum(s digest.Sum) { e.b = append(e.b, s[:]...) }

// Bool writes a boolean.
func (e *Encoder) Bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

// ErrCorrupt is the error of a Decoder that read bytes that cannot be
// what an Encoder wrote.
var ErrCorrupt = errors.New("cache: beschädigter Eintrag")

// Decoder reads what an Encoder wrote. After the first problem every
// read returns a zero value and Err reports ErrCorrupt.
type Decoder struct {
	b   []byte
	err error
}

// NewDecoder returns a Decoder reading b.
func NewDecoder(b []byte) *Decoder { return &Decoder{b: b} }

// Err returns ErrCorrupt if a read failed.
func (d *Decoder) Err() error { return d.err }

// Done returns an error if a read failed or bytes are left over.
func (d *Decoder) Done() error {
	if d.err == nil && len(d.b) != 0 {
		d.err = ErrCorrupt
	}
	return d.err
}

func (d *Decoder) fail() { d.err = ErrCorrupt; d.b = nil }

// Uint reads an unsigned integer.
func (d *Decoder) Uint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

// Int reads a signed integer.
func (d *Decoder) Int() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

// Len reads a count that must not exceed the bytes left (each element
// takes at least one byte), so that a corrupt count cannot make the
// caller allocate without bound.
func (d *Decoder) Len() int {
	n := d.Uint()
	if n > uint64(len(d.b)) {
		d.fail()
		return 0
	}
	return int(n)
}

// Raw reads a byte slice; it shares memory with the decoded bytes.
func (d *Decoder) Raw() []byte {
	n := d.Uint()
	if n > uint64(len(d.b)) {
		d.fail()
		return nil
	}
	p := d.b[:n:n]
	d.b = d.b[n:]
	return p
}

// Str reads a string.
func (d *Decoder) Str() string { return string(d.Raw()) }

// Sum reads a digest.
func (d *Decoder) Sum() digest.Sum {
	var s digest.Sum
	if len(d.b) < len(s) {
		d.fail()
		return s
	}
	copy(s[:], d.b)
	d.b = d.b[len(s):]
	return s
}

// Bool reads a boolean.
func (d *Decoder) Bool() bool {
	if len(d.b) == 0 || d.b[0] > 1 {
		d.fail()
		return false
	}
	v := d.b[0] == 1
	d.b = d.b[1:]
	return v
}

// Diags writes diagnostics (the problems a record keeps to report again).
func (e *Encoder) Diags(ds []diag.Diagnostic) {
	e.Uint(uint64(len(ds)))
	for _, x := range ds {
		e.Str(x.Path)
		e.Int(int64(x.Line))
		e.Int(int64(x.Col))
		e.Int(int64(x.Severity))
		e.Str(x.Message)
	}
}

// Diags reads what Encoder.Diags wrote.
func (d *Decoder) Diags() []diag.Diagnostic {
	n := d.Len()
	var ds []diag.Diagnostic
	for range n {
		ds = append(ds, diag.Diagnostic{Path: d.Str(), Line: int(d.Int()), Col: int(d.Int()), Severity: diag.Severity(d.Int()), Message: d.Str()})
	}
	return ds
}

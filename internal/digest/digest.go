// Package digest is the one place where the generator hashes bytes: the
// identity of a file's contents in the build cache and in the manifest of
// the output folder, and the signatures of pages (everything a page's
// output depends on).
//
// A [Sum] is the 128-bit XXH3 hash (github.com/zeebo/xxh3) of the bytes.
// It is not a cryptographic hash: it identifies contents the generator
// made or read itself, where nobody chooses bytes to collide, and it is
// fast (several GB/s), so that hashing every file of a 10,000-page site
// costs a few milliseconds. Sums are stable across processes and
// machines: no random seed enters, so they can be kept on disk.
package digest

import (
	"encoding/binary"
	"encoding/hex"

	"github.com/zeebo/xxh3"
)

// Sum identifies contents.
type Sum [16]byte

// Of returns the sum of data.
func Of(data []byte) Sum { return from(xxh3.Hash128(data)) }

// String returns the sum as 32 hex digits.
func (s Sum) String() string { return hex.EncodeToString(s[:]) }

// IsZero reports whether s is the zero Sum (no contents known).
func (s Sum) IsZero() bool { return s == Sum{} }

func from(u xxh3.Uint128) Sum {
	var s Sum
	binary.BigEndian.PutUint64(s[:8], u.Hi)
	binary.BigEndian.PutUint64(s[8:], u.Lo)
	return s
}

// Hasher hashes a sequence of values. Every value is written with its
// length or a terminator, so that different sequences never hash alike
// by concatenation ("ab","c" and "a","bc" differ). The zero Hasher is
// not ready; use [New].
type Hasher struct{ h *xxh3.Hasher128 }

// New returns an empty Hasher.
func New() *Hasher { return &Hasher{h: xxh3.New128()} }

// Sum returns the sum of what was written so far.
func (h *Hasher) Sum() Sum { return from(h.h.Sum128()) }

// Str writes a string.
func (h *Hasher) Str(s string) {
	h.Int(len(s))
	h.h.WriteString(s)
}

// Bytes writes a byte slice.
func (h *Hasher) Bytes(b []byte) {
	h.Int(len(b))
	h.h.Write(b)
}

// Int writes an integer.
func (h *Hasher) Int(n int) { h.U64(uint64(n)) }

// U64 writes an unsigned integer.
func (h *Hasher) U64(n uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], n)
	h.h.Write(b[:])
}

// Bool writes a boolean.
func (h *Hasher) Bool(v bool) {
	if v {
		h.h.Write([]byte{1})
	} else {
		h.h.Write([]byte{2})
	}
}

// SumOf writes another sum.
func (h *Hasher) SumOf(s Sum) { h.h.Write(s[:]) }

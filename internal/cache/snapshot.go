package cache

import (
	"bytes"
	"crypto/hmac"
	"errors"
	"os"
	"path/filepath"
)

// # The snapshot
//
// Beside the index, a cache may hold one snapshot (the file snapshot):
// a record its owner (package build) writes with [Cache.SetSnapshot] and
// reads back with [Cache.Snapshot] before the index is read at all —
// what a build found and made, for the next build to tell at once that
// nothing changed. It carries the format and the cache's key (version
// and settings) and ends in an HMAC-SHA-256 under the cache's key, as
// the index does (with another prefix, so that neither passes for the
// other). A snapshot that fails is not used: Load then warns, unless the
// index is refused anyway; the build goes the long way. What its owner
// may trust in it is what it may trust in a record: it was written by a
// build with this key, maybe an older one (a rollback).

const (
	snapshotName  = "snapshot"
	snapshotMagic = "sitegen-snapshot\n"
)

// Snapshot returns the snapshot the last build that saved this cache
// set, when it passes its MAC and was made with the cache's key. A
// snapshot that does not pass is a miss that Load reports.
func (c *Cache) Snapshot() ([]byte, bool) {
	data, err := readFile(filepath.Join(c.dir, snapshotName))
	if err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			c.snapWarn = err.Error()
		}
		return nil, false
	}
	const macLen = 32
	if len(data) < len(snapshotMagic)+macLen || !bytes.HasPrefix(data, []byte(snapshotMagic)) {
		c.snapWarn = "unbekanntes Format"
		return nil, false
	}
	body, trailer := data[:len(data)-macLen], data[len(data)-macLen:]
	if !hmac.Equal(c.mac.snapshot(body), trailer) {
		c.snapWarn = "seine Prüfsumme passt nicht zum Schlüssel"
		return nil, false
	}
	d := NewDecoder(body[len(snapshotMagic):])
	if v := d.Uint(); v != formatVer {
		return nil, false // an older sitegen's: the index says so
	}
	if d.Str() != c.key {
		return nil, false // another version's or settings': the index says so
	}
	v := d.Raw()
	if d.Done() != nil {
		c.snapWarn = "beschädigt"
		return nil, false
	}
	return v, true
}

// SetSnapshot makes Save write data as the snapshot (nil: none; an old
// one is removed).
func (c *Cache) SetSnapshot(data []byte) {
	c.mu.Lock()
	c.snapNext = data
	c.mu.Unlock()
}

// saveSnapshot writes the snapshot after the index; c.mu is held.
func (c *Cache) saveSnapshot() error {
	p := filepath.Join(c.dir, snapshotName)
	if c.snapNext == nil {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		return nil
	}
	var e Encoder
	e.b = append(e.b, snapshotMagic...)
	e.Uint(formatVer)
	e.Str(c.key)
	e.Raw(c.snapNext)
	e.b = append(e.b, c.mac.snapshot(e.b)...)
	tmp, err := os.CreateTemp(c.dir, snapshotName+".tmp-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(e.b)
	err = errors.Join(err, tmp.Close())
	if err == nil {
		err = os.Rename(tmp.Name(), p)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// snapshot returns the MAC of a snapshot's bytes.
func (m *macs) snapshot(body []byte) []byte { return m.sum('s', body) }

package cache

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/stadt-bamberg/integration/internal/digest"
)

// SecretEnv is the environment variable whose value, when set, is the
// secret the cache is authenticated with instead of the per-user key
// (see the package doc).
const SecretEnv = "SITEGEN_CACHE_SECRET"

// keyLen is the length of the per-user key and of the derived keys.
const keyLen = 32

// KeyFile returns where the per-user key is (or would be made).
func KeyFile() (string, error) {
	base, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(base, "sitegen", "cache-key"), nil
}

// macKey returns the key that authenticates the cache in dir: derived
// from $SITEGEN_CACHE_SECRET, else from the per-user key and dir's
// absolute path.
func macKey(dir string) ([]byte, error) {
	if s := os.Getenv(SecretEnv); s != "" {
		return derive([]byte(s), "secret", ""), nil
	}
	k, err := userKey()
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	return derive(k, "user", abs), nil
}

// derive makes the key of one use of a master key, so that the secret
// itself never keys a MAC that the cache stores.
func derive(master []byte, kind, dir string) []byte {
	m := hmac.New(sha256.New, master)
	m.Write([]byte("sitegen-cache key\x00" + kind + "\x00" + dir))
	return m.Sum(nil)
}

// userKey reads the per-user key, making it first if there is none.
func userKey() ([]byte, error) {
	p, err := KeyFile()
	if err != nil {
		return nil, fmt.Errorf("kein Ordner für den Schlüssel des Caches (%v); %s setzen", err, SecretEnv)
	}
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	info, err := os.Lstat(dir)
	if err != nil {
		return nil, err
	}
	if err := checkPrivate(dir, info, true); err != nil {
		return nil, err
	}
	k, err := readKey(p)
	if errors.Is(err, fs.ErrNotExist) {
		if err = makeKey(dir, p); err == nil {
			k, err = readKey(p)
		}
	}
	return k, err
}

// readKey reads the key file p, refusing a link, another file type, a
// file others may read or write, or one of the wrong length.
func readKey(p string) ([]byte, error) {
	f, err := openNoFollow(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := checkPrivate(p, info, false); err != nil {
		return nil, err
	}
	k, err := io.ReadAll(io.LimitReader(f, keyLen+1))
	if err != nil {
		return nil, err
	}
	if len(k) != keyLen {
		return nil, fmt.Errorf("der Schlüssel des Caches %s hat nicht %d Bytes; bitte löschen, der nächste Build macht einen neuen", p, keyLen)
	}
	return k, nil
}

// makeKey writes a new random key to p, unless another build made one
// meanwhile: written to a temporary file and linked to p, which fails
// when p exists.
func makeKey(dir, p string) error {
	k := make([]byte, keyLen)
	rand.Read(k)
	tmp, err := os.CreateTemp(dir, "cache-key.tmp-*") // 0600
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(k)
	if err = errors.Join(err, tmp.Sync(), tmp.Close()); err != nil {
		return err
	}
	if err := os.Link(tmp.Name(), p); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return nil
}

// macs computes the tags of one cache; its methods are safe for
// concurrent use.
type macs struct {
	pool sync.Pool // of hash.Hash: HMAC-SHA-256 under the cache's key
}

func newMACs(key []byte) *macs {
	m := &macs{}
	m.pool.New = func() any { return hmac.New(sha256.New, key) }
	return m
}

// index returns the MAC of the index's bytes.
func (m *macs) index(body []byte) []byte { return m.sum('i', body) }

// sum returns the MAC of body after the byte kind, which keeps a MAC of
// one kind of file from standing for another (the index 'i', the
// snapshot 's').
func (m *macs) sum(kind byte, body []byte) []byte {
	h := m.pool.Get().(hash.Hash)
	h.Reset()
	h.Write([]byte{kind})
	h.Write(body)
	out := h.Sum(nil)
	m.pool.Put(h)
	return out
}

// tag is what binds a blob's bytes to its name.
type tag [16]byte

// blob returns the tag of the blob named s with the bytes data.
func (m *macs) blob(s digest.Sum, data []byte) tag {
	h := m.pool.Get().(hash.Hash)
	h.Reset()
	h.Write([]byte{'b'})
	h.Write(s[:])
	h.Write(data)
	var buf [sha256.Size]byte
	var t tag
	copy(t[:], h.Sum(buf[:0]))
	m.pool.Put(h)
	return t
}

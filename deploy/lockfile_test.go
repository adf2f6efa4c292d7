package deploy

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestLockfilesHashed checks that every package the npm lock files pin
// carries its sha512 integrity hash: `npm ci` then refuses a tarball that
// a registry, a mirror or a restored CI cache altered (Decap's bundle is
// copied into /admin/, next to the editors' tokens). A package without a
// hash would be taken on trust.
func TestLockfilesHashed(t *testing.T) {
	for _, lock := range []string{"../tools/package-lock.json", "../tools/cms/package-lock.json"} {
		t.Run(filepath.Base(filepath.Dir(lock)), func(t *testing.T) {
			data, err := os.ReadFile(lock)
			if err != nil {
				t.Fatal(err)
			}
			if missing := unhashed(t, data); len(missing) > 0 {
				t.Errorf("%s: %d packages without an integrity hash (regenerate the lock file and review the diff), e.g. %s",
					lock, len(missing), strings.Join(missing[:min(5, len(missing))], ", "))
			}
		})
	}
}

// unhashed returns the packages of a lock file (lockfileVersion 2 or 3)
// that have no sha512 integrity hash; links to local folders have none
// to have.
func unhashed(t *testing.T, data []byte) []string {
	t.Helper()
	var lock struct {
		LockfileVersion int `json:"lockfileVersion"`
		Packages        map[string]struct {
			Version   string `json:"version"`
			Integrity string `json:"integrity"`
			Link      bool   `json:"link"`
		} `json:"packages"`
	}
	if err := json.Unmarshal(data, &lock); err != nil {
		t.Fatal(err)
	}
	if lock.LockfileVersion < 2 || len(lock.Packages) < 2 {
		t.Fatalf("lockfileVersion %d with %d packages: not a lock file npm ci can check", lock.LockfileVersion, len(lock.Packages))
	}
	var missing []string
	for name, p := range lock.Packages {
		if name == "" || p.Link {
			continue
		}
		if !strings.HasPrefix(p.Integrity, "sha512-") {
			missing = append(missing, name+"@"+p.Version)
		}
	}
	slices.Sort(missing)
	return missing
}

func TestUnhashed(t *testing.T) {
	lock := `{"lockfileVersion": 3, "packages": {
		"": {"name": "x"},
		"node_modules/a": {"version": "1.0.0", "integrity": "sha512-AAAA"},
		"node_modules/b": {"version": "2.0.0"},
		"node_modules/c": {"version": "3.0.0", "integrity": "sha1-AAAA"},
		"node_modules/d": {"link": true}}}`
	got := unhashed(t, []byte(lock))
	if len(got) != 2 || !strings.Contains(strings.Join(got, " "), "node_modules/b@2.0.0") || !strings.Contains(strings.Join(got, " "), "node_modules/c@3.0.0") {
		t.Errorf("unhashed = %q, want b and c", got)
	}
}

package search

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/stadt-bamberg/integration/internal/write"
)

// Marker is the file in the folder pagefind/ by which sitegen knew the
// Pagefind index it made, before it made its own ([IndexDir]).
const Marker = "sitegen-index.txt"

// Remove removes the Pagefind index that earlier versions of sitegen
// made in the output folder out (pagefind/ holding the Marker): renamed
// aside first, so that it goes at once, then deleted. A pagefind/ that
// sitegen did not make stays.
func Remove(out string) error {
	abs, err := write.Resolve(out)
	if err != nil {
		return err
	}
	cur := filepath.Join(abs, Dir)
	if _, err := os.Stat(filepath.Join(cur, Marker)); err != nil {
		return nil
	}
	tmp, err := os.MkdirTemp(filepath.Dir(abs), "."+filepath.Base(abs)+"-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := os.Rename(cur, filepath.Join(tmp, Dir)); err != nil {
		return fmt.Errorf("Suche: der alte Suchindex %s kann nicht entfernt werden: %w", cur, err)
	}
	return nil
}

//go:build unix

package serve_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stadt-bamberg/integration/internal/build"
	"github.com/stadt-bamberg/integration/internal/corpus"
	"github.com/stadt-bamberg/integration/internal/serve"
	"github.com/stadt-bamberg/integration/internal/sitetest"
)

// fastClock runs factor times faster than the computer's clock, from
// start: the preview's timer crosses event starts and ends every few
// milliseconds.
type fastClock struct {
	start, t0 time.Time
	factor    float64
}

func (c fastClock) Now() time.Time {
	return c.start.Add(time.Duration(float64(time.Since(c.t0)) * c.factor))
}

func (c fastClock) After(d time.Duration) <-chan time.Time {
	return time.After(time.Duration(float64(d) / c.factor))
}

// TestEditsMeetTheClock is issue 18's finding 6: a live preview of a
// generated site whose clock crosses an event's start or end every few
// milliseconds, while pages are saved every few milliseconds and read
// over HTTP. Before the preview had one owner of its build, the timer's
// rebuild and the watcher's ran at once on the same Builder: a DATA RACE
// under -race, or "assignment to entry in nil map" in memSink.Unchanged,
// which ended the preview. Now every page stays served, and the last save
// reaches the preview.
func TestEditsMeetTheClock(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.WriteDir(dir, 300, 1); err != nil {
		t.Fatal(err)
	}
	var pages []string // sources of event pages, to save
	filepath.WalkDir(filepath.Join(dir, "content", "termine"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, "_index.md") && len(pages) < 20 {
			pages = append(pages, p)
		}
		return nil
	})
	if len(pages) < 20 {
		t.Fatalf("the corpus has %d event pages", len(pages))
	}
	orig := map[string][]byte{}
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		orig[p] = b
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	// A day every 10 ms: the site of 300 pages has an event start or end
	// every few days of 2026.
	clock := fastClock{start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), t0: time.Now(), factor: float64(24*time.Hour) / float64(10*time.Millisecond)}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out sitetest.Buffer
	done := make(chan error, 1)
	go func() {
		done <- serve.Run(ctx, ln, serve.Options{Source: dir, Live: true, Clock: clock, Log: &out,
			Build: build.Options{BaseURL: url + "/"}})
	}()
	waitFor(t, 60*time.Second, "the preview never answered", func() bool {
		resp, err := http.Get(url + "/")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})
	time.Sleep(200 * time.Millisecond) // let the watcher add its folders

	// Save a page every 3 ms, and read pages meanwhile.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var bad []string
	var badMu sync.Mutex
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			for _, p := range []string{"/", "/termine/", "/akteure/"} {
				resp, err := http.Get(url + p)
				if err != nil {
					badMu.Lock()
					bad = append(bad, fmt.Sprintf("GET %s: %v", p, err))
					badMu.Unlock()
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					badMu.Lock()
					bad = append(bad, fmt.Sprintf("GET %s: %d", p, resp.StatusCode))
					badMu.Unlock()
				}
			}
		}
	}()
	builds := func() int {
		return strings.Count(out.String(), "Neu gebaut") + strings.Count(out.String(), "Fehler –")
	}
	first := builds()
	saving := time.Now()
	// At least 4 seconds, and until the preview has built 4 times more
	// (a build under -race on a busy machine takes seconds).
	saves := 0
	for i := 0; time.Since(saving) < 4*time.Second || (builds() < first+4 && time.Since(saving) < 2*time.Minute); i++ {
		p := pages[i%len(pages)]
		if err := os.WriteFile(p, fmt.Appendf(orig[p][:len(orig[p]):len(orig[p])], "\nGespeichert: %d\n", i), 0o644); err != nil {
			t.Fatal(err)
		}
		saves++
		time.Sleep(3 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	if len(bad) > 0 {
		t.Errorf("%d failed requests while saving, first: %s", len(bad), bad[0])
	}

	// The last save reaches the preview.
	last := pages[0]
	rel, _ := filepath.Rel(filepath.Join(dir, "content"), last)
	page := url + "/" + strings.TrimSuffix(filepath.ToSlash(rel), ".md") + "/"
	if err := os.WriteFile(last, append(orig[last][:len(orig[last]):len(orig[last])], "\nDie letzte Fassung.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "the last save never reached "+page, func() bool {
		code, _, body := get(t, page)
		return code == 200 && strings.Contains(body, "Die letzte Fassung.")
	})
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve.Run did not return")
	}
	t.Logf("%d builds while saving %d times", builds()-first, saves)
	if builds() < first+4 {
		t.Errorf("the preview built too seldom to test anything:\n%s", out.String())
	}
}

func waitFor(t *testing.T, limit time.Duration, msg string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal(msg)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

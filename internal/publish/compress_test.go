package publish

import (
	"bytes"
	stdgzip "compress/gzip"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
)

// compressInputs are texts of many sizes: empty, tiny, around the
// windows' edges, over the largest pooled window, and incompressible.
func compressInputs() map[string][]byte {
	rng := rand.New(rand.NewPCG(1, 2))
	// Words of a made-up language, drawn with Zipf's law as in real text.
	words := strings.Fields("Integration Bamberg Beratung – für <p> </p> <a href=\"/integration/\"> </a>")
	for len(words) < 3000 {
		w := make([]byte, 2+rng.IntN(10))
		for i := range w {
			w[i] = "etaoinshrdlucmfwypvbgkjqxz"[rng.IntN(8+rng.IntN(19))]
		}
		words = append(words, string(w))
	}
	zipf := rand.NewZipf(rand.New(rand.NewPCG(3, 4)), 1.1, 2, uint64(len(words)-1))
	text := func(n int) []byte {
		var b bytes.Buffer
		for b.Len() < n {
			b.WriteString(words[zipf.Uint64()])
			b.WriteByte(' ')
		}
		return b.Bytes()[:n]
	}
	noise := make([]byte, 70_000)
	for i := range noise {
		noise[i] = byte(rng.Uint32())
	}
	in := map[string][]byte{"empty": {}, "one": []byte("a"), "noise": noise}
	for _, n := range []int{100, 1025, 1<<14 - 16, 1<<14 - 15, 9000, 60_000, 1<<18 - 16, 1<<18 - 15, 400_000} {
		in[fmt.Sprint(n)] = text(n)
	}
	return in
}

var codecs = []struct {
	name     string
	compress func([]byte) []byte
	br       bool
	maxIn    int // larger inputs are left out (quality 11 is slow)
}{
	{"Gzip", Gzip, false, 1 << 30},
	{"GzipBest", GzipBest, false, 70_000},
	{"Brotli", Brotli, true, 1 << 30},
	{"BrotliBest", BrotliBest, true, 20_000},
}

func decompress(t *testing.T, br bool, z []byte) []byte {
	t.Helper()
	var r io.Reader
	if br {
		r = brotli.NewReader(bytes.NewReader(z))
	} else {
		zr, err := stdgzip.NewReader(bytes.NewReader(z))
		if err != nil {
			t.Fatal(err)
		}
		if zr.Name != "" || zr.Comment != "" || !zr.ModTime.IsZero() || zr.Extra != nil {
			t.Errorf("gzip header has name %q, comment %q, time %v, extra %q", zr.Name, zr.Comment, zr.ModTime, zr.Extra)
		}
		r = zr
	}
	d, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// fresh compresses data with a new writer, as the functions would
// without their pools of writers.
func fresh(name string, data []byte) []byte {
	var b bytes.Buffer
	var w io.WriteCloser
	switch name {
	case "Gzip", "GzipBest":
		level := gzipLevel
		if name == "GzipBest" {
			level = gzipBestLevel
		}
		w, _ = gzip.NewWriterLevel(&b, level)
	default:
		q := brotliQuality
		if name == "BrotliBest" {
			q = brotliBestQuality
		}
		win := 10
		for win < 24 && 1<<win-16 < len(data) {
			win++
		}
		w = brotli.NewWriterOptions(&b, brotli.WriterOptions{Quality: q, LGWin: win})
	}
	w.Write(data)
	w.Close()
	return b.Bytes()
}

// TestCompressRoundTrip decompresses what each function makes and checks
// that it is the input, and that text gets smaller.
func TestCompressRoundTrip(t *testing.T) {
	for _, c := range codecs {
		for name, data := range compressInputs() {
			if len(data) > c.maxIn {
				continue
			}
			z := c.compress(data)
			if d := decompress(t, c.br, z); !bytes.Equal(d, data) {
				t.Errorf("%s(%s): decompressed %d bytes, not the %d of the input", c.name, name, len(d), len(data))
			}
			if name != "noise" && len(data) > CompressMin && len(z) >= len(data)*3/4 {
				t.Errorf("%s(%s): %d of %d bytes", c.name, name, len(z), len(data))
			}
		}
	}
}

// TestCompressDeterministic checks that each function gives the bytes a
// new writer gives, whatever it compressed before and however many
// goroutines share its writers.
func TestCompressDeterministic(t *testing.T) {
	in := compressInputs()
	var names []string
	for name := range in {
		names = append(names, name)
	}
	for _, c := range codecs {
		want := map[string][]byte{}
		for _, name := range names {
			if len(in[name]) <= c.maxIn {
				want[name] = fresh(c.name, in[name])
			}
		}
		var wg sync.WaitGroup
		for g := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				order := slices.Clone(names)
				rng := rand.New(rand.NewPCG(uint64(g), 7))
				for range 2 {
					rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
					for _, name := range order {
						if w, ok := want[name]; ok {
							if got := c.compress(in[name]); !bytes.Equal(got, w) {
								t.Errorf("%s(%s): other bytes than a new writer's", c.name, name)
							}
						}
					}
				}
			}()
		}
		wg.Wait()
		var all sync.WaitGroup
		for name, w := range want {
			all.Add(1)
			go func() {
				defer all.Done()
				if got := c.compress(in[name]); !bytes.Equal(got, w) {
					t.Errorf("%s(%s) in parallel: other bytes than a new writer's", c.name, name)
				}
			}()
		}
		all.Wait()
	}
}

// TestCompressionSettings ties CompressionSettings, part of the build
// cache's key, to the levels and to the libraries' versions in go.mod:
// a change of either can change the compressed bytes.
func TestCompressionSettings(t *testing.T) {
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	version := func(module string) string {
		m := regexp.MustCompile(`(?m)^\s*(?:require\s+)?` + regexp.QuoteMeta(module) + `\s+(v\S+)`).FindSubmatch(mod)
		if m == nil {
			t.Fatalf("go.mod does not require %s", module)
		}
		return string(m[1])
	}
	want := fmt.Sprintf("gzip:klauspost/compress@%s-%d;br:andybalholm/brotli@%s-q%d-lgwin-fit;best:gzip-%d,br-%d",
		version("github.com/klauspost/compress"), gzipLevel,
		version("github.com/andybalholm/brotli"), brotliQuality,
		gzipBestLevel, brotliBestQuality)
	if CompressionSettings != want {
		t.Errorf("CompressionSettings = %q, want %q", CompressionSettings, want)
	}
	if regexp.MustCompile(`(?m)^replace\s.*(klauspost/compress|andybalholm/brotli)`).Match(mod) {
		t.Error("go.mod replaces a compression library: CompressionSettings must name the replacement")
	}
}

// Command imgbench measures the picture encoders the site could use, on
// generated photographs (package testimg: no real photo is needed), so
// that the choice in README ("Bilder: Messung") can be checked again:
//
//	go run ./cmd/imgbench -enc jpeg -n 20
//	go run -tags 'bench_wasm nodynamic' ./cmd/imgbench -enc webp -n 20
//	go run ./cmd/imgbench -enc pipeline -n 20   # what the build does
//
// For one encoder it reports, over n photos of -mp megapixels: the
// quality setting at which the 960 px variant reaches the SSIM
// threshold (-ssim, on luma; 0.98 by default), that variant's bytes, the time of the full
// variant set (widths 480, 960, 1440, 2560 made from the decoded photo
// and encoded at that quality; -procs cores) as wall and user CPU time
// per megapixel of the photo, and the process's peak memory (max RSS).
// Each encoder runs in its own process, so that the peak is its own.
package main

import (
	"flag"
	"fmt"
	"image"
	"math"
	"os"
	"runtime"
	"slices"
	"sort"
	"sync"
	"syscall"
	"time"

	"github.com/kovidgoyal/imaging"
	"golang.org/x/image/draw"

	"github.com/stadt-bamberg/integration/internal/images/testimg"
)

// encoder encodes img at quality q.
type encoder struct {
	encode func(img image.Image, q int) ([]byte, error)
	decode func(b []byte) (image.Image, error)
	lo, hi int // quality range searched
}

var encoders = map[string]encoder{}

var widths = []int{480, 960, 1440, 2560}

func main() {
	enc := flag.String("enc", "jpeg", "encoder")
	n := flag.Int("n", 20, "photos")
	mp := flag.Float64("mp", 12, "megapixels of each photo (4:3)")
	target := flag.Float64("ssim", 0.98, "SSIM the 960 px variant must reach")
	procs := flag.Int("procs", 2, "cores (GOMAXPROCS)")
	resizer := flag.String("resize", "catmullrom", "catmullrom (x/image/draw), imaging (kovidgoyal/imaging, Catmull-Rom) or approxbilinear")
	flag.Parse()
	runtime.GOMAXPROCS(*procs)
	if *enc == "pipeline" {
		h := int(math.Sqrt(*mp * 1e6 * 3 / 4))
		pipeline(*n, h*4/3, h)
		return
	}
	e, ok := encoders[*enc]
	if !ok {
		names := make([]string, 0, len(encoders))
		for k := range encoders {
			names = append(names, k)
		}
		sort.Strings(names)
		fmt.Fprintf(os.Stderr, "imgbench: no encoder %q in this build (have %v)\n", *enc, names)
		os.Exit(2)
	}
	interp := draw.Interpolator(draw.CatmullRom)
	switch *resizer {
	case "approxbilinear":
		interp = draw.ApproxBiLinear
	case "imaging":
		interp = nil
	}
	h := int(math.Sqrt(*mp * 1e6 * 3 / 4))
	w := h * 4 / 3
	var qs []int
	var bytes960 []int
	var ssims []float64
	var wall, user time.Duration
	var srcMP float64
	for i := range *n {
		photo := testimg.Photo(uint64(i+1), w, h)
		// quality: the lowest that reaches the target on the 960 px variant
		ref := resize(interp, photo, 960)
		lo, hi := e.lo, e.hi
		best, bestQ, bestS := []byte(nil), hi, 0.0
		for lo <= hi {
			q := (lo + hi) / 2
			b, err := e.encode(ref, q)
			check(err)
			got, err := e.decode(b)
			check(err)
			s := ssim(ref, got)
			if s >= *target {
				best, bestQ, bestS, hi = b, q, s, q-1
			} else {
				lo = q + 1
			}
		}
		if best == nil {
			b, err := e.encode(ref, e.hi)
			check(err)
			got, _ := e.decode(b)
			best, bestQ, bestS = b, e.hi, ssim(ref, got)
		}
		qs = append(qs, bestQ)
		bytes960 = append(bytes960, len(best))
		ssims = append(ssims, bestS)
		// the full variant set at that quality, variants in parallel
		runtime.GC()
		u0 := userTime()
		t0 := time.Now()
		var wg sync.WaitGroup
		for _, vw := range widths {
			if vw > w {
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.encode(resize(interp, photo, vw), bestQ)
				check(err)
			}()
		}
		wg.Wait()
		wall += time.Since(t0)
		user += userTime() - u0
		srcMP += float64(w*h) / 1e6
	}
	slices.Sort(qs)
	slices.Sort(bytes960)
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Printf("%s\tphotos=%d\t%dx%d\tquality(median)=%d\t960px KB median=%.0f max=%.0f\tSSIM mean=%.4f\tfull set per photo: wall %.2fs user %.2fs\tper MP: wall %.0fms user %.0fms\tmaxRSS %d MB\n",
		*enc, *n, w, h, qs[len(qs)/2], float64(bytes960[len(bytes960)/2])/1024, float64(bytes960[len(bytes960)-1])/1024,
		mean(ssims), wall.Seconds()/float64(*n), user.Seconds()/float64(*n),
		float64(wall.Milliseconds())/srcMP, float64(user.Milliseconds())/srcMP, ru.Maxrss/1024)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "imgbench:", err)
		os.Exit(1)
	}
}

func mean(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

func userTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano())
}

// resize scales the opaque src to width w (into RGBA, the resizer's fast path).
func resize(interp draw.Interpolator, src image.Image, w int) *image.RGBA {
	b := src.Bounds()
	h := int(math.Round(float64(b.Dy()) * float64(w) / float64(b.Dx())))
	if interp == nil {
		n := imaging.Resize(src, w, h, imaging.CatmullRom).(*image.NRGBA)
		return &image.RGBA{Pix: n.Pix, Stride: n.Stride, Rect: n.Rect} // opaque: the same bytes
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	interp.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	return dst
}

// ssim is the mean structural similarity of the luma of a and b (same
// size) over 8×8 windows with stride 4 (Wang et al. 2004 constants).
func ssim(a, b image.Image) float64 {
	la, lb := luma(a), luma(b)
	w, h := a.Bounds().Dx(), a.Bounds().Dy()
	const c1, c2 = (0.01 * 255) * (0.01 * 255), (0.03 * 255) * (0.03 * 255)
	sum, n := 0.0, 0
	for y := 0; y+8 <= h; y += 4 {
		for x := 0; x+8 <= w; x += 4 {
			var ma, mb, va, vb, cov float64
			for j := range 8 {
				for i := range 8 {
					pa, pb := la[(y+j)*w+x+i], lb[(y+j)*w+x+i]
					ma += pa
					mb += pb
				}
			}
			ma, mb = ma/64, mb/64
			for j := range 8 {
				for i := range 8 {
					da, db := la[(y+j)*w+x+i]-ma, lb[(y+j)*w+x+i]-mb
					va += da * da
					vb += db * db
					cov += da * db
				}
			}
			va, vb, cov = va/63, vb/63, cov/63
			sum += ((2*ma*mb + c1) * (2*cov + c2)) / ((ma*ma + mb*mb + c1) * (va + vb + c2))
			n++
		}
	}
	return sum / float64(n)
}

func luma(img image.Image) []float64 {
	b := img.Bounds()
	n, ok := img.(*image.NRGBA)
	if !ok {
		n = image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		draw.Draw(n, n.Bounds(), img, b.Min, draw.Src)
	}
	out := make([]float64, 0, b.Dx()*b.Dy())
	for y := range b.Dy() {
		row := n.Pix[y*n.Stride:]
		for x := range b.Dx() {
			out = append(out, 0.299*float64(row[4*x])+0.587*float64(row[4*x+1])+0.114*float64(row[4*x+2]))
		}
	}
	return out
}

package main

import (
	"fmt"
	"runtime"
	"slices"
	"syscall"
	"time"

	"github.com/stadt-bamberg/integration/internal/images"
	"github.com/stadt-bamberg/integration/internal/images/testimg"
)

// pipeline measures what the build does with a photo: images.Process on
// a JPEG file of it (decoding included), the whole variant set with the
// social crop, on the cores given.
func pipeline(n int, w, h int) {
	var wall, user time.Duration
	var kb960 []int
	for i := range n {
		src := testimg.JPEG(testimg.Photo(uint64(i+1), w, h))
		runtime.GC()
		u0, t0 := userTime(), time.Now()
		pic, err := images.Process("foto.jpg", src)
		check(err)
		wall += time.Since(t0)
		user += userTime() - u0
		for _, v := range pic.Fallback() {
			if v.Width == 960 {
				kb960 = append(kb960, len(v.Data)/1024)
			}
		}
	}
	slices.Sort(kb960)
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Printf("pipeline (images.Process, JPEG q%d, modern %v)\tphotos=%d\t%dx%d\tper photo: wall %.2fs user %.2fs\t960px KB median=%d max=%d\tmaxRSS %d MB\n",
		images.JPEGQuality, images.Modern != nil, n, w, h, wall.Seconds()/float64(n), user.Seconds()/float64(n), kb960[len(kb960)/2], kb960[len(kb960)-1], ru.Maxrss/1024)
}

package parallel

import (
	"errors"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// Every index is called exactly once, for any number of processors.
func TestForCallsEachIndexOnce(t *testing.T) {
	for _, procs := range []int{1, 2, 4} {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		for _, n := range []int{0, 1, 2, 3, 100, 1001} {
			counts := make([]atomic.Int32, n)
			For(n, func(i int) { counts[i].Add(1) })
			for i := range counts {
				if c := counts[i].Load(); c != 1 {
					t.Fatalf("GOMAXPROCS %d, n %d: index %d called %d times", procs, n, i, c)
				}
			}
		}
	}
}

// The calls run at the same time on up to GOMAXPROCS goroutines, and
// never on more.
func TestForUsesEveryProcessor(t *testing.T) {
	const procs = 4
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	var running, most atomic.Int32
	For(40, func(int) {
		r := running.Add(1)
		for {
			m := most.Load()
			if r <= m || most.CompareAndSwap(m, r) {
				break
			}
		}
		time.Sleep(2 * time.Millisecond)
		running.Add(-1)
	})
	if m := most.Load(); m < 2 || m > procs {
		t.Errorf("at most %d calls at once, want 2 to %d", m, procs)
	}
}

// With one processor the calls are made in order in the calling
// goroutine, and the first error ends them.
func TestForErrOneProcessor(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	boom := errors.New("boom")
	var calls []int
	err := ForErr(10, func(i int) error {
		calls = append(calls, i) // no lock: one goroutine
		if i == 3 {
			return boom
		}
		return nil
	})
	if err != boom {
		t.Errorf("err = %v, want %v", err, boom)
	}
	if len(calls) != 4 || calls[0] != 0 || calls[3] != 3 {
		t.Errorf("calls %v, want 0 1 2 3", calls)
	}
}

// After a failure the calls not yet begun are skipped, and the error is
// returned.
func TestForErrSkipsAfterFailure(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	boom := errors.New("boom")
	const n = 1000
	var calls atomic.Int32
	err := ForErr(n, func(i int) error {
		calls.Add(1)
		if i == 0 {
			return boom
		}
		time.Sleep(time.Millisecond)
		return nil
	})
	if !errors.Is(err, boom) {
		t.Errorf("err = %v, want %v", err, boom)
	}
	if c := calls.Load(); c > n/10 {
		t.Errorf("%d of %d calls made after the first failed, want the rest skipped", c, n)
	}
	if err := ForErr(n, func(int) error { return nil }); err != nil {
		t.Errorf("no call failed: err = %v", err)
	}
}

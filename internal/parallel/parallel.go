// Package parallel runs the iterations of a loop on every core: the one
// way the pipeline's stages (build, publish, write) spread work over the
// processors.
//
// [ForErr] calls do(0) … do(n-1) on at most GOMAXPROCS goroutines. Each
// goroutine takes the next index no one has taken yet, so the calls
// begin in index order (callers put the biggest pieces of work first)
// and a goroutine that finished a short call takes the next at once. It
// returns the first error in time; once a call has failed, the calls not
// yet begun are skipped, the ones running finish. The goroutines and the
// first error are those of golang.org/x/sync/errgroup. [For] is ForErr
// for calls that cannot fail. With one processor, or for at most one
// index, the calls are made one after the other in the calling
// goroutine.
//
// Threat model. The calls run at the same time: each must write only
// what is its own (slot i of a slice made beforehand) or what a lock
// guards; the race detector finds the rest, so every package that uses
// this one is tested with -race. Which call runs on which goroutine, and
// when, changes from run to run: results must not depend on it, and a
// caller that needs a deterministic error must not rely on "first in
// time" when several calls can fail (the build reports problems through
// its sorted diag.List instead). A panic in a call is not recovered: it
// ends the program as it would without this package, rather than turning
// into an error that hides its stack. A call that never returns blocks
// the caller: there is no time limit here.
package parallel

import (
	"context"
	"runtime"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

// For calls do(i) for every i in [0, n), on every core (see the package
// documentation), and returns when all calls have returned.
func For(n int, do func(i int)) {
	ForErr(n, func(i int) error {
		do(i)
		return nil
	})
}

// ForErr calls do(i) for every i in [0, n), on every core, and returns
// the first error; after it, the calls not yet begun are skipped.
func ForErr(n int, do func(i int) error) error {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			if err := do(i); err != nil {
				return err
			}
		}
		return nil
	}
	g, ctx := errgroup.WithContext(context.Background())
	var next atomic.Int64
	for range workers {
		g.Go(func() error {
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return nil
				}
				if err := do(i); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return g.Wait()
}

//go:build unix

package publish_test

import "syscall"

// cpuTime returns the CPU time (user and system, all threads) the
// process has used, in seconds.
func cpuTime() (float64, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9, true
}

//go:build !unix

package publish_test

// cpuTime is not known here: BenchmarkCompress reports no cpu-MB/s.
func cpuTime() (float64, bool) { return 0, false }

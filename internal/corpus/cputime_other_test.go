//go:build !unix

package corpus

import "time"

func cpuTime() (time.Duration, bool) { return 0, false }

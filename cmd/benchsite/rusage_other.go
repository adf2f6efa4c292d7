//go:build !unix

package main

import "os"

// maxRSS is unknown here.
func maxRSS(*os.ProcessState) (kb int64, ok bool) { return 0, false }

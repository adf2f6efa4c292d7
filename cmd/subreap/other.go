//go:build !linux

package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "subreap: Linux only (prctl PR_SET_CHILD_SUBREAPER)")
	os.Exit(2)
}

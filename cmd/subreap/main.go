//go:build linux

// Command subreap runs a command and reports the CPU time of every process
// it started, those it left behind included: it is a child subreaper
// (prctl PR_SET_CHILD_SUBREAPER), so processes whose parent ends before
// them – Chromium's zygotes and renderers when the browser suite closes
// the browser – are reparented to it, and it reaps them (waiting up to
// 30 s for them to end) before it reports. /usr/bin/time around go test
// alone does not count them: for the browser suite it misses most of
// Chromium's work.
//
//	SITEGEN_BROWSER_TESTS=1 /usr/bin/time -v subreap go test -count=1 ./browsertest/
//
// It prints the children's user and system time and the wall time to
// standard error and exits with the command's status.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: subreap command [argument …]")
		os.Exit(2)
	}
	if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
		fmt.Fprintln(os.Stderr, "subreap:", err)
		os.Exit(1)
	}
	start := time.Now()
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	code := 0
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			fmt.Fprintln(os.Stderr, "subreap:", err)
			os.Exit(1)
		}
		code = ee.ExitCode()
	}
	// Reap the orphans reparented to us.
	deadline := time.Now().Add(30 * time.Second)
	for {
		pid, err := syscall.Wait4(-1, nil, syscall.WNOHANG, nil)
		if err == syscall.ECHILD {
			break
		}
		if pid <= 0 {
			if time.Now().After(deadline) {
				fmt.Fprintln(os.Stderr, "subreap: processes still running after 30 s are not counted")
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru); err != nil {
		fmt.Fprintln(os.Stderr, "subreap:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "subreap: user %.1f s, system %.1f s, wall %.1f s\n",
		time.Duration(ru.Utime.Nano()).Seconds(), time.Duration(ru.Stime.Nano()).Seconds(), time.Since(start).Seconds())
	os.Exit(code)
}

//go:build unix && !linux

package serve

import "syscall"

func parentDeath(*syscall.SysProcAttr) {}

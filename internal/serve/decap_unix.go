//go:build unix

package serve

import (
	"os/exec"
	"syscall"
)

// childProcess puts decap-server in a process group of its own (Ctrl+C
// in the terminal reaches sitegen, which stops it) and, on Linux, has it
// sent SIGTERM when sitegen ends without stopping it.
func childProcess(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	parentDeath(cmd.SysProcAttr)
}

func terminate(cmd *exec.Cmd) { syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM) }

func kill(cmd *exec.Cmd) { syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }

// unixSockets: decap-server can listen on a Unix socket (decap-listen.cjs).
const unixSockets = true

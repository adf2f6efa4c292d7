//go:build !unix

package serve

import (
	"os"
	"os/exec"
)

func childProcess(*exec.Cmd) {}

func terminate(cmd *exec.Cmd) { cmd.Process.Signal(os.Interrupt) }

func kill(cmd *exec.Cmd) { cmd.Process.Kill() }

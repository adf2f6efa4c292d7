//go:build !unix

package serve

import (
	"os"
	"os/exec"
)

func childProcess(*exec.Cmd) {}

func terminate(cmd *exec.Cmd) { cmd.Process.Signal(os.Interrupt) }

func kill(cmd *exec.Cmd) { cmd.Process.Kill() }

// unixSockets: Node listens on a named pipe here, not a Unix socket, and
// a TCP port of decap-server would be open to every local user and web
// page: /admin/ is not offered.
const unixSockets = false

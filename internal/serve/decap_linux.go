package serve

import "syscall"

func parentDeath(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGTERM }

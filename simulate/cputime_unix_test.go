//go:build unix

package simulate

import "syscall"

// cpuTime is the process's user and system time in nanoseconds: on a
// loaded machine the CPU a benchmark used says more than the wall clock.
func cpuTime() int64 {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return 0
	}
	return u.Utime.Nano() + u.Stime.Nano()
}

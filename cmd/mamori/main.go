// Command mamori assesses defence contractors against NIST SP 800-171
// and Japan's Defense Industry Cybersecurity Standard.
//
// It runs with Go's runtime defaults: the collector at GOGC=100 and as
// many Ps as the CPUs the process may use (the cgroup's CPU limit in a
// container). Operators tune them with the standard GOGC, GOMEMLIMIT
// and GOMAXPROCS environment variables.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], &streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr})
	stop()
	os.Exit(code)
}

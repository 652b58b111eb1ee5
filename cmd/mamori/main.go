// Command mamori assesses defence contractors against NIST SP 800-171
// and Japan's Defense Industry Cybersecurity Standard.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// memoryLimit is the heap size at which a command starts collecting.
const memoryLimit = 256 << 20

func main() {
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		// Every command is short-lived, and a batch streams its results,
		// so the live heap stays small: collect against a memory ceiling
		// rather than on every doubling, which saves the collections
		// during policy compilation and between assessments.
		debug.SetMemoryLimit(memoryLimit)
		debug.SetGCPercent(-1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], &streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr})
	stop()
	os.Exit(code)
}

package main

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// BenchmarkColdAssess measures `mamori assess` on a bundled example as a
// user runs it: a fresh process each time (start-up, catalogue and
// policy compilation, evidence parsing, evaluation, output). The binary
// is built once, outside the timing.
func BenchmarkColdAssess(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "mamori")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	for _, ex := range []string{"sato-machining", "tsubasa-heavy-komaki"} {
		b.Run(ex, func(b *testing.B) {
			dir := filepath.Join("..", "..", "examples", ex)
			for b.Loop() {
				cmd := exec.Command(bin, "assess", dir)
				if err := cmd.Run(); err != nil {
					if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() > 1 {
						b.Fatalf("mamori assess %s: %v", dir, err)
					}
				}
			}
		})
	}
}

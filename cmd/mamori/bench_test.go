package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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

// BenchmarkImportAndAssessThousandHosts measures what an organisation
// with 1,000 Windows PCs does, as it runs it: import the PCs' exports
// (the four PCs of examples/minato-denshi, renamed), a Linux file
// server's collector report and a tenant's Graph exports with
// "mamori facts import", then "mamori assess" the evidence set with
// every PC in scope. Fresh processes each time; the binary and the
// exports are made outside the timing.
func BenchmarkImportAndAssessThousandHosts(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "mamori")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	ex := filepath.Join("..", "..", "examples", "minato-denshi")
	dir := b.TempDir()
	hostsDir, ev := filepath.Join(dir, "hosts"), filepath.Join(dir, "evidence")
	src := []string{"PC-01", "PC-02", "PC-07", "PC-12"}
	var names []string
	for i := range 1000 {
		name, from := fmt.Sprintf("PC-%04d", i), src[i%len(src)]
		names = append(names, name)
		files, err := os.ReadDir(filepath.Join(ex, "exports", "windows", from))
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range files {
			data, err := os.ReadFile(filepath.Join(ex, "exports", "windows", from, f.Name()))
			if err != nil {
				b.Fatal(err)
			}
			if f.Name() == "host.json" || f.Name() == "auditpol.csv" {
				data = bytes.ReplaceAll(data, []byte(from), []byte(name))
			}
			writeBenchFile(b, filepath.Join(hostsDir, name, f.Name()), data)
		}
	}
	entries, err := os.ReadDir(ex)
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), "facts-") || !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(ex, e.Name()))
		if err != nil {
			b.Fatal(err)
		}
		if e.Name() == "organization.yaml" {
			data = bytes.Replace(data, []byte("hosts: [PC-01, PC-02, PC-07, PC-12, fs01]"),
				[]byte("hosts: ["+strings.Join(names, ", ")+", fs01]"), 1)
		}
		writeBenchFile(b, filepath.Join(ev, e.Name()), data)
	}
	steps := [][]string{
		{"facts", "import", "windows", hostsDir, "-o", filepath.Join(ev, "facts-windows.yaml")},
		{"facts", "import", "linux", filepath.Join(ex, "exports", "linux", "fs01.json"), "-o", filepath.Join(ev, "facts-linux.yaml")},
		{"facts", "import", "m365", filepath.Join(ex, "exports", "m365", "tenant"), "-o", filepath.Join(ev, "facts-m365.yaml")},
		{"assess", ev},
	}
	for b.Loop() {
		for _, args := range steps {
			cmd := exec.Command(bin, args...)
			out, err := cmd.CombinedOutput()
			if err != nil {
				if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() > 1 {
					b.Fatalf("mamori %s: %v\n%s", strings.Join(args, " "), err, out)
				}
			}
		}
	}
}

func writeBenchFile(b *testing.B, p string, data []byte) {
	b.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o600); err != nil {
		b.Fatal(err)
	}
}

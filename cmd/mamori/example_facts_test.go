package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExampleFactsAreImported: the collected facts of examples/minato-denshi
// are what "mamori collect linux" and "mamori facts import" make of the
// exports beside them, so the example shows what a user gets. With
// -update, they are made again.
func TestExampleFactsAreImported(t *testing.T) {
	t.Chdir(filepath.Join("..", "..", "examples", "minato-denshi"))
	// The file server was collected on 2026-10-14, before the assessment.
	collected := time.Date(2026, 10, 14, 2, 5, 0, 0, time.UTC)
	steps := []struct {
		out string
		run func(s *streams, out string) error
	}{
		{"exports/linux/fs01.json", func(s *streams, out string) error {
			return runCollectLinux(s, &collectLinuxOptions{Root: "exports/linux/fs01-root", OutFile: out, now: func() time.Time { return collected }})
		}},
		{"facts-linux.yaml", func(s *streams, out string) error {
			return runFactsImport(s, &factsImportOptions{Kind: "linux", Paths: []string{"exports/linux/fs01.json"}, OutFile: out, Format: "yaml"})
		}},
		{"facts-windows.yaml", func(s *streams, out string) error {
			return runFactsImport(s, &factsImportOptions{Kind: "windows", Paths: []string{"exports/windows"}, OutFile: out, Format: "yaml"})
		}},
		{"facts-m365.yaml", func(s *streams, out string) error {
			return runFactsImport(s, &factsImportOptions{Kind: "m365", Paths: []string{"exports/m365/tenant"}, OutFile: out, Format: "yaml"})
		}},
	}
	tmp := t.TempDir()
	for _, st := range steps {
		s := &streams{In: &bytes.Buffer{}, Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}
		out := filepath.Join(tmp, filepath.Base(st.out))
		if *update {
			out = st.out
		}
		require.NoError(t, st.run(s, out), "%s", st.out)
		if *update {
			continue
		}
		got, err := os.ReadFile(out)
		require.NoError(t, err)
		want, err := os.ReadFile(st.out)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), "%s is not what the command makes of the exports (go test ./cmd/mamori -run ExampleFacts -update)", st.out)
	}
}

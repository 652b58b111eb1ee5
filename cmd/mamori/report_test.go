package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// TestNewCmdReportGap checks flag parsing apart from running.
func TestNewCmdReportGap(t *testing.T) {
	tests := []flagCase[reportGapOptions]{
		{name: "defaults", args: "ev -o gap.xlsx", want: reportGapOptions{Paths: []string{"ev"}, OutFile: "gap.xlsx", Lang: "en"}},
		{name: "japanese with params", args: "a b --out g.xlsx --lang ja --params p.yaml",
			want: reportGapOptions{Paths: []string{"a", "b"}, OutFile: "g.xlsx", Lang: "ja", ParamsFile: "p.yaml"}},
		{name: "cloud registry", args: "ev -o g.xlsx --cloud-registry reg.yaml",
			want: reportGapOptions{Paths: []string{"ev"}, OutFile: "g.xlsx", Lang: "en", CloudRegistry: "reg.yaml"}},
		{name: "no output", args: "ev", wantErr: "-o FILE is required"},
		{name: "bad lang", args: "ev -o g.xlsx --lang fr", wantErr: `invalid --lang "fr"`},
		{name: "old --output", args: "ev --output g.xlsx", wantErr: "--output is no longer a flag: use -o/--out g.xlsx"},
		{name: "-o json", args: "ev -o json", wantErr: "-o/--out names the file to write"},
		{name: "no path", args: "-o g.xlsx", wantErr: "requires at least 1 arg(s)"},
	}
	testFlags(t, newReportGapCmd, tests)
}

// TestReportGap runs the command on the examples: the workbook is
// written 0600 and the exit reflects the verdict.
func TestReportGap(t *testing.T) {
	tests := []struct {
		example, lang string
		wantErr       error
		firstSheet    string
	}{
		{"sato-machining", "ja", errFindings, "概要"},
		{"kobayashi-electronics", "en", errFindings, "Summary"},
		{"tsubasa-heavy-komaki", "en", nil, "Summary"},
	}
	for _, tt := range tests {
		t.Run(tt.example, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "gap.xlsx")
			s := &streams{In: &bytes.Buffer{}, Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}
			cmd := newReportCmd(&globalOptions{}, s)
			cmd.SetArgs([]string{"gap", filepath.Join("..", "..", "examples", tt.example), "-o", out, "--lang", tt.lang})
			cmd.SetOut(s.Out)
			cmd.SetErr(s.Err)
			err := cmd.ExecuteContext(context.Background())
			if tt.wantErr != nil {
				require.True(t, errors.Is(err, tt.wantErr), "got %v; want %v", err, tt.wantErr)
			} else {
				require.NoError(t, err)
			}
			st, err := os.Stat(out)
			require.NoError(t, err)
			assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
			f, err := excelize.OpenFile(out)
			require.NoError(t, err)
			defer f.Close()
			assert.Equal(t, tt.firstSheet, f.GetSheetList()[0])
		})
	}
}

// TestReportGapBadEvidence writes nothing when the evidence is bad.
func TestReportGapBadEvidence(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("mamori: evidence/v1\nnope: 1\n"), 0o644))
	out := filepath.Join(dir, "gap.xlsx")
	s := &streams{In: &bytes.Buffer{}, Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}
	cmd := newReportCmd(&globalOptions{}, s)
	cmd.SetArgs([]string{"gap", bad, "-o", out})
	cmd.SetOut(s.Out)
	cmd.SetErr(s.Err)
	err := cmd.ExecuteContext(context.Background())
	require.Error(t, err)
	assert.False(t, errors.Is(err, errFindings))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "only the evidence file should remain")
}

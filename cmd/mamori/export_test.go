package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// TestNewCmdExportOSCAL checks flag parsing apart from running.
func TestNewCmdExportOSCAL(t *testing.T) {
	newCmd := func(document string) func(*globalOptions, *streams, func(context.Context, *exportOSCALOptions) error) *cobra.Command {
		return func(g *globalOptions, s *streams, runF func(context.Context, *exportOSCALOptions) error) *cobra.Command {
			return newExportOSCALCmd(g, s, document, runF)
		}
	}
	testFlags(t, newCmd(oscalAssessmentResults), []flagCase[exportOSCALOptions]{
		{name: "defaults", args: "ev", want: exportOSCALOptions{Document: oscalAssessmentResults, Paths: []string{"ev"}, Lang: "en"}},
		{name: "all flags", args: "a b -o ar.json --lang ja --params p.yaml --site-visit c.xlsx --site-visit d.xlsx",
			want: exportOSCALOptions{Document: oscalAssessmentResults, Paths: []string{"a", "b"}, OutFile: "ar.json", Lang: "ja",
				ParamsFile: "p.yaml", SiteVisits: []string{"c.xlsx", "d.xlsx"}}},
		{name: "bad lang", args: "ev --lang fr", wantErr: `invalid --lang "fr"`},
		{name: "no path", args: "-o ar.json", wantErr: "requires at least 1 arg(s)"},
	})
	testFlags(t, newCmd(oscalPOAM), []flagCase[exportOSCALOptions]{
		{name: "poam", args: "ev --out poam.json", want: exportOSCALOptions{Document: oscalPOAM, Paths: []string{"ev"}, OutFile: "poam.json", Lang: "en"}},
		{name: "old --output", args: "ev --output poam.json", wantErr: "use -o/--out poam.json"},
	})
}

// TestExportOSCAL runs the commands from the repository root on the
// examples: the files are 0600, the exit reflects the verdict, and the
// documents are the golden files of engine/oscal/export, byte for byte.
func TestExportOSCAL(t *testing.T) {
	t.Chdir("../..")
	golden := "engine/oscal/export/testdata"
	for _, tt := range []struct {
		example string
		code    int
	}{
		{"sato-machining", exitFindings},
		{"kobayashi-electronics", exitFindings},
		{"tsubasa-heavy-komaki", exitReady},
	} {
		for _, doc := range []string{oscalAssessmentResults, oscalPOAM} {
			t.Run(tt.example+"/"+doc, func(t *testing.T) {
				out := filepath.Join(t.TempDir(), doc+".json")
				code, stdout, stderr := runCLI(t, "export", "oscal", doc, "examples/"+tt.example, "-o", out)
				require.Equal(t, tt.code, code, stderr)
				assert.Empty(t, stdout)
				st, err := os.Stat(out)
				require.NoError(t, err)
				assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
				got, err := os.ReadFile(out)
				require.NoError(t, err)
				want, err := os.ReadFile(filepath.Join(golden, tt.example+"."+doc+".json"))
				require.NoError(t, err)
				assert.True(t, bytes.Equal(want, got), "the CLI writes the golden document")
			})
		}
	}

	// YAML by the file's extension: the same tree.
	dir := t.TempDir()
	code, _, stderr := runCLI(t, "export", "oscal", "poam", "examples/kobayashi-electronics", "--lang", "ja", "-o", filepath.Join(dir, "poam.yaml"))
	require.Equal(t, exitFindings, code, stderr)
	code, _, stderr = runCLI(t, "export", "oscal", "poam", "examples/kobayashi-electronics", "--lang", "ja", "-o", filepath.Join(dir, "poam.json"))
	require.Equal(t, exitFindings, code, stderr)
	var fromYAML, fromJSON any
	b, err := os.ReadFile(filepath.Join(dir, "poam.yaml"))
	require.NoError(t, err)
	require.NoError(t, yaml.Unmarshal(b, &fromYAML))
	b, err = os.ReadFile(filepath.Join(dir, "poam.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &fromJSON))
	assert.Equal(t, jsonRoundTrip(t, fromYAML), fromJSON)
	assert.Contains(t, string(b), "是正計画（POA&M）: 小林電子株式会社")

	// Standard output, and a bad evidence path: exit 2, nothing written.
	code, stdout, _ := runCLI(t, "export", "oscal", "assessment-results", "examples/tsubasa-heavy-komaki")
	require.Equal(t, exitReady, code)
	assert.Contains(t, stdout, `"assessment-results": {`)
	code, _, stderr = runCLI(t, "export", "oscal", "assessment-results", "examples/none", "-o", filepath.Join(dir, "x.json"))
	assert.Equal(t, exitError, code)
	assert.Contains(t, stderr, "examples/none")
	assert.NoFileExists(t, filepath.Join(dir, "x.json"))
}

// jsonRoundTrip gives a decoded YAML tree the types encoding/json gives
// the same document (float64 numbers, map[string]any).
func jsonRoundTrip(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var out any
	require.NoError(t, json.Unmarshal(b, &out))
	return out
}

// TestCatalogExport writes each embedded catalogue and imports it back.
func TestCatalogExport(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(dir, "controls"), 0o755))
	for _, id := range []string{"nist-sp800-171-r2", "nist-sp800-171-r3", "nist-sp800-53-r5-moderate"} {
		out := filepath.Join(dir, id+".json")
		code, _, stderr := runCLI(t, "catalog", "export", "--format", "oscal", "--catalog", id, "-o", out)
		require.Equal(t, exitReady, code, stderr)
		st, err := os.Stat(out)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o644), st.Mode().Perm(), "a catalogue is public")
		code, _, stderr = runCLI(t, "catalog", "import", out, "-o", filepath.Join(dir, "controls", id+".yaml"))
		require.Equal(t, exitReady, code, stderr)
	}
	// The re-imported catalogues are valid, with the same counts.
	code, stdout, stderr := runCLI(t, "catalog", "validate", filepath.Join(dir, "controls"))
	require.Equal(t, exitReady, code, stderr)
	_, want, _ := runCLI(t, "catalog", "validate")
	assert.Equal(t, want, stdout)

	code, _, stderr = runCLI(t, "catalog", "export", "--format", "csv")
	assert.Equal(t, exitError, code)
	assert.Contains(t, stderr, `invalid --format "csv"`)
	code, _, stderr = runCLI(t, "catalog", "export", "--catalog", "nope")
	assert.Equal(t, exitError, code)
	assert.Contains(t, stderr, `unknown catalogue "nope"`)
}

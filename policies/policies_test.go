package policies_test

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/controls"
	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/policies"
)

// TestRego runs every _test.rego under the same sandboxed capabilities
// the engine uses.
func TestRego(t *testing.T) {
	b, err := engine.LoadPolicies(policies.FS)
	require.NoError(t, err)
	mods := map[string]*ast.Module{}
	for k, m := range b.Modules {
		mods[k] = m
	}
	for k, m := range b.Tests {
		mods[k] = m
	}
	require.NotEmpty(t, b.Tests, "no Rego tests found")
	ctx := context.Background()
	store := inmem.NewFromObject(b.Data)
	ch, err := tester.NewRunner().
		SetCompiler(ast.NewCompiler().WithCapabilities(engine.Capabilities()).WithDefaultRegoVersion(ast.RegoV1)).
		SetStore(store).
		SetModules(mods).
		RaiseBuiltinErrors(true).
		SetTimeout(30*time.Second).
		RunTests(ctx, nil)
	require.NoError(t, err)
	n := 0
	for r := range ch {
		n++
		name := r.Package + "." + r.Name
		if r.Error != nil {
			t.Errorf("%s: error: %v", name, r.Error)
		} else if r.Fail {
			t.Errorf("%s: failed", name)
		} else if r.Skip {
			t.Errorf("%s: skipped (todo_ tests are not allowed)", name)
		}
	}
	assert.Greater(t, n, 0)
	t.Logf("%d Rego tests", n)
}

// TestRequirementAnnotations checks the policies against the
// catalogue: every package under r2/ names a real requirement in its
// METADATA, sits in the directory its family and ID dictate, has a test
// file beside it, and every requirement has exactly one package.
func TestRequirementAnnotations(t *testing.T) {
	b, err := engine.LoadPolicies(policies.FS)
	require.NoError(t, err)
	cat, err := engine.LoadCatalog(controls.FS, engine.DefaultCatalog)
	require.NoError(t, err)

	tests := map[string]bool{}
	for file := range b.Tests {
		tests[path.Dir(file)] = true
	}
	seen := map[string]string{}
	for file, m := range b.Modules {
		if !strings.HasPrefix(file, "r2/") {
			continue
		}
		var req string
		for _, a := range m.Annotations {
			if a.Scope == "package" {
				req = fmt.Sprint(a.Custom["requirement"])
			}
		}
		if req == "" || req == "<nil>" {
			t.Errorf("%s: no requirement in package METADATA", file)
			continue
		}
		r, ok := cat.Requirement(req)
		if !ok {
			t.Errorf("%s: requirement %q is not in %s", file, req, cat.ID)
			continue
		}
		if prev, dup := seen[req]; dup {
			t.Errorf("%s: requirement %s already has a package in %s", file, req, prev)
		}
		seen[req] = file
		fam := strings.ToLower(r.Family().Abbrev)
		slug := fam + "_" + strings.ReplaceAll(req, ".", "_")
		wantDir := path.Join("r2", fam, slug)
		assert.Equal(t, wantDir, path.Dir(file), "%s: directory for requirement %s", file, req)
		assert.Equal(t, "data.r2."+fam+"."+slug, m.Package.Path.String(), "%s: package for requirement %s", file, req)
		assert.True(t, tests[path.Dir(file)], "%s: no _test.rego beside it", file)
	}
	for _, r := range cat.Requirements() {
		if _, ok := seen[r.ID]; !ok {
			t.Errorf("requirement %s has no policy package", r.ID)
		}
	}
}

// TestEmbedded checks that the embedded bundle holds only what the
// engine loads: Rego, data files, and no stray files.
func TestEmbedded(t *testing.T) {
	err := fs.WalkDir(policies.FS, ".", func(p string, d fs.DirEntry, err error) error {
		require.NoError(t, err)
		if d.IsDir() {
			return nil
		}
		if !strings.HasSuffix(p, ".rego") && path.Base(p) != "data.yaml" {
			t.Errorf("unexpected embedded file %s", p)
		}
		return nil
	})
	require.NoError(t, err)
}

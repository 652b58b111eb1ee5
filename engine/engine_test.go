package engine_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/controls"
	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/policies"
)

// update rewrites golden files (go test ./engine -update).
var update = flag.Bool("update", false, "rewrite the golden files")

// TestSandbox: policies cannot reach the network, the runtime or the
// clock, and a runaway policy is stopped by the evaluation timeout.
func TestSandbox(t *testing.T) {
	tests := []struct {
		name, rego, want string
	}{
		{"http.send", `x := http.send({"method": "get", "url": "http://127.0.0.1/"})`, "undefined function http.send"},
		{"net.lookup_ip_addr", `x := net.lookup_ip_addr("localhost")`, "undefined function net.lookup_ip_addr"},
		{"opa.runtime", `x := opa.runtime()`, "undefined function opa.runtime"},
		{"time.now_ns", `x := time.now_ns()`, "undefined function time.now_ns"},
		// Both verify a certificate's validity against the current time.
		{"crypto.x509.parse_and_verify_certificates", `x := crypto.x509.parse_and_verify_certificates("")`,
			"undefined function crypto.x509.parse_and_verify_certificates"},
		{"crypto.x509.parse_and_verify_certificates_with_options", `x := crypto.x509.parse_and_verify_certificates_with_options("", {})`,
			"undefined function crypto.x509.parse_and_verify_certificates_with_options"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := sandboxPolicies(`package r2.ac.evil` + "\n\n" + tt.rego + "\n")
			_, err := engine.New(context.Background(), engine.Options{Controls: controls.FS, Policies: fsys})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}

	t.Run("timeout", func(t *testing.T) {
		// A policy that does a great deal of work for every evaluation.
		fsys := sandboxPolicies("package r2.ac.slow\n\nfindings contains x if {\n\tsome i in numbers.range(1, 100000000)\n\ti < 0\n\tx := i\n}\n")
		eng, err := engine.New(context.Background(), engine.Options{Controls: controls.FS, Policies: fsys, Timeout: 50 * time.Millisecond})
		require.NoError(t, err)
		ev, err := evidence.Read(filepath.Join("..", "examples", "sato-machining"))
		require.NoError(t, err)
		ev.Facts = &evidence.Facts{}
		start := time.Now()
		_, err = eng.Assess(context.Background(), ev)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "cancel")
		assert.Less(t, time.Since(start), 5*time.Second)
	})
}

// sandboxPolicies is the real bundle's entrypoint and library plus one
// extra module.
func sandboxPolicies(extra string) fstest.MapFS {
	fsys := fstest.MapFS{"r2/ac/extra/extra.rego": {Data: []byte(extra)}}
	for _, f := range []string{"mamori/assess.rego", "mamori/lib/lib.rego", "mamori/params/data.yaml"} {
		b, err := policies.FS.ReadFile(f)
		if err != nil {
			panic(err)
		}
		fsys[f] = &fstest.MapFile{Data: b}
	}
	return fsys
}

// TestDeterministicAndConcurrent assesses the examples from many
// goroutines at once: every verdict is byte-for-byte the sequential one.
func TestDeterministicAndConcurrent(t *testing.T) {
	eng := testEngine(t)
	dirs := evidenceExamples(t)
	want := map[string][]byte{}
	var evs []*evidence.Evidence
	for _, d := range dirs {
		ev, err := evidence.Read(d)
		require.NoError(t, err)
		v, err := eng.Assess(context.Background(), ev)
		require.NoError(t, err)
		b, err := json.Marshal(v)
		require.NoError(t, err)
		want[d] = b
		evs = append(evs, ev)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 8 {
		wg.Go(func() {
			for i := range 5 {
				k := (g + i) % len(dirs)
				v, err := eng.Assess(context.Background(), evs[k])
				if err != nil {
					errs <- err.Error()
					return
				}
				b, _ := json.Marshal(v)
				if !bytes.Equal(b, want[dirs[k]]) {
					errs <- "verdict for " + dirs[k] + " differs"
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestLoadPolicies reads policy directories through OPA's loader: Rego
// with its METADATA, data.yaml and data.json at their directory's path,
// tests apart, hidden directories and other files skipped, and a digest
// over exactly the policy and data files.
func TestLoadPolicies(t *testing.T) {
	base := func() fstest.MapFS {
		return fstest.MapFS{
			"r2/ac/x/x.rego":      {Data: []byte("# METADATA\n# scope: package\n# custom:\n#   requirement: 3.1.1\npackage r2.ac.x\n\nallow := data.r2.ac.limit > 1\n")},
			"r2/ac/x/x_test.rego": {Data: []byte("package r2.ac.x_test\n\ntest_allow if data.r2.ac.x.allow\n")},
			"r2/ac/data.yaml":     {Data: []byte("limit: 2\n")},
			"r2/notes.yaml":       {Data: []byte("not: [data\n")},
			"README.md":           {Data: []byte("# policies\n")},
			".git/data.json":      {Data: []byte("{")},
			".git/x.rego":         {Data: []byte("not rego")},
		}
	}
	b, err := engine.LoadPolicies(base())
	require.NoError(t, err)
	assert.Equal(t, []string{"r2/ac/x/x.rego"}, keys(b.Modules))
	assert.Equal(t, []string{"r2/ac/x/x_test.rego"}, keys(b.Tests))
	assert.Equal(t, map[string]any{"r2": map[string]any{"ac": map[string]any{"limit": json.Number("2")}}}, b.Data)
	ann := b.Modules["r2/ac/x/x.rego"].Annotations
	require.Len(t, ann, 1)
	assert.Equal(t, "3.1.1", ann[0].Custom["requirement"])

	t.Run("digest", func(t *testing.T) {
		for name, change := range map[string]func(fstest.MapFS){
			"a test changes":        func(f fstest.MapFS) { f["r2/ac/x/x_test.rego"].Data = []byte("package r2.ac.x_test\n") },
			"another file is added": func(f fstest.MapFS) { f["r2/ac/x/README.md"] = &fstest.MapFile{Data: []byte("x")} },
		} {
			f := base()
			change(f)
			got, err := engine.LoadPolicies(f)
			require.NoError(t, err, name)
			assert.Equal(t, b.Digest, got.Digest, "the digest is unchanged when %s", name)
		}
		for name, change := range map[string]func(fstest.MapFS){
			"a policy changes":  func(f fstest.MapFS) { f["r2/ac/x/x.rego"].Data = append(f["r2/ac/x/x.rego"].Data, '\n') },
			"data changes":      func(f fstest.MapFS) { f["r2/ac/data.yaml"].Data = []byte("limit: 3\n") },
			"data is added":     func(f fstest.MapFS) { f["r2/data.json"] = &fstest.MapFile{Data: []byte(`{"other": 1}`)} },
			"a policy is moved": func(f fstest.MapFS) { f["r2/ac/y/x.rego"], f["r2/ac/x/x.rego"] = f["r2/ac/x/x.rego"], nil },
		} {
			f := base()
			change(f)
			for k, v := range f {
				if v == nil {
					delete(f, k)
				}
			}
			got, err := engine.LoadPolicies(f)
			require.NoError(t, err, name)
			assert.NotEqual(t, b.Digest, got.Digest, "the digest changes when %s", name)
		}
	})

	tests := []struct {
		name   string
		change func(fstest.MapFS)
		want   string
	}{
		{"Rego v0", func(f fstest.MapFS) { f["r2/ac/x/x.rego"].Data = []byte("package r2.ac.x\n\nallow { true }\n") },
			"r2/ac/x/x.rego:3: rego_parse_error"},
		{"bad data", func(f fstest.MapFS) { f["r2/ac/data.yaml"].Data = []byte("limit: [2\n") }, "r2/ac/data.yaml"},
		{"data that is not an object", func(f fstest.MapFS) { f["r2/ac/data.json"] = &fstest.MapFile{Data: []byte(`[1]`)} }, "r2/ac/data.json"},
		{"two values for one name", func(f fstest.MapFS) { f["r2/data.yaml"] = &fstest.MapFile{Data: []byte("ac: {limit: 3}\n")} },
			"conflicting values at data.r2.ac.limit"},
		{"no Rego", func(f fstest.MapFS) { delete(f, "r2/ac/x/x.rego"); delete(f, "r2/ac/x/x_test.rego") }, "no .rego files found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := base()
			tt.change(f)
			_, err := engine.LoadPolicies(f)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func keys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// TestCapabilitiesList lists every builtin the policies may call, one a
// line, against engine/testdata/capabilities.txt: a new OPA version that
// adds a builtin fails here until someone decides whether policies may
// use it (go test ./engine -run TestCapabilitiesList -update writes the
// list, and the diff shows what was added).
func TestCapabilitiesList(t *testing.T) {
	var b strings.Builder
	for _, bi := range engine.Capabilities().Builtins {
		b.WriteString(bi.Name + "\n")
	}
	golden := filepath.Join("testdata", "capabilities.txt")
	if *update {
		require.NoError(t, os.WriteFile(golden, []byte(b.String()), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), b.String(), "the builtins allowed changed: decide on each, then run with -update")
	assert.NotContains(t, b.String(), "time.now_ns\n")
	assert.NotContains(t, b.String(), "crypto.x509.parse_and_verify_certificates")
	assert.NotContains(t, b.String(), "http.send\n")
}

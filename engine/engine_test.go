package engine_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
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

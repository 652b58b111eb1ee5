// Package engine is mamori's assessment library: the catalogue and
// evidence types, loading from an fs.FS, one prepared Rego entrypoint,
// scoring (DoD Assessment Methodology, CMMC Level 2, the Japanese
// conformance view) and the verdict that reports and gates consume.
//
// It has no CLI, spreadsheet or HTTP dependencies.
package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/loader"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// DefaultCatalog is the catalogue assessments use unless the evidence
// names another.
const DefaultCatalog = "nist-sp800-171-r2"

// EntryPoint is the one Rego query mamori evaluates.
const EntryPoint = "data.mamori.assess"

// ParamsFile is where the policies keep their default thresholds.
const ParamsFile = "mamori/params/data.yaml"

// Options configure an Engine.
type Options struct {
	// Controls holds the catalogue files; Policies the Rego bundle.
	Controls fs.FS
	Policies fs.FS
	// Params override the default thresholds (data.mamori.params).
	Params map[string]any
	// Now is the clock used to reject future dates; default time.Now.
	Now func() time.Time
	// Timeout bounds one policy evaluation; default 2 s.
	Timeout time.Duration
	// NoCache turns off the reuse of a package's findings for inputs it
	// has seen (see pkgDeps): every assessment evaluates every routed
	// package. For measurement and diagnosis.
	NoCache bool
	// CloudRegistry is the registry of assessed cloud services that the
	// evidence's cloud services are checked against (cloud.go); nil
	// leaves every service holding protected information not checked.
	CloudRegistry *CloudRegistry
}

// Engine assesses evidence. It compiles the policies once; Assess is
// safe to call from several goroutines.
type Engine struct {
	catalog       *Catalog
	pq            rego.PreparedEvalQuery
	params        map[string]any
	overridden    []string
	policyDigest  string
	manual        map[string]bool
	corroboration corroboration
	deps          []pkgDeps
	cache         findingsCache
	noCache       bool
	corroborated  []corroborated
	now           func() time.Time
	timeout       time.Duration
	cloudRegistry *CloudRegistry
	// gates are the gate entrypoints by kind (gate.go), prepared from
	// gateMods on first use.
	gates     map[string]rego.PreparedEvalQuery
	gateOnce  sync.Once
	gateErr   error
	gateMods  map[string]*ast.Module
	gateStore storage.Store
}

// New loads the default catalogue and compiles the policies.
func New(ctx context.Context, opts Options) (*Engine, error) {
	if opts.Controls == nil || opts.Policies == nil {
		return nil, errors.New("engine: Controls and Policies are required")
	}
	var (
		cat    *Catalog
		catErr error
		done   = make(chan struct{})
	)
	go func() {
		defer close(done)
		cat, catErr = LoadCatalog(opts.Controls, DefaultCatalog)
	}()
	e := &Engine{now: opts.Now, timeout: opts.Timeout, noCache: opts.NoCache, cloudRegistry: opts.CloudRegistry}
	if e.now == nil {
		e.now = time.Now
	}
	if e.timeout == 0 {
		e.timeout = 2 * time.Second
	}
	b, err := loadPolicies(opts.Policies, false)
	if err != nil {
		return nil, err
	}
	e.policyDigest = b.Digest
	mamoriData, _ := b.Data["mamori"].(map[string]any)
	defaults, ok := mamoriData["params"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("load policies: no default thresholds: expected %s", ParamsFile)
	}
	e.params, e.overridden, err = mergeParams(defaults, opts.Params)
	if err != nil {
		return nil, err
	}
	data := maps.Clone(b.Data)
	data["mamori"] = map[string]any{"params": e.params}
	compiler := ast.NewCompiler().
		WithCapabilities(Capabilities()).
		WithDefaultRegoVersion(ast.RegoV1).
		WithEnablePrintStatements(false)
	// The gate policies are compiled on first use (Gate), apart from the
	// assessment's: a command that only assesses does not pay for them.
	assessMods, gateMods := map[string]*ast.Module{}, map[string]*ast.Module{}
	for name, m := range b.Modules {
		if strings.HasPrefix(name, "gate/") {
			gateMods[name] = m
		} else {
			assessMods[name] = m
		}
	}
	compiler.Compile(assessMods)
	if compiler.Failed() {
		return nil, fmt.Errorf("compile policies: %w", compiler.Errors)
	}
	<-done
	if catErr != nil {
		return nil, fmt.Errorf("load catalogue: %w", catErr)
	}
	e.catalog = cat
	e.manual = manualRequirements(compiler)
	e.deps = analyseDeps(compiler)
	if e.corroboration, err = readCorroboration(b.Modules); err != nil {
		return nil, err
	}
	e.corroborated = prepareCorroboration(cat, e.corroboration)
	store := inmem.NewFromObject(data)
	e.pq, err = rego.New(
		rego.Query(EntryPoint),
		rego.Compiler(compiler),
		rego.Store(store),
		rego.Capabilities(Capabilities()),
		rego.StrictBuiltinErrors(true),
	).PrepareForEval(ctx)
	if err != nil {
		return nil, fmt.Errorf("prepare %s: %w", EntryPoint, err)
	}
	e.gateMods, e.gateStore = gateMods, store
	return e, nil
}

// Catalog returns the catalogue the engine assesses against.
func (e *Engine) Catalog() *Catalog { return e.catalog }

// PolicyDigest is the SHA-256 of the policy bundle in use.
func (e *Engine) PolicyDigest() string { return e.policyDigest }

// Capabilities are the OPA builtins the policies may use: no network,
// no runtime information, nothing nondeterministic, and nothing whose
// result depends on the current time, so that a verdict follows from its
// evidence and the date it is given. engine/testdata/capabilities.txt
// lists every builtin allowed, and TestCapabilitiesList fails when an
// OPA version adds one, so that each addition is a decision.
func Capabilities() *ast.Capabilities {
	c := ast.CapabilitiesForThisVersion()
	kept := make([]*ast.Builtin, 0, len(c.Builtins))
	for _, b := range c.Builtins {
		if b.Nondeterministic || b.Name == "trace" || b.Name == "rego.parse_module" || b.Name == "opa.runtime" ||
			strings.HasPrefix(b.Name, "net.") || strings.HasPrefix(b.Name, "http.") || timeDependent[b.Name] {
			continue
		}
		kept = append(kept, b)
	}
	c.Builtins = kept
	c.AllowNet = []string{}
	return c
}

// timeDependent are the builtins, not marked nondeterministic, whose
// result depends on the current time: they verify certificates against
// the clock (the _with_options one unless it is given a time).
var timeDependent = map[string]bool{
	"crypto.x509.parse_and_verify_certificates":              true,
	"crypto.x509.parse_and_verify_certificates_with_options": true,
}

// PolicyBundle is a parsed policy directory.
type PolicyBundle struct {
	// Modules are the policy modules, test files excluded.
	Modules map[string]*ast.Module
	// Tests are the _test.rego modules.
	Tests map[string]*ast.Module
	// Data is the merged content of data.yaml / data.json files, placed
	// at their directory path.
	Data map[string]any
	// Digest is the SHA-256 over every policy and data file (not tests).
	Digest string
}

// LoadPolicies parses every .rego and data file in fsys, tests included.
func LoadPolicies(fsys fs.FS) (*PolicyBundle, error) { return loadPolicies(fsys, true) }

// loadPolicies reads a policy directory with OPA's loader: Rego v1
// modules with their METADATA, and the data.yaml and data.json files,
// each placed at its directory's path under data. Test modules are read
// only withTests; hidden directories and other files are skipped.
func loadPolicies(fsys fs.FS, withTests bool) (*PolicyBundle, error) {
	rec := &recordFS{FS: fsys, files: map[string][]byte{}}
	res, err := loader.NewFileLoader().
		WithFS(rec).
		WithRegoVersion(ast.RegoV1).
		WithProcessAnnotation(true).
		WithCapabilities(Capabilities()).
		Filtered([]string{"."}, policyFilter(withTests))
	if err != nil {
		return nil, fmt.Errorf("load policies: %w", err)
	}
	if len(res.Modules) == 0 {
		return nil, errors.New("load policies: no .rego files found")
	}
	b := &PolicyBundle{Modules: map[string]*ast.Module{}, Tests: map[string]*ast.Module{}, Data: res.Documents}
	for name, f := range res.Modules {
		if strings.HasSuffix(name, "_test.rego") {
			b.Tests[name] = f.Parsed
		} else {
			b.Modules[name] = f.Parsed
		}
	}
	if mamori, ok := b.Data["mamori"].(map[string]any); ok {
		if params, ok := mamori["params"].(map[string]any); ok {
			plainNumbers(params)
		}
	}
	// The digest covers every policy and data file as it was read, in
	// path order, tests excepted.
	h := sha256.New()
	for _, p := range slices.Sorted(maps.Keys(rec.files)) {
		if !strings.HasSuffix(p, "_test.rego") {
			fmt.Fprintf(h, "%s\x00%d\x00", p, len(rec.files[p]))
			h.Write(rec.files[p])
		}
	}
	b.Digest = "sha256:" + hex.EncodeToString(h.Sum(nil))
	return b, nil
}

// policyFilter keeps what the engine loads from a policy directory: it
// returns true (skip) for hidden directories, for _test.rego files
// unless withTests, and for files that are neither Rego nor data.yaml or
// data.json.
func policyFilter(withTests bool) loader.Filter {
	return func(_ string, info fs.FileInfo, depth int) bool {
		name := info.Name()
		switch {
		case info.IsDir():
			return depth > 0 && strings.HasPrefix(name, ".")
		case strings.HasSuffix(name, "_test.rego"):
			return !withTests
		case strings.HasSuffix(name, ".rego"), name == "data.yaml", name == "data.json":
			return false
		}
		return true
	}
}

// recordFS keeps the bytes of every file read through it, so that the
// policy digest covers exactly what the loader read.
type recordFS struct {
	fs.FS
	mu    sync.Mutex
	files map[string][]byte
}

func (r *recordFS) ReadFile(name string) ([]byte, error) {
	b, err := fs.ReadFile(r.FS, name)
	if err == nil {
		r.mu.Lock()
		r.files[name] = b
		r.mu.Unlock()
	}
	return b, err
}

// plainNumbers turns the JSON numbers OPA's loader gives into the ints
// and float64s that thresholds are compared and reported as.
func plainNumbers(m map[string]any) {
	for k, v := range m {
		n, ok := v.(json.Number)
		if !ok {
			continue
		}
		if i, err := n.Int64(); err == nil {
			m[k] = int(i)
		} else if f, err := n.Float64(); err == nil {
			m[k] = f
		}
	}
}

// mergeParams applies overrides to the defaults. Unknown names and
// values of another type are errors.
func mergeParams(defaults, overrides map[string]any) (map[string]any, []string, error) {
	out := maps.Clone(defaults)
	if out == nil {
		out = map[string]any{}
	}
	var changed []string
	for _, k := range slices.Sorted(maps.Keys(overrides)) {
		v := overrides[k]
		d, ok := defaults[k]
		if !ok {
			return nil, nil, fmt.Errorf("params: unknown threshold %q (known: %s)", k, strings.Join(slices.Sorted(maps.Keys(defaults)), ", "))
		}
		if f, ok := v.(float64); ok && f == float64(int(f)) {
			if _, isInt := d.(int); isInt {
				v = int(f)
			}
		}
		if fmt.Sprintf("%T", d) != fmt.Sprintf("%T", v) {
			return nil, nil, fmt.Errorf("params: %s: expected %T like the default %v, got %v", k, d, d, v)
		}
		if d != v {
			changed = append(changed, k)
		}
		out[k] = v
	}
	return out, changed, nil
}

// manualRequirements finds the requirement packages that define
// `manual := true`: no fact bears on them.
func manualRequirements(c *ast.Compiler) map[string]bool {
	out := map[string]bool{}
	for _, m := range c.Modules {
		var req string
		for _, a := range m.Annotations {
			if a.Scope == "package" {
				if r, ok := a.Custom["requirement"].(string); ok {
					req = r
				}
			}
		}
		if req == "" {
			continue
		}
		for _, r := range m.Rules {
			if r.Head.Name.String() == "manual" || (len(r.Head.Reference) == 1 && r.Head.Reference[0].Value.Compare(ast.Var("manual")) == 0) {
				out[req] = true
			}
		}
	}
	return out
}

// ParseParams reads a thresholds file (YAML or JSON).
func ParseParams(name string, data []byte) (map[string]any, error) {
	var v map[string]any
	if err := evidence.Decode(name, data, &v); err != nil {
		return nil, err
	}
	return v, nil
}

package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/controls"
	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/engine/oscal/export"
	"github.com/mamori-dev/mamori/policies"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// testdata is this package's test data, from the repository root.
const testdata = "engine/oscal/export/testdata"

// schemaFile is NIST's OSCAL 1.1.3 JSON schema (oscal_complete_schema),
// as NIST publishes it.
const schemaFile = testdata + "/oscal_complete_schema-1-1-3.json"

// TestMain runs the tests from the repository root, so that evidence
// files are named in the documents as a user running mamori there sees
// them ("examples/sato-machining/facts.yaml").
func TestMain(m *testing.M) {
	flag.Parse()
	if err := os.Chdir("../../.."); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}

var (
	engOnce sync.Once
	eng     *engine.Engine
	engErr  error
)

// testEngine is the engine with the embedded catalogues and policies,
// its clock fixed after the examples' dates.
func testEngine(t testing.TB) *engine.Engine {
	t.Helper()
	engOnce.Do(func() {
		eng, engErr = engine.New(context.Background(), engine.Options{
			Controls: controls.FS, Policies: policies.FS,
			Now: func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) },
		})
	})
	require.NoError(t, engErr)
	return eng
}

// examples lists the example directories that hold an evidence set.
func examples(t testing.TB) []string {
	t.Helper()
	dirs, err := filepath.Glob("examples/*")
	require.NoError(t, err)
	var out []string
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "organization.yaml")); err == nil {
			out = append(out, d)
		}
	}
	require.GreaterOrEqual(t, len(out), 3)
	return out
}

// assessed is an example's evidence and verdict.
type assessed struct {
	name string
	ev   *evidence.Evidence
	v    *engine.Verdict
	cat  *engine.Catalog
}

func assess(t testing.TB, dir string) assessed {
	t.Helper()
	ev, err := evidence.Read(dir)
	require.NoError(t, err)
	v, err := testEngine(t).Assess(context.Background(), ev)
	require.NoError(t, err)
	return assessed{name: filepath.Base(dir), ev: ev, v: v, cat: testEngine(t).Catalog()}
}

func (a assessed) input(lang string) export.Input {
	return export.Input{Verdict: a.v, Evidence: a.ev, Catalog: a.cat, Lang: lang}
}

// encode writes a document as mamori writes it.
func encode(t testing.TB, doc any) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, export.WriteJSON(&buf, doc))
	return buf.Bytes()
}

// catalogs loads the embedded catalogues.
func catalogs(t testing.TB) *engine.Catalogs {
	t.Helper()
	cats, err := engine.LoadCatalogs(controls.FS)
	require.NoError(t, err)
	return cats
}

var (
	schemaOnce sync.Once
	compiled   *jsonschema.Schema
	schemaErr  error
)

// oscalSchema compiles NIST's schema, with format assertions on.
func oscalSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	schemaOnce.Do(func() {
		f, err := os.Open(schemaFile)
		if err != nil {
			schemaErr = err
			return
		}
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			schemaErr = err
			return
		}
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		const url = "http://csrc.nist.gov/ns/oscal/1.0/1.1.3/oscal-complete-schema.json"
		if schemaErr = c.AddResource(url, doc); schemaErr != nil {
			return
		}
		compiled, schemaErr = c.Compile(url)
	})
	require.NoError(t, schemaErr)
	return compiled
}

// validate checks a document against NIST's schema.
func validate(t testing.TB, data []byte) error {
	t.Helper()
	schema := oscalSchema(t)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return schema.Validate(inst)
}

// refIndex is what a document defines that references may point to.
type refIndex struct {
	uuids     map[string]string // uuid → the key of the object defining it
	resources map[string]bool   // back-matter resource UUIDs
	ids       map[string]bool   // catalog ids (controls, parts, params, groups)
	controls  map[string]bool   // catalog control ids
	parts     map[string]bool   // catalog part ids
}

// indexDoc collects the UUIDs and ids a document defines, and fails on
// a UUID defined twice.
func indexDoc(doc any) (*refIndex, error) {
	ix := &refIndex{uuids: map[string]string{}, resources: map[string]bool{}, ids: map[string]bool{},
		controls: map[string]bool{}, parts: map[string]bool{}}
	var dup []string
	var walk func(v any, key string)
	walk = func(v any, key string) {
		switch x := v.(type) {
		case map[string]any:
			if u, ok := x["uuid"].(string); ok {
				if _, seen := ix.uuids[u]; seen {
					dup = append(dup, u)
				}
				ix.uuids[u] = key
				if key == "resources" {
					ix.resources[u] = true
				}
			}
			if id, ok := x["id"].(string); ok && slices.Contains([]string{"controls", "parts", "params", "groups"}, key) {
				ix.ids[id] = true
				switch key {
				case "controls":
					ix.controls[id] = true
				case "parts":
					ix.parts[id] = true
				}
			}
			for k, c := range x {
				walk(c, k)
			}
		case []any:
			for _, c := range x {
				walk(c, key)
			}
		}
	}
	walk(doc, "")
	if len(dup) > 0 {
		return nil, fmt.Errorf("UUIDs defined more than once: %v", dup)
	}
	return ix, nil
}

// checkRefs checks that every reference in an OSCAL document resolves:
// every *-uuid and *-uuids member and member-of-organizations names a
// UUID the document defines; every "#" href names a back-matter resource
// (or, in a catalog, a control); and, when cat is given, every
// control-id, objective-id and finding target names a control or part
// of that catalog, whose UUID the document's catalog resource gives.
func checkRefs(data []byte, cat []byte) []string {
	var doc, catDoc any
	if err := json.Unmarshal(data, &doc); err != nil {
		return []string{err.Error()}
	}
	ix, err := indexDoc(doc)
	if err != nil {
		return []string{err.Error()}
	}
	var cix *refIndex
	var catUUID string
	if cat != nil {
		if err := json.Unmarshal(cat, &catDoc); err != nil {
			return []string{err.Error()}
		}
		if cix, err = indexDoc(catDoc); err != nil {
			return []string{err.Error()}
		}
		catUUID, _ = catDoc.(map[string]any)["catalog"].(map[string]any)["uuid"].(string)
	}
	var bad []string
	fail := func(format string, args ...any) { bad = append(bad, fmt.Sprintf(format, args...)) }
	uuidRef := func(path, u string) {
		if _, ok := ix.uuids[u]; !ok {
			fail("%s: %s resolves to nothing", path, u)
		}
	}
	sawCatalog := false
	var walk func(v any, path string)
	walk = func(v any, path string) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				p := path + "." + k
				switch s := c.(type) {
				case string:
					switch {
					case strings.HasSuffix(k, "-uuid"):
						uuidRef(p, s)
					case k == "href" && strings.HasPrefix(s, "#"):
						frag := s[1:]
						if !ix.resources[frag] && !ix.controls[frag] {
							fail("%s: %s is not a back-matter resource or a control", p, s)
						}
					case k == "control-id" && cix != nil:
						if !cix.controls[s] {
							fail("%s: control %s is not in the catalog", p, s)
						}
					case k == "objective-id" && cix != nil:
						if !cix.parts[s] {
							fail("%s: objective %s is not in the catalog", p, s)
						}
					case k == "target-id" && cix != nil:
						if !cix.parts[s] {
							fail("%s: target %s is not a part of the catalog", p, s)
						}
					case k == "identifier" && cix != nil && s == catUUID:
						sawCatalog = true
					}
				case []any:
					if strings.HasSuffix(k, "-uuids") || k == "member-of-organizations" {
						for i, u := range s {
							us, _ := u.(string)
							uuidRef(fmt.Sprintf("%s[%d]", p, i), us)
						}
					}
				}
				walk(c, p)
			}
		case []any:
			for i, c := range x {
				walk(c, fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
	walk(doc, "")
	if cix != nil && !sawCatalog {
		fail("no back-matter resource names the catalog %s", catUUID)
	}
	slices.Sort(bad)
	return bad
}

// golden compares data with a golden file, or rewrites it with -update.
func golden(t *testing.T, name string, data []byte) {
	t.Helper()
	path := filepath.Join(testdata, name)
	if *update {
		require.NoError(t, os.WriteFile(path, data, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./engine/oscal/export -update to write it")
	if !bytes.Equal(want, data) {
		t.Errorf("%s differs from the export; check the change and rerun with -update", path)
	}
}

package engine_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/mamori-dev/mamori/controls"
	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// The evidence JSON Schema lives in docs/ for editors and other tools.
// These tests keep it in step with the Go types that decode evidence.
const (
	schemaFile     = "../docs/evidence.schema.json"
	schemaURL      = "https://schemas.mamori.invalid/evidence/v1.json"
	schemaExamples = "../examples"
	// schemaDatePattern is the pattern of $defs/date.
	schemaDatePattern = `^\d{4}-\d{2}-\d{2}$`
)

// schemaDoc reads the schema as plain JSON.
func schemaDoc(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile(schemaFile)
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(b, &doc), "%s is not valid JSON", schemaFile)
	return doc
}

// schemaCompile compiles the schema under its fixed absolute URL, with
// format assertions on so that "format": "date" rejects 2026-02-30 as
// mamori does.
func schemaCompile(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(schemaFile)
	require.NoError(t, err)
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	require.NoError(t, c.AddResource(schemaURL, doc))
	sch, err := c.Compile(schemaURL)
	require.NoError(t, err, "the schema does not compile against draft 2020-12")
	return sch
}

// schemaYAML decodes a YAML (or JSON) document into the values a JSON
// Schema validator expects, as an editor sees them: mappings become
// map[string]any, timestamps stay the text that was written (yaml.v3
// would turn an unquoted 2026-10-01 into a time.Time when decoding into
// any), and duplicate keys are an error, as they are for mamori.
func schemaYAML(data []byte) (any, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, err
	}
	if root.Kind == 0 {
		return nil, fmt.Errorf("empty document")
	}
	return schemaNodeValue(&root)
}

func schemaNodeValue(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		return schemaNodeValue(n.Content[0])
	case yaml.AliasNode:
		return schemaNodeValue(n.Alias)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := schemaNodeValue(c)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		out := map[string]any{}
		var merged []*yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.ShortTag() == "!!merge" {
				merged = append(merged, v)
				continue
			}
			if _, dup := out[k.Value]; dup {
				return nil, fmt.Errorf("line %d: mapping key %q already defined", k.Line, k.Value)
			}
			val, err := schemaNodeValue(v)
			if err != nil {
				return nil, err
			}
			out[k.Value] = val
		}
		// Merge keys (<<) fill in what the mapping does not set itself.
		for _, m := range merged {
			srcs := []*yaml.Node{m}
			if m.Kind == yaml.SequenceNode {
				srcs = m.Content
			}
			for _, s := range srcs {
				v, err := schemaNodeValue(s)
				if err != nil {
					return nil, err
				}
				mm, ok := v.(map[string]any)
				if !ok {
					return nil, fmt.Errorf("line %d: merge key needs a mapping", s.Line)
				}
				for k, x := range mm {
					if _, set := out[k]; !set {
						out[k] = x
					}
				}
			}
		}
		return out, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil, nil
		case "!!bool", "!!int", "!!float":
			var v any
			if err := n.Decode(&v); err != nil {
				return nil, err
			}
			return v, nil
		default: // !!str, !!timestamp, !!binary: the text as written
			return n.Value, nil
		}
	}
	return nil, fmt.Errorf("line %d: unexpected YAML node", n.Line)
}

// schemaGoShape is what the Go types say about one document key.
type schemaGoShape struct {
	typ  string // JSON type: object, array, string, integer, number, boolean
	date bool
	// closed: the Go decoder rejects unknown keys here (a struct).
	closed bool
}

var schemaDateType = reflect.TypeFor[evidence.Date]()

// schemaGoPaths walks the Go type t, following pointers, slices and
// maps, and records every document path: "organization.name",
// "poam[].milestones[].due", "objectives.*.status".
func schemaGoPaths(t reflect.Type, path string, out map[string]schemaGoShape) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == schemaDateType {
		out[path] = schemaGoShape{typ: "string", date: true}
		return
	}
	if t == reflect.TypeFor[time.Time]() {
		out[path] = schemaGoShape{typ: "string"} // RFC 3339
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		out[path] = schemaGoShape{typ: "object", closed: true}
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name == "-" {
				continue
			}
			if slices.Contains(strings.Split(opts, ","), "inline") {
				schemaGoPaths(f.Type, path, out)
				out[path] = schemaGoShape{typ: "object", closed: true}
				continue
			}
			if name == "" {
				name = strings.ToLower(f.Name) // yaml.v3's default key
			}
			schemaGoPaths(f.Type, schemaJoin(path, name), out)
		}
	case reflect.Slice, reflect.Array:
		out[path] = schemaGoShape{typ: "array"}
		schemaGoPaths(t.Elem(), path+"[]", out)
	case reflect.Map:
		out[path] = schemaGoShape{typ: "object"}
		schemaGoPaths(t.Elem(), schemaJoin(path, "*"), out)
	case reflect.String:
		out[path] = schemaGoShape{typ: "string"}
	case reflect.Bool:
		out[path] = schemaGoShape{typ: "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		out[path] = schemaGoShape{typ: "integer"}
	case reflect.Float32, reflect.Float64:
		out[path] = schemaGoShape{typ: "number"}
	case reflect.Interface:
		out[path] = schemaGoShape{typ: "any"} // a fact's value, of the fact's type
	default:
		out[path] = schemaGoShape{typ: "unsupported " + t.Kind().String()}
	}
}

func schemaJoin(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// schemaShape is what the schema says about one document key.
type schemaShape struct {
	types  []string // without "null"
	date   bool
	closed bool
}

// schemaWalker records the document paths a schema describes.
type schemaWalker struct {
	defs      map[string]any
	out       map[string]schemaShape
	undescrib []string // properties without a description
	badRefs   []string
}

// branches resolves $ref, anyOf, oneOf and allOf into the plain schemas
// that apply at one place, dropping branches that only allow null.
func (w *schemaWalker) branches(s map[string]any, depth int) []map[string]any {
	if depth > 20 {
		return nil
	}
	if t, ok := s["type"].(string); ok && t == "null" {
		return nil
	}
	out := []map[string]any{s}
	if r, ok := s["$ref"].(string); ok {
		name, found := strings.CutPrefix(r, "#/$defs/")
		d, ok := w.defs[name].(map[string]any)
		if !found || !ok {
			w.badRefs = append(w.badRefs, r)
		} else {
			out = append(out, w.branches(d, depth+1)...)
		}
	}
	for _, k := range []string{"anyOf", "oneOf", "allOf"} {
		list, _ := s[k].([]any)
		for _, b := range list {
			if m, ok := b.(map[string]any); ok {
				out = append(out, w.branches(m, depth+1)...)
			}
		}
	}
	return out
}

// visit records path and descends into the properties, items and
// map values of the schemas that apply there.
func (w *schemaWalker) visit(schemas []map[string]any, path string, depth int) {
	if depth > 40 {
		return
	}
	var all []map[string]any
	for _, s := range schemas {
		all = append(all, w.branches(s, 0)...)
	}
	var sh schemaShape
	props := map[string][]map[string]any{}
	var items, values []map[string]any
	for _, s := range all {
		switch t := s["type"].(type) {
		case string:
			sh.types = append(sh.types, t)
		case []any:
			for _, x := range t {
				sh.types = append(sh.types, fmt.Sprint(x))
			}
		}
		if c, ok := s["const"]; ok {
			sh.types = append(sh.types, schemaJSONType(c))
		}
		if p, _ := s["pattern"].(string); p == schemaDatePattern {
			sh.date = true
		}
		if p, ok := s["properties"].(map[string]any); ok {
			for name, ps := range p {
				m, _ := ps.(map[string]any)
				if d, _ := m["description"].(string); strings.TrimSpace(d) == "" {
					w.undescrib = append(w.undescrib, schemaJoin(path, name))
				}
				props[name] = append(props[name], m)
			}
		}
		if it, ok := s["items"].(map[string]any); ok {
			items = append(items, it)
		}
		switch ap := s["additionalProperties"].(type) {
		case bool:
			if !ap {
				sh.closed = true
			}
		case map[string]any:
			values = append(values, ap)
		}
	}
	sh.types = slices.DeleteFunc(slices.Compact(schemaSorted(sh.types)), func(s string) bool { return s == "null" })
	w.out[path] = sh
	for name, ps := range props {
		w.visit(ps, schemaJoin(path, name), depth+1)
	}
	if len(items) > 0 {
		w.visit(items, path+"[]", depth+1)
	}
	if len(values) > 0 {
		w.visit(values, schemaJoin(path, "*"), depth+1)
	}
}

func schemaSorted(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}

func schemaJSONType(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case float64, int:
		return "number"
	case nil:
		return "null"
	case []any:
		return "array"
	}
	return "object"
}

// TestSchemaMatchesGoTypes checks that every key the Go evidence types
// accept is in the schema at the same place, with the same JSON type,
// and that the schema has no key the Go types lack. Objects the Go
// decoder closes (structs: unknown fields are errors) must have
// "additionalProperties": false; Date fields must use the date pattern;
// every property must have a description.
func TestSchemaMatchesGoTypes(t *testing.T) {
	doc := schemaDoc(t)
	assert.Equal(t, "https://json-schema.org/draft/2020-12/schema", doc["$schema"])
	assert.Equal(t, schemaURL, doc["$id"])

	goPaths := map[string]schemaGoShape{}
	schemaGoPaths(reflect.TypeFor[evidence.Evidence](), "", goPaths)

	defs, _ := doc["$defs"].(map[string]any)
	w := &schemaWalker{defs: defs, out: map[string]schemaShape{}}
	w.visit([]map[string]any{doc}, "", 0)

	type row struct{ path, goSide, schemaSide, problem string }
	var rows []row
	paths := map[string]bool{}
	for p := range goPaths {
		paths[p] = true
	}
	for p := range w.out {
		paths[p] = true
	}
	for _, p := range slices.Sorted(maps.Keys(paths)) {
		g, inGo := goPaths[p]
		s, inSchema := w.out[p]
		shown := p
		if shown == "" {
			shown = "(document)"
		}
		schemaTypes := strings.Join(s.types, "|")
		switch {
		case !inSchema:
			rows = append(rows, row{shown, g.typ, "-", "missing from the schema"})
		case !inGo:
			rows = append(rows, row{shown, "-", schemaTypes, "not in the Go types"})
		default:
			if g.typ != "any" && (len(s.types) != 1 || s.types[0] != g.typ) {
				rows = append(rows, row{shown, g.typ, schemaTypes, "type differs"})
			}
			if g.closed && !s.closed {
				rows = append(rows, row{shown, g.typ, schemaTypes, `unknown keys are errors in Go: needs "additionalProperties": false`})
			}
			if !g.closed && s.closed {
				rows = append(rows, row{shown, g.typ, schemaTypes, "closed in the schema but open in Go"})
			}
			if g.date && !s.date {
				rows = append(rows, row{shown, "Date", schemaTypes, "needs the date pattern (use $defs/date)"})
			}
		}
	}
	for _, p := range slices.Compact(schemaSorted(w.undescrib)) {
		rows = append(rows, row{p, "", "", "property has no description"})
	}
	for _, r := range w.badRefs {
		rows = append(rows, row{r, "", "", "$ref does not resolve to #/$defs/..."})
	}
	if len(rows) > 0 {
		var b bytes.Buffer
		tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "PATH\tGO\tSCHEMA\tPROBLEM")
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.path, r.goSide, r.schemaSide, r.problem)
		}
		tw.Flush()
		t.Errorf("%s and the Go evidence types disagree in %d places:\n%s", schemaFile, len(rows), b.String())
	}
	// Guard against a walker that sees nothing.
	assert.Greater(t, len(goPaths), 150, "the Go walk found too few keys")
}

// TestSchemaValidatesExamples validates every evidence file of every
// examples/<name>/ directory against the schema, and checks that mamori
// parses it too, so the two cannot drift apart on real documents.
func TestSchemaValidatesExamples(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join(schemaExamples, "*"))
	require.NoError(t, err)
	sch := schemaCompile(t)
	n := 0
	for _, dir := range dirs {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue
		}
		n++
		t.Run(filepath.Base(dir), func(t *testing.T) {
			// The files mamori itself reads from the directory.
			files, err := evidence.ExpandPaths([]string{dir})
			require.NoError(t, err)
			for _, file := range files {
				data, err := os.ReadFile(file)
				require.NoError(t, err)
				v, err := schemaYAML(data)
				require.NoError(t, err, "%s: not valid YAML", file)
				_, goErr := evidence.Parse(file, data)
				if errors.Is(goErr, evidence.ErrOtherKind) {
					continue // an example's expected result, not evidence
				}
				schemaErr := sch.Validate(v)
				assert.NoError(t, schemaErr, "%s does not validate against %s (mamori's parser says: %v)", file, schemaFile, goErr)
				assert.NoError(t, goErr, "%s is rejected by mamori (the schema says: %v)", file, schemaErr)
			}
		})
	}
	if n == 0 {
		t.Skipf("no example directories in %s yet", schemaExamples)
	}
}

// schemaCheckGo runs mamori's own checks on one complete document: the
// parser (form) and CheckEvidence (catalogue, vocabularies).
func schemaCheckGo(t *testing.T, cat *engine.Catalog, name string, data []byte) error {
	t.Helper()
	ev, err := evidence.Parse(name, data)
	if err != nil {
		return err
	}
	return engine.CheckEvidence(ev, cat, time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC))
}

func schemaCatalog(t *testing.T) *engine.Catalog {
	t.Helper()
	cat, err := engine.LoadCatalog(controls.FS, engine.DefaultCatalog)
	require.NoError(t, err)
	return cat
}

// schemaBase is a small complete evidence document; the cases below
// append to it.
const schemaBase = `mamori: evidence/v1
organization:
  name: 佐藤精機株式会社
  corporate_number: "1234567890123"
assessment:
  type: self
  date: 2026-10-01
  assessor:
    name: 佐藤 花子
`

// TestSchemaRejectsInvalidDocuments checks that documents mamori rejects
// are rejected by the schema too, and records where the schema is
// deliberately stricter than yaml.v3's lenient decoding.
func TestSchemaRejectsInvalidDocuments(t *testing.T) {
	sch := schemaCompile(t)
	cat := schemaCatalog(t)

	valid := schemaBase + `artifacts:
  - id: A1
    title: アクセス制御規程
    reviewed: 2026-04-01
objectives:
  3.1.1[a]:
    status: met
    method: examine
    artifacts: [A1]
facts:
  access:
    account_review_days:
    lockout:
      threshold: 5
`
	t.Run("valid", func(t *testing.T) {
		v, err := schemaYAML([]byte(valid))
		require.NoError(t, err)
		assert.NoError(t, sch.Validate(v), "schema")
		assert.NoError(t, schemaCheckGo(t, cat, "valid.yaml", []byte(valid)), "mamori")
	})

	cases := []struct {
		name string
		doc  string
		// goAccepts marks a document mamori accepts but the schema
		// rejects on purpose (the guide tells users to write it the
		// schema's way).
		goAccepts bool
	}{
		{name: "unknown top-level field", doc: schemaBase + "organisation:\n  name: x\n"},
		{name: "unknown nested field", doc: schemaBase + "facts:\n  access:\n    lockout:\n      attempts: 5\n"},
		{name: "unknown determination field", doc: schemaBase + "objectives:\n  3.1.1[a]:\n    status: met\n    evidence: A1\n"},
		{name: "bad status", doc: schemaBase + "objectives:\n  3.1.1[a]:\n    status: partially_met\n"},
		{name: "not_assessed is not a status", doc: schemaBase + "objectives:\n  3.1.1[a]:\n    status: not_assessed\n"},
		{name: "missing status", doc: schemaBase + "objectives:\n  3.1.1[a]:\n    method: examine\n"},
		{name: "requirement instead of objective", doc: schemaBase + "objectives:\n  3.1.1:\n    status: met\n"},
		{name: "bad method", doc: schemaBase + "objectives:\n  3.1.1[a]:\n    status: met\n    method: observe\n"},
		{name: "date with slashes", doc: strings.Replace(schemaBase, "2026-10-01", "2026/10/01", 1)},
		{name: "date that does not exist", doc: strings.Replace(schemaBase, "2026-10-01", "2026-02-30", 1)},
		{name: "date with time", doc: strings.Replace(schemaBase, "2026-10-01", "2026-10-01T09:00:00Z", 1)},
		{name: "wrong marker", doc: strings.Replace(schemaBase, "evidence/v1", "evidence/v2", 1)},
		{name: "bad assessment type", doc: strings.Replace(schemaBase, "type: self", "type: internal", 1)},
		{name: "missing assessor name", doc: strings.Replace(schemaBase, "    name: 佐藤 花子\n", "    role: 情報システム担当\n", 1)},
		{name: "blank assessment date", doc: strings.Replace(schemaBase, "date: 2026-10-01", "date:", 1)},
		{name: "blank status", doc: schemaBase + "objectives:\n  3.1.1[a]:\n    status:\n"},
		{name: "blank organization name", doc: strings.Replace(schemaBase, "name: 佐藤精機株式会社", `name: "  "`, 1)},
		{name: "short corporate number", doc: strings.Replace(schemaBase, `"1234567890123"`, `"123456789012"`, 1)},
		{name: "lowercase CAGE", doc: strings.Replace(schemaBase, "organization:\n", "organization:\n  cage: tk7q2\n", 1)},
		{name: "tier out of range", doc: strings.Replace(schemaBase, "organization:\n", "organization:\n  tier: 11\n", 1)},
		{name: "uppercase sha256", doc: schemaBase + "ssp:\n  title: SSP\n  sha256: " + strings.Repeat("AB", 32) + "\n"},
		{name: "ssp without title", doc: schemaBase + "ssp:\n  id: SSP\n"},
		{name: "artifact without id", doc: schemaBase + "artifacts:\n  - title: 規程\n"},
		{name: "site without id", doc: schemaBase + "sites:\n  - name: 本社\n"},
		{name: "poam without requirements", doc: schemaBase + "poam:\n  - id: P1\n    weakness: x\n"},
		{name: "poam bad type", doc: schemaBase + "poam:\n  - id: P1\n    type: corrective\n    requirements: [3.1.1]\n"},
		{name: "poam bad status", doc: schemaBase + "poam:\n  - id: P1\n    status: done\n    requirements: [3.1.1]\n"},
		{name: "adjudication bad kind", doc: schemaBase + "adjudications:\n  - requirement: 3.1.1\n    kind: waived\n"},
		{name: "temporary deficiency without plan", doc: schemaBase + "temporary_deficiencies:\n  - requirement: 3.1.1\n    previously_implemented: true\n"},
		{name: "fact vocabulary", doc: schemaBase + "facts:\n  media:\n    removable_media: allowed\n"},
		{name: "crypto module without name", doc: schemaBase + "facts:\n  crypto:\n    modules:\n      - cmvp_certificate: \"4282\"\n"},
		{name: "percentage over 100", doc: schemaBase + "facts:\n  training:\n    completion_percent: 120\n"},
		{name: "integer as a string", doc: schemaBase + "facts:\n  access:\n    account_review_days: \"90\"\n"},
		{name: "boolean as a string", doc: schemaBase + "facts:\n  access:\n    least_privilege: \"true\"\n"},
		{name: "duplicate key", doc: schemaBase + "facts:\n  access:\n    least_privilege: true\n    least_privilege: false\n"},
		{name: "cloud service without holds", doc: schemaBase + "cloud_services:\n  - {id: mail, service: メール, provider: 事業者}\n"},
		{name: "cloud service holds vocabulary", doc: schemaBase + "cloud_services:\n  - {id: mail, service: メール, provider: 事業者, holds: [cui]}\n"},
		{name: "cloud service without provider", doc: schemaBase + "cloud_services:\n  - {id: mail, service: メール, holds: [stored]}\n"},
		{name: "cloud service unknown field", doc: schemaBase + "cloud_services:\n  - {id: mail, service: メール, provider: 事業者, holds: [stored], ismap_number: C1}\n"},
		{name: "fedramp level vocabulary", doc: schemaBase + "cloud_services:\n  - {id: m, service: s, provider: p, holds: [stored], fedramp: {package_id: F1, level: medium}}\n"},
		{name: "declaration without a person", doc: schemaBase + "facts:\n  access:\n    least_privilege: true\nprovenance:\n  declared:\n    date: 2026-09-01\n"},
		{name: "machine source without host or tenant", doc: schemaBase + "facts:\n  access:\n    least_privilege: true\nprovenance:\n  sources:\n    - {id: s, importer: windows, tool: t, collected: 2026-09-01T00:00:00Z, inputs: [{name: f, kind: file, sha256: " + strings.Repeat("ab", 32) + "}]}\n"},
		{name: "unknown importer", doc: schemaBase + "facts:\n  access:\n    least_privilege: true\nprovenance:\n  sources:\n    - {id: s, importer: nessus, tool: t, host: h, collected: 2026-09-01T00:00:00Z, inputs: [{name: f, kind: file, sha256: " + strings.Repeat("ab", 32) + "}]}\n"},
		{name: "sighting without a value", doc: schemaBase + "facts:\n  access:\n    least_privilege: true\nprovenance:\n  sources:\n    - {id: s, importer: windows, tool: t, host: h, collected: 2026-09-01T00:00:00Z, inputs: [{name: f, kind: file, sha256: " + strings.Repeat("ab", 32) + "}]}\n  facts:\n    access.least_privilege:\n      collected: [{source: s}]\n"},

		// yaml.v3 is more lenient than JSON Schema here; the schema keeps
		// the stricter form, which every YAML tool reads the same way.
		{name: "yes as a boolean", doc: schemaBase + "facts:\n  access:\n    least_privilege: yes\n", goAccepts: true},
		{name: "fraction in an integer", doc: schemaBase + "facts:\n  access:\n    account_review_days: 90.5\n", goAccepts: true},
		{name: "unquoted number in a string", doc: strings.Replace(schemaBase, `"1234567890123"`, `1234567890123`, 1), goAccepts: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			goErr := schemaCheckGo(t, cat, "case.yaml", []byte(c.doc))
			if c.goAccepts {
				assert.NoError(t, goErr, "mamori accepts this document")
			} else {
				assert.Error(t, goErr, "mamori rejects this document")
			}
			v, err := schemaYAML([]byte(c.doc))
			if err != nil {
				return // not even YAML a validator could see (duplicate key)
			}
			assert.Error(t, sch.Validate(v), "the schema must reject:\n%s", c.doc)
		})
	}
}

// schemaFenceRE finds fenced YAML blocks in the guides.
var schemaFenceRE = regexp.MustCompile("(?s)```ya?ml\n(.*?)```")

// TestSchemaGuideExamples validates the YAML examples of the evidence
// guides: every block that is an evidence document must pass the schema
// and mamori's parser, and a block that is a whole evidence set
// (organization and assessment) must pass CheckEvidence as well.
func TestSchemaGuideExamples(t *testing.T) {
	sch := schemaCompile(t)
	cat := schemaCatalog(t)
	for _, guide := range []string{"../docs/evidence-guide.md", "../docs/evidence-guide.ja.md"} {
		b, err := os.ReadFile(guide)
		if os.IsNotExist(err) {
			t.Logf("%s: not written yet", guide)
			continue
		}
		require.NoError(t, err)
		n := 0
		for i, m := range schemaFenceRE.FindAllSubmatch(b, -1) {
			block := m[1]
			if !bytes.Contains(block, []byte("mamori: evidence/v1")) {
				continue
			}
			n++
			name := fmt.Sprintf("%s block %d", filepath.Base(guide), i+1)
			t.Run(name, func(t *testing.T) {
				v, err := schemaYAML(block)
				require.NoError(t, err)
				assert.NoError(t, sch.Validate(v), "schema")
				ev, err := evidence.Parse(name, block)
				require.NoError(t, err, "mamori's parser")
				if ev.Organization.Name != "" && !ev.Assessment.Date.IsZero() {
					assert.NoError(t, engine.CheckEvidence(ev, cat, time.Now()), "CheckEvidence")
				}
			})
		}
		assert.Positive(t, n, "%s has no evidence example", guide)
	}
}

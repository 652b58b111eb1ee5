package evidence_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/mamori-dev/mamori/engine/evidence"
)

const yamlHead = `mamori: evidence/v1
organization:
  name: 読取試験株式会社
assessment:
  type: self
  date: 2026-10-01
  assessor:
    name: 試験 花子
`

// jsonDoc is a small evidence document in JSON, with rest spliced in
// after the assessment (on line 3 onwards).
func jsonDoc(rest string) string {
	return `{"mamori": "evidence/v1", "organization": {"name": "読取試験株式会社"},
"assessment": {"type": "self", "date": "2026-10-01", "assessor": {"name": "試験 花子"}}` + rest + "}\n"
}

// TestParseRefuses holds every way a document could lose or change
// what it says without an error, found by trying the readers as an
// attacker would: each is an InputError naming the file, the line and,
// where there is one, the field.
func TestParseRefuses(t *testing.T) {
	tests := []struct {
		name string
		file string
		doc  string
		want []string // substrings of the error, in order
	}{
		{
			name: "escape JSON does not have, in a key (facts lost without an error before)",
			file: "e.json",
			doc:  jsonDoc(",\n" + `"f\x61cts": {"access": {"least_privilege": true}}`),
			want: []string{"e.json:3:", "invalid JSON", `invalid character 'x' in string escape code`},
		},
		{
			name: "escape JSON does not have, in objectives",
			file: "e.json",
			doc:  jsonDoc(",\n" + `"objectiv\x65s": {"3.1.1[a]": {"status": "met"}}`),
			want: []string{"e.json:3:", "invalid JSON"},
		},
		{
			name: "second YAML document (dropped without an error before)",
			file: "e.yaml",
			doc:  "mamori: evidence/v1\n---\n" + yamlHead[len("mamori: evidence/v1\n"):],
			want: []string{"e.yaml:2:", "a second YAML document starts here"},
		},
		{
			name: "second YAML document after the first",
			file: "e.yaml",
			doc:  yamlHead + "---\nfacts:\n  access:\n    least_privilege: true\n",
			want: []string{"e.yaml:9:", "a second YAML document"},
		},
		{
			name: "invalid UTF-8 in a JSON string",
			file: "e.json",
			doc:  jsonDoc(",\n" + `"scope": {"description": "` + "\xff\xfe" + `"}`),
			want: []string{"e.json:3:", "scope.description", "invalid UTF-8"},
		},
		{
			name: "invalid UTF-8 in YAML",
			file: "e.yaml",
			doc:  yamlHead + "scope:\n  description: \xff\xfe\n",
			want: []string{"e.yaml", "invalid"},
		},
		{
			name: "lone high surrogate escape",
			file: "e.json",
			doc:  jsonDoc(",\n" + `"scope": {"description": "a\ud800b"}`),
			want: []string{"e.json:3:", "scope.description", `lone surrogate escape (\uD800)`},
		},
		{
			name: "lone low surrogate escape",
			file: "e.json",
			doc:  jsonDoc(",\n" + `"scope": {"description": "\udc00"}`),
			want: []string{"e.json:3:", "scope.description", "lone surrogate"},
		},
		{
			name: "high surrogate followed by another high surrogate",
			file: "e.json",
			doc:  jsonDoc(",\n" + `"scope": {"description": "\ud83d\ud83d"}`),
			want: []string{"e.json:3:", "lone surrogate"},
		},
		{
			name: "lone surrogate in a key",
			file: "e.json",
			doc:  jsonDoc(",\n" + `"objectives": {"3.1.1[a]\udfff": {"status": "met"}}`),
			want: []string{"e.json:3:", "lone surrogate"},
		},
		{
			name: "raw control character in a JSON string",
			file: "e.json",
			doc:  jsonDoc(",\n" + `"scope": {"description": "a` + "\x01" + `b"}`),
			want: []string{"e.json:3:", "invalid JSON", "invalid character"},
		},
		{
			name: "raw line break in a JSON string",
			file: "e.json",
			doc:  jsonDoc(",\n" + `"scope": {"description": "line one` + "\n" + `line two"}`),
			want: []string{"e.json:", "invalid JSON", `invalid character '\n' in string literal`},
		},
		{
			name: "duplicate JSON key",
			file: "e.json",
			doc:  jsonDoc(",\n" + `"objectives": {"3.1.1[a]": {"status": "met"},` + "\n" + `"3.1.1[a]": {"status": "not_met"}}`),
			want: []string{"e.json:4:", "objectives.3.1.1[a]", `duplicate key "3.1.1[a]" (first at line 3)`},
		},
		{
			name: "duplicate top-level JSON key",
			file: "e.json",
			doc:  jsonDoc(",\n" + `"facts": {}, "facts": {"access": {"least_privilege": false}}`),
			want: []string{"e.json:3:", "facts", `duplicate key "facts"`},
		},
		{
			name: "key that matches a field only when case is ignored",
			file: "e.json",
			doc:  jsonDoc(",\n" + `"Facts": {"access": {"least_privilege": false}}`),
			want: []string{"e.json:3:", "Facts", `unknown field "Facts"`},
		},
		{
			name: "unknown JSON field",
			file: "e.json",
			doc:  jsonDoc(",\n" + `"objectives": {"3.1.1[a]": {"status": "met", "methd": "test"}}`),
			want: []string{"e.json:3:", "objectives.3.1.1[a].methd", `unknown field "methd"`},
		},
		{
			name: "wrong JSON type for a fact",
			file: "e.json",
			doc:  jsonDoc(",\n" + `"facts": {"access": {"lockout": {"threshold": "five"}}}`),
			want: []string{"e.json:3:", "facts.access.lockout.threshold", `expected an integer, got the string "five"`},
		},
		{
			name: "fraction where JSON wants an integer",
			file: "e.json",
			doc:  jsonDoc(",\n" + `"facts": {"access": {"lockout": {"threshold": 5.5}}}`),
			want: []string{"e.json:3:", "facts.access.lockout.threshold", "expected an integer, got 5.5"},
		},
		{
			name: "object where JSON wants a list",
			file: "e.json",
			doc:  jsonDoc(",\n" + `"artifacts": {"id": "a"}`),
			want: []string{"e.json:3:", "artifacts", "expected a list, got an object"},
		},
		{
			name: "bad JSON date",
			file: "e.json",
			doc:  jsonDoc(",\n" + `"ssp": {"id": "ssp", "title": "SSP", "date": "2026-13-01"}`),
			want: []string{"e.json:3:", "ssp.date", `invalid date "2026-13-01"`},
		},
		{
			name: "text after the JSON document",
			file: "e.json",
			doc:  jsonDoc("") + `{"mamori": "evidence/v1"}`,
			want: []string{"e.json:3:", "unexpected text after the JSON document"},
		},
		{
			name: "JSON nested too deep",
			file: "e.json",
			doc:  jsonDoc(",\n" + `"scope": {"description": ` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}`),
			want: []string{"e.json:3:", "nesting deeper than 32 levels"},
		},
		{
			name: "JSON cut short",
			file: "e.json",
			doc:  `{"mamori": "evidence/v1", "organization": {"name": "x"`,
			want: []string{"e.json:1:", "invalid JSON"},
		},
		{
			name: "empty JSON file",
			file: "e.json",
			doc:  " \n",
			want: []string{"e.json", "empty document"},
		},
		{
			name: "duplicate YAML key",
			file: "e.yaml",
			doc:  yamlHead + "objectives:\n  \"3.1.1[a]\": {status: met}\n  \"3.1.1[a]\": {status: not_met}\n",
			want: []string{"e.yaml:11:", `mapping key "3.1.1[a]" already defined at line 10`},
		},
		{
			name: "unknown YAML field",
			file: "e.yaml",
			doc:  yamlHead + "objectives:\n  \"3.1.1[a]\":\n    status: met\n    methd: test\n",
			want: []string{"e.yaml:12:", "objectives.3.1.1[a].methd", `unknown field "methd"`},
		},
		{
			name: "not an evidence document",
			file: "e.yaml",
			doc:  "mamori: evidence/v2\norganization:\n  name: x\n",
			want: []string{"e.yaml:1:", "mamori", `expected "evidence/v1" to mark an evidence document, got "evidence/v2"`},
		},
		{
			name: "not an evidence document, in JSON",
			file: "e.json",
			doc:  `{"organization": {"name": "x"},` + "\n" + `"mamori": "evidnce/v1"}`,
			want: []string{"e.json:2:", "mamori", `got "evidnce/v1"`},
		},
		{
			name: "file over the limit",
			file: "e.json",
			doc:  jsonDoc(",\n" + `"scope": {"description": "` + strings.Repeat("x", evidence.MaxInputBytes) + `"}`),
			want: []string{"e.json", "over the 10485760-byte limit"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := evidence.Parse(tt.file, []byte(tt.doc))
			require.Error(t, err, "Parse accepted it: %+v", ev)
			msg := err.Error()
			rest := msg
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if !assert.GreaterOrEqual(t, i, 0, "error %q; want it to contain %q (in order)", msg, w) {
					return
				}
				rest = rest[i+len(w):]
			}
			var ies evidence.InputErrors
			var ie *evidence.InputError
			assert.True(t, errors.As(err, &ies) || errors.As(err, &ie), "want an input error, got %T", err)
		})
	}
}

// TestParseAccepts holds what JSON and YAML allow and the readers must
// read as the libraries do.
func TestParseAccepts(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		doc   string
		check func(t *testing.T, ev *evidence.Evidence)
	}{
		{
			name: "a JSON escape for a letter in a key is the letter",
			file: "e.json",
			doc:  jsonDoc(",\n" + `"f\u0061cts": {"access": {"least_privilege": false}}`),
			check: func(t *testing.T, ev *evidence.Evidence) {
				require.NotNil(t, ev.Facts)
				require.NotNil(t, ev.Facts.Access)
				assert.False(t, *ev.Facts.Access.LeastPrivilege)
			},
		},
		{
			name: "a surrogate pair is one character",
			file: "e.json",
			doc:  jsonDoc(",\n" + `"scope": {"description": "\ud83d\ude00 \\ud800 is text"}`),
			check: func(t *testing.T, ev *evidence.Evidence) {
				assert.Equal(t, "😀 \\ud800 is text", ev.Scope.Description)
			},
		},
		{
			name: "a byte order mark before JSON",
			file: "e.json",
			doc:  "\xef\xbb\xbf" + jsonDoc(""),
			check: func(t *testing.T, ev *evidence.Evidence) {
				assert.Equal(t, "読取試験株式会社", ev.Organization.Name)
			},
		},
		{
			name: "JSON null is an absent value, as an empty YAML value is",
			file: "e.json",
			doc:  jsonDoc(",\n" + `"facts": {"access": {"least_privilege": null}}, "ssp": null`),
			check: func(t *testing.T, ev *evidence.Evidence) {
				assert.Nil(t, ev.Facts.Access.LeastPrivilege)
				assert.Nil(t, ev.SSP)
			},
		},
		{
			name: "a YAML document start marker alone",
			file: "e.yaml",
			doc:  "---\n" + yamlHead,
			check: func(t *testing.T, ev *evidence.Evidence) {
				assert.Equal(t, "self", ev.Assessment.Type)
			},
		},
		{
			name: "a name without an extension is sniffed: JSON",
			file: "evidence",
			doc:  jsonDoc(""),
			check: func(t *testing.T, ev *evidence.Evidence) {
				assert.Equal(t, "self", ev.Assessment.Type)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := evidence.Parse(tt.file, []byte(tt.doc))
			require.NoError(t, err)
			tt.check(t, ev)
		})
	}
}

// TestExamplesSameInJSON reads every example's evidence files as YAML
// and, converted to JSON, as JSON: the two readers must give the same
// evidence.
func TestExamplesSameInJSON(t *testing.T) {
	files, err := filepath.Glob("../../examples/*/*.yaml")
	require.NoError(t, err)
	n := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		fromYAML, err := evidence.Parse(f, data)
		if errors.Is(err, evidence.ErrOtherKind) {
			continue
		}
		if err != nil && strings.Contains(err.Error(), "to mark an evidence document") {
			continue // a registry or a supply chain
		}
		require.NoError(t, err, f)
		js := yamlToJSON(t, data)
		fromJSON, err := evidence.Parse(strings.TrimSuffix(f, ".yaml")+".json", js)
		require.NoError(t, err, f)
		assert.Equal(t, strip(fromYAML), strip(fromJSON), f)
		n++
	}
	assert.GreaterOrEqual(t, n, 12)
}

// yamlToJSON converts a YAML document to JSON through the libraries:
// yaml.v3 into plain values, encoding/json out.
func yamlToJSON(t *testing.T, data []byte) []byte {
	t.Helper()
	var v any
	require.NoError(t, yaml.Unmarshal(data, &v))
	b, err := json.MarshalIndent(dates(v), "", "  ")
	require.NoError(t, err)
	return b
}

// dates writes the YAML timestamps that evidence dates are (2026-09-08)
// back as the strings JSON carries, and times of day (a machine source's
// collected) in RFC 3339.
func dates(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = dates(x)
		}
	case []any:
		for i, x := range v {
			v[i] = dates(x)
		}
	case time.Time:
		if v.Equal(v.Truncate(24 * time.Hour)) {
			return v.Format(evidence.DateLayout)
		}
		return v.Format(time.RFC3339Nano)
	}
	return v
}

// strip leaves what the document says: not where it was read from.
func strip(ev *evidence.Evidence) evidence.Evidence {
	out := *ev
	out.Sources = nil
	b, _ := json.Marshal(out)
	var back evidence.Evidence
	_ = json.Unmarshal(b, &back)
	return back
}

// TestMultiFileRead reads a directory, merging its documents in name
// order with their digests, and names a conflict between two files.
func TestMultiFileRead(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.yaml"), []byte(yamlHead), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "b.json"),
		[]byte(`{"mamori": "evidence/v1", "objectives": {"3.1.1[a]": {"status": "met"}}}`), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "expected.yaml"), []byte("mamori: example/v1\n"), 0o600))
	ev, err := evidence.Read(dir)
	require.NoError(t, err)
	require.Len(t, ev.Sources, 2)
	assert.Equal(t, filepath.Join(dir, "a.yaml"), ev.Sources[0].File)
	assert.Equal(t, "met", ev.Objectives["3.1.1[a]"].Status)

	// A document of a kind mamori does not know is an error, never
	// skipped: a typo must not drop a file from the set.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "typo.yaml"), []byte("mamori: evidnce/v1\nfacts: {}\n"), 0o600))
	_, err = evidence.Read(dir)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `typo.yaml:1: mamori: expected "evidence/v1" to mark an evidence document, got "evidnce/v1"`)
	require.NoError(t, os.Remove(filepath.Join(dir, "typo.yaml")))

	require.NoError(t, os.WriteFile(filepath.Join(dir, "c.json"),
		[]byte(`{"mamori": "evidence/v1",`+"\n"+`"objectives": {"3.1.1[a]": {"status": "not_met"}}}`), 0o600))
	_, err = evidence.Read(dir)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "c.json:2: objectives.3.1.1[a]: already given in "+filepath.Join(dir, "b.json")+":1")
}

package engine

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestJSONFastPathMatchesYAML reads every example file both as YAML and
// as the equivalent JSON: the fast path must be taken for the JSON and
// give the same evidence.
func TestJSONFastPathMatchesYAML(t *testing.T) {
	files, err := filepath.Glob("../examples/*/*.yaml")
	require.NoError(t, err)
	n := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		ev, err := ParseEvidence(f, data)
		if err != nil {
			continue // not evidence (an example's expected result)
		}
		n++
		js, err := json.Marshal(ev)
		require.NoError(t, err)
		fast, ok := parseJSONFast(f+".json", js)
		require.True(t, ok, "%s: the JSON form was not taken by the fast path", f)
		assert.Nil(t, fast.lines, "fast path builds no line index up front")
		slow, err := parseEvidenceTree(f+".json", js)
		require.NoError(t, err)
		for _, e := range []*Evidence{fast, slow} {
			e.Sources, e.lines, e.raw = ev.Sources, ev.lines, ev.raw
		}
		assert.Equal(t, ev, fast, "%s: JSON fast path", f)
		assert.Equal(t, ev, slow, "%s: JSON through the YAML path", f)
	}
	assert.Greater(t, n, 10)
}

func TestJSONFastPathDeclines(t *testing.T) {
	tests := []struct{ name, doc string }{
		{"yaml", "mamori: evidence/v1\n"},
		{"duplicate key", `{"mamori": "evidence/v1", "mamori": "evidence/v1"}`},
		{"duplicate escaped key", `{"mamori": "evidence/v1", "m\u0061mori": "evidence/v1"}`},
		{"unknown field", `{"mamori": "evidence/v1", "extra": 1}`},
		{"wrong type", `{"mamori": "evidence/v1", "organization": {"tier": "two"}}`},
		{"other kind", `{"mamori": "example/v1"}`},
		{"trailing data", `{"mamori": "evidence/v1"} {}`},
		{"deep", `{"mamori": "evidence/v1", "scope": {"description": ` + deep(40) + `}}`},
		{"duplicate among many keys", `{"mamori": "evidence/v1", "objectives": {` + manyKeys(40) + `, "3.1.1[b]": {"status": "met"}}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ok := parseJSONFast("e.json", []byte(tt.doc))
			assert.False(t, ok)
		})
	}
}

func manyKeys(n int) string {
	var parts []string
	for i := range n {
		parts = append(parts, fmt.Sprintf(`"3.1.%d[b]": {"status": "met"}`, i+1))
	}
	return strings.Join(parts, ", ")
}

func deep(n int) string {
	s := "1"
	for range n {
		s = "[" + s + "]"
	}
	return s
}

// TestDateText checks the date's text forms against time.Format, which
// they stand in for, and the JSON null of an unset date.
func TestDateText(t *testing.T) {
	for _, tc := range []struct {
		name string
		t    time.Time
	}{
		{"ordinary", time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)},
		{"first of the year", time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"small year", time.Date(99, 3, 4, 0, 0, 0, 0, time.UTC)},
		{"year 9999", time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)},
		{"five-digit year", time.Date(12345, 6, 7, 0, 0, 0, 0, time.UTC)},
		{"negative year", time.Date(-1, 6, 7, 0, 0, 0, 0, time.UTC)},
		{"other zone, late in the day", time.Date(2026, 4, 30, 23, 30, 0, 0, time.FixedZone("JST", 9*3600))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Date{Time: tc.t}
			want := tc.t.Format(DateLayout)
			assert.Equal(t, want, d.String())
			b, err := json.Marshal(d)
			require.NoError(t, err)
			assert.Equal(t, `"`+want+`"`, string(b))
		})
	}
	b, err := json.Marshal(Date{})
	require.NoError(t, err)
	assert.Equal(t, "null", string(b))
	assert.Equal(t, "", Date{}.String())
}

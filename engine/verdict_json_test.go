package engine_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine"
)

// stdVerdictJSON is the encoding WriteVerdictJSON must reproduce.
func stdVerdictJSON(t *testing.T, v *engine.Verdict, indent string) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	require.NoError(t, enc.Encode(v))
	return buf.Bytes()
}

func requireSameVerdictJSON(t *testing.T, v *engine.Verdict) {
	t.Helper()
	for _, indent := range []string{"", "  "} {
		var got bytes.Buffer
		require.NoError(t, engine.WriteVerdictJSON(&got, v, indent))
		require.Equal(t, string(stdVerdictJSON(t, v, indent)), got.String(), "indent %q", indent)
	}
}

func TestWriteVerdictJSONMatchesEncodingJSON(t *testing.T) {
	for _, dir := range evidenceExamples(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			ev, err := engine.ReadEvidence(dir)
			require.NoError(t, err)
			v, err := testEngine(t).Assess(context.Background(), ev)
			require.NoError(t, err)
			requireSameVerdictJSON(t, v)
		})
	}
}

// TestWriteVerdictJSONHostileStrings puts what evidence may hold (invalid
// UTF-8, line and paragraph separators, control characters, HTML) in the
// verdict's strings, and numbers whose formatting differs between JSON
// encoders in its parameters.
func TestWriteVerdictJSONHostileStrings(t *testing.T) {
	ev, err := engine.ReadEvidence("../examples/kobayashi-electronics")
	require.NoError(t, err)
	v, err := testEngine(t).Assess(context.Background(), ev)
	require.NoError(t, err)
	hostile := []string{
		"\xff\xfe 壊れた", "a\u2028b\u2029c", "\x00\x01\x1f\x7f", "<script>&amp;</script>", `"\/`, "\t\n\r",
		"\xe2\x80", "é\xc3", "\U0001F600", "\ufffd", "",
	}
	for _, s := range hostile {
		v.Organization.Name = s
		v.Results[0].Objectives[0].Provenance.Justification = s
		v.Results[0].Objectives[0].Provenance.Artifacts[0].Title = s
		v.Params = engine.ParamValues{"tiny": 1e-7, "huge": 1e21, "ratio": 2.5e-8, "int": 3, s: s,
			"list": []any{1e-9, true, nil, s}}
		requireSameVerdictJSON(t, v)
	}
	v.Params = nil
	requireSameVerdictJSON(t, v)
}

package engine

import (
	"bytes"
	stdjson "encoding/json"
	"io"

	gojson "github.com/goccy/go-json"
)

// ParamValues are the thresholds a verdict was assessed with.
type ParamValues map[string]any

// MarshalJSON encodes the parameters with encoding/json, whose number
// formatting (1e-7, not go-json's 1e-07) the verdict's encoding keeps.
func (p ParamValues) MarshalJSON() ([]byte, error) {
	if p == nil {
		return []byte("null"), nil
	}
	var buf bytes.Buffer
	enc := stdjson.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(map[string]any(p)); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// WriteVerdictJSON writes v as JSON followed by a newline, without
// HTML escaping, indented by indent when it is not empty: the bytes
// that encoding/json's Encoder writes (a test holds it to that for
// every example and for hostile strings), in about half the time. A
// verdict holds thousands of strings, most of them Japanese, and the
// server encodes one for every submission.
func WriteVerdictJSON(w io.Writer, v *Verdict, indent string) error {
	enc := gojson.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if indent != "" {
		enc.SetIndent("", indent)
	}
	return enc.Encode(v)
}

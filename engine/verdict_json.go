package engine

import (
	"encoding/json"
	"io"
)

// ParamValues are the thresholds a verdict was assessed with.
type ParamValues map[string]any

// WriteVerdictJSON writes v as JSON followed by a newline, through
// encoding/json, without HTML escaping, indented by indent when it is
// not empty.
func WriteVerdictJSON(w io.Writer, v *Verdict, indent string) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if indent != "" {
		enc.SetIndent("", indent)
	}
	return enc.Encode(v)
}

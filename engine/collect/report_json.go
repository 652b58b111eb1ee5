package collect

import (
	"encoding/json"
	"io"
	"time"
)

// ReadReport reads a report written by WriteReport (the collector's
// host.json) strictly: unknown fields, values of the wrong type for
// their fact and anything Validate rejects are errors naming the file.
func ReadReport(name string, r io.Reader) (*Report, error) {
	raw, err := ReadInput(name, "file", r, MaxExport)
	if err != nil {
		return nil, err
	}
	var rep Report
	if err := DecodeJSON(name, raw.Data, &rep, true); err != nil {
		return nil, err
	}
	for i := range rep.Observations {
		if k, ok := kinds[rep.Observations[i].Fact]; ok {
			rep.Observations[i].Value = rep.Observations[i].Value.as(k.Kind)
			if k.Kind == KindDate {
				if _, err := time.Parse(time.DateOnly, rep.Observations[i].Value.s); err != nil {
					return nil, PlaceErrorf(name, "observations", rep.Observations[i].Fact, "expected a date YYYY-MM-DD, got %q", rep.Observations[i].Value.s)
				}
			}
		}
	}
	if err := rep.Validate(); err != nil {
		return nil, Errorf(name, 0, "", "%v", err)
	}
	return &rep, nil
}

// WriteReport writes a report as indented JSON.
func WriteReport(w io.Writer, r *Report) error {
	e := json.NewEncoder(w)
	e.SetIndent("", "  ")
	e.SetEscapeHTML(false)
	return e.Encode(r)
}

package engine

import (
	"context"
	"strings"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// FindingsForTest evaluates the policies with or without routing.
func (e *Engine) FindingsForTest(ev *evidence.Evidence, routed bool) ([]Finding, error) {
	out, _, err := e.evaluate(context.Background(), ev, routed)
	if err != nil {
		return nil, err
	}
	return out.Findings, nil
}

// DepsForTest exposes the dependency analysis: for each requirement,
// the fact paths it reads, whether it reads the date, and whether it is
// always evaluated.
func (e *Engine) DepsForTest() map[string]struct {
	Facts  []string
	Date   bool
	Always bool
} {
	out := map[string]struct {
		Facts  []string
		Date   bool
		Always bool
	}{}
	for _, d := range e.deps {
		x := out[d.req]
		for _, p := range d.facts {
			x.Facts = append(x.Facts, strings.Join(p, "."))
		}
		x.Date, x.Always = d.date, d.always
		out[d.req] = x
	}
	return out
}

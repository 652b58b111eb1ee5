package engine

import (
	"context"
	"io/fs"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// PolicyInputForTest exposes policyInput to tests.
func PolicyInputForTest(ev *evidence.Evidence) (ast.Value, error) {
	facts := factsInput(ev.Facts)
	return ast.NewObject(
		[2]*ast.Term{ast.StringTerm("facts"), ast.NewTerm(facts)},
		[2]*ast.Term{ast.StringTerm("assessment_date"), ast.StringTerm(ev.Assessment.Date.String())},
	), nil
}

// LoadPoliciesNoTests exposes loadPolicies without tests.
func LoadPoliciesNoTests(fsys fs.FS) (*PolicyBundle, error) { return loadPolicies(fsys, false) }

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

package engine

import (
	"context"
	"io/fs"

	"github.com/open-policy-agent/opa/v1/ast"
)

// PolicyInputForTest exposes policyInput to tests.
func PolicyInputForTest(ev *Evidence) (ast.Value, error) {
	facts, _ := factsInput(ev.Facts)
	return ast.NewObject(
		[2]*ast.Term{ast.StringTerm("facts"), ast.NewTerm(facts)},
		[2]*ast.Term{ast.StringTerm("assessment_date"), ast.StringTerm(ev.Assessment.Date.String())},
	), nil
}

// LoadPoliciesNoTests exposes loadPolicies without tests.
func LoadPoliciesNoTests(fsys fs.FS) (*PolicyBundle, error) { return loadPolicies(fsys, false) }

// FindingsForTest evaluates the policies with or without routing.
func (e *Engine) FindingsForTest(ev *Evidence, routed bool) ([]Finding, error) {
	out, _, err := e.evaluate(context.Background(), ev, routed)
	if err != nil {
		return nil, err
	}
	return out.Findings, nil
}

// RoutesForTest exposes the routing table.
func (e *Engine) RoutesForTest() (always [][2]string, bySection map[string][][2]string) {
	return e.routes.always, e.routes.bySection
}

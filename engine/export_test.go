package engine

import (
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

package engine

import "github.com/open-policy-agent/opa/v1/ast"

// PolicyInputForTest exposes policyInput to tests.
func PolicyInputForTest(ev *Evidence) (ast.Value, error) { return policyInput(ev) }

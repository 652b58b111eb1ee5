package engine

import (
	"io/fs"

	"github.com/open-policy-agent/opa/v1/ast"
)

// PolicyInputForTest exposes policyInput to tests.
func PolicyInputForTest(ev *Evidence) (ast.Value, error) { return policyInput(ev) }

// LoadPoliciesNoTests exposes loadPolicies without tests.
func LoadPoliciesNoTests(fsys fs.FS) (*PolicyBundle, error) { return loadPolicies(fsys, false) }

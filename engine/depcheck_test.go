package engine_test

import (
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"go/parser"
	"go/token"
)

// TestEngineDependencies keeps the library free of the CLI, spreadsheet
// and HTTP stacks: no engine package imports cobra, excelize or
// net/http, and neither cobra nor excelize is linked in at all. (OPA
// itself links net/http, which the engine sandboxes by capabilities.)
func TestEngineDependencies(t *testing.T) {
	forbidden := []string{"github.com/spf13/cobra", "github.com/xuri/excelize", "net/http"}
	isForbidden := func(p string) bool {
		for _, f := range forbidden {
			if p == f || strings.HasPrefix(p, f+"/") {
				return true
			}
		}
		return false
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	sub, _ := filepath.Glob("*/*.go")
	files = append(files, sub...)
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || strings.HasPrefix(f, "testdata") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if isForbidden(p) {
				t.Errorf("%s imports %s", f, p)
			}
		}
	}
	out, err := exec.Command("go", "list", "-deps", "./...").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if p != "net/http" && !strings.HasPrefix(p, "net/http/") && isForbidden(p) {
			t.Errorf("engine links %s", p)
		}
	}
}

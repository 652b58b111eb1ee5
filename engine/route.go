package engine

import (
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
)

// routes says which requirement packages can have findings for which
// facts sections. Every fact check fires only on a fact that is present,
// so a package whose sections the evidence lacks cannot have findings,
// and the engine need not evaluate it. The dependencies are read from
// the compiled policies: every reference to input.facts.<section>, or to
// input.facts through object.get. A package that reads the input any
// other way is always evaluated.
type routes struct {
	always    [][2]string            // packages evaluated whatever the facts
	bySection map[string][][2]string // section → packages that read it
}

func buildRoutes(c *ast.Compiler) routes {
	rt := routes{bySection: map[string][][2]string{}}
	for _, m := range c.Modules {
		path := m.Package.Path
		if len(path) != 4 || !path[1].Equal(ast.StringTerm("r2")) {
			continue
		}
		fam, ok1 := path[2].Value.(ast.String)
		req, ok2 := path[3].Value.(ast.String)
		if !ok1 || !ok2 {
			continue
		}
		pkg := [2]string{string(fam), string(req)}
		sections, always := factSections(m)
		if always {
			rt.always = append(rt.always, pkg)
			continue
		}
		for _, s := range sections {
			rt.bySection[s] = append(rt.bySection[s], pkg)
		}
	}
	return rt
}

// factSections lists the facts sections a module reads. always is true
// when it reads the input in a way not tied to a section.
func factSections(m *ast.Module) (sections []string, always bool) {
	add := func(s string) {
		if !slices.Contains(sections, s) {
			sections = append(sections, s)
		}
	}
	// objectGet recognises object.get(input, ["facts", "<section>", ...], _).
	objectGet := func(terms []*ast.Term) bool {
		if len(terms) < 3 || terms[0].String() != "object.get" || !terms[1].Equal(ast.NewTerm(ast.InputRootRef)) {
			return false
		}
		arr, ok := terms[2].Value.(*ast.Array)
		if !ok || arr.Len() < 2 || !arr.Elem(0).Equal(ast.StringTerm("facts")) {
			return false
		}
		s, ok := arr.Elem(1).Value.(ast.String)
		if ok {
			add(string(s))
		}
		return ok
	}
	var visit func(x any)
	visit = func(x any) {
		ast.WalkTerms(x, func(t *ast.Term) bool {
			switch v := t.Value.(type) {
			case ast.Call:
				if objectGet(v) {
					for _, arg := range v[3:] {
						visit(arg)
					}
					return true
				}
			case ast.Ref:
				if !v.HasPrefix(ast.InputRootRef) {
					return false
				}
				switch {
				case len(v) >= 3 && v[1].Equal(ast.StringTerm("facts")):
					if s, ok := v[2].Value.(ast.String); ok {
						add(string(s))
						return false
					}
					always = true
				case len(v) == 2 && v[1].Equal(ast.StringTerm("assessment_date")):
				default:
					always = true
				}
			}
			return false
		})
	}
	ast.WalkRules(m, func(r *ast.Rule) bool {
		visit(r.Head)
		ast.WalkExprs(r.Body, func(e *ast.Expr) bool {
			if terms, ok := e.Terms.([]*ast.Term); ok && objectGet(terms) {
				for _, arg := range terms[3:] {
					visit(arg)
				}
				return true
			}
			visit(e)
			return true
		})
		return false
	})
	return sections, always
}

// route lists the packages to evaluate for the present facts, as the
// policies' input.route: [[family, package], ...].
func (rt routes) route(present map[string]bool) *ast.Term {
	seen := map[[2]string]bool{}
	terms := make([]*ast.Term, 0, 128)
	add := func(p [2]string) {
		if !seen[p] {
			seen[p] = true
			terms = append(terms, ast.ArrayTerm(ast.StringTerm(p[0]), ast.StringTerm(p[1])))
		}
	}
	for _, p := range rt.always {
		add(p)
	}
	for s, pkgs := range rt.bySection {
		if present[s] {
			for _, p := range pkgs {
				add(p)
			}
		}
	}
	return ast.ArrayTerm(terms...)
}

package engine

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
)

// pkgDeps is what a requirement package reads of the input, found by
// walking its compiled rules. Every fact check fires only on a fact that
// is present, so a package none of whose facts sections the evidence has
// cannot have findings and need not be evaluated (routing). And a
// package's findings are a function of the facts it reads (and the
// assessment date, if it reads it): the same values give the same
// findings, so they can be reused (the findings cache).
type pkgDeps struct {
	route *ast.Term // [family, package], as the entrypoint takes it
	req   string    // the requirement, from the package METADATA
	facts [][]string
	date  bool
	// always: the package reads the input in a way the analysis does not
	// follow (a dynamic path, the whole input, another package): it is
	// always evaluated and never cached.
	always bool
}

var (
	factsTerm    = ast.StringTerm("facts")
	dateTerm     = ast.StringTerm("assessment_date")
	libPrefix    = ast.MustParseRef("data.mamori.lib")
	paramsPrefix = ast.MustParseRef("data.mamori.params")
	dataRoot     = ast.DefaultRootRef
)

// analyseDeps finds the input dependencies of every r2 package.
func analyseDeps(c *ast.Compiler) []pkgDeps {
	// What each shared library function reads, by name.
	lib := map[string]*pkgDeps{}
	for _, m := range c.Modules {
		if !m.Package.Path.Equal(libPrefix) {
			continue
		}
		for _, r := range m.Rules {
			name := r.Head.Name.String()
			d := lib[name]
			if d == nil {
				d = &pkgDeps{}
				lib[name] = d
			}
			readDeps(r, d, libPrefix, nil)
		}
	}
	var out []pkgDeps
	for _, m := range c.Modules {
		path := m.Package.Path
		if len(path) != 4 || !path[1].Equal(ast.StringTerm("r2")) {
			continue
		}
		d := pkgDeps{route: ast.ArrayTerm(path[2], path[3])}
		for _, a := range m.Annotations {
			if a.Scope == "package" {
				d.req = fmt.Sprint(a.Custom["requirement"])
			}
		}
		for _, r := range m.Rules {
			readDeps(r, &d, path, lib)
		}
		if d.req == "" {
			d.always = true
		}
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b pkgDeps) int { return strings.Compare(a.req, b.req) })
	return out
}

// readDeps adds what rule r reads of the input to d. lib gives the
// dependencies of the shared library's functions (nil when analysing
// the library itself).
func readDeps(r *ast.Rule, d *pkgDeps, self ast.Ref, lib map[string]*pkgDeps) {
	addPath := func(terms []*ast.Term) {
		var p []string
		for _, t := range terms {
			s, ok := t.Value.(ast.String)
			if !ok {
				break
			}
			p = append(p, string(s))
		}
		if len(p) == 0 {
			d.always = true // the whole facts document, or a dynamic key
			return
		}
		for _, q := range d.facts {
			if slices.Equal(q, p) {
				return
			}
		}
		d.facts = append(d.facts, p)
	}
	// object.get(input, ["facts", ...], default)
	objectGet := func(terms []*ast.Term) bool {
		if len(terms) < 3 || terms[0].String() != "object.get" || !terms[1].Equal(ast.NewTerm(ast.InputRootRef)) {
			return false
		}
		arr, ok := terms[2].Value.(*ast.Array)
		if !ok || arr.Len() < 1 || !arr.Elem(0).Equal(factsTerm) {
			d.always = true
			return true
		}
		var rest []*ast.Term
		for i := 1; i < arr.Len(); i++ {
			rest = append(rest, arr.Elem(i))
		}
		addPath(rest)
		return true
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
				switch {
				case v.HasPrefix(ast.InputRootRef):
					switch {
					case len(v) >= 2 && v[1].Equal(factsTerm):
						addPath(v[2:])
					case len(v) == 2 && v[1].Equal(dateTerm):
						d.date = true
					default:
						d.always = true
					}
				case v.HasPrefix(libPrefix) && len(v) == 4:
					if lib == nil {
						return false
					}
					name := string(v[3].Value.(ast.String))
					if ld, ok := lib[name]; ok {
						d.date = d.date || ld.date
						d.always = d.always || ld.always || len(ld.facts) > 0
					}
				case v.HasPrefix(self), v.HasPrefix(paramsPrefix), v.HasPrefix(libPrefix):
					// The package's own rules (analysed with it), the
					// parameters (fixed for an engine), the library.
				case v.HasPrefix(dataRoot):
					// Another package's rules: not followed.
					d.always = true
				}
			}
			return false
		})
	}
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
}

// routed reports whether the package can have findings for the present
// facts: it reads a section the evidence has.
func (d *pkgDeps) routed(facts ast.Object) bool {
	if d.always {
		return true
	}
	for _, p := range d.facts {
		if facts.Get(ast.StringTerm(p[0])) != nil {
			return true
		}
	}
	return false
}

// cacheKey is the package's requirement with the values of everything it
// reads. Only packages that are not always evaluated have one.
func (d *pkgDeps) cacheKey(facts ast.Object, date string) string {
	var b strings.Builder
	b.Grow(64)
	b.WriteString(d.req)
	for _, p := range d.facts {
		b.WriteByte('\x00')
		var t *ast.Term
		cur := facts
		for i, k := range p {
			t = cur.Get(ast.StringTerm(k))
			if t == nil {
				break
			}
			if i < len(p)-1 {
				o, ok := t.Value.(ast.Object)
				if !ok {
					t = nil
					break
				}
				cur = o
			}
		}
		switch v := termValue(t).(type) {
		case nil:
			b.WriteByte('-')
		case ast.String:
			b.WriteByte('s')
			b.WriteString(string(v))
		case ast.Boolean:
			if v {
				b.WriteByte('T')
			} else {
				b.WriteByte('F')
			}
		case ast.Number:
			b.WriteByte('n')
			b.WriteString(string(v))
		default:
			b.WriteString(t.String())
		}
	}
	if d.date {
		b.WriteByte('\x00')
		b.WriteString(date)
	}
	return b.String()
}

// findingsCache keeps each package's findings by cacheKey. The policies
// and parameters are fixed for an engine, so an entry never goes stale;
// the cache is bounded and simply starts afresh when full.
type findingsCache struct {
	mu sync.RWMutex
	m  map[string][]Finding
}

const findingsCacheMax = 1 << 16

func (c *findingsCache) get(k string) ([]Finding, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	f, ok := c.m[k]
	return f, ok
}

func (c *findingsCache) put(k string, f []Finding) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= findingsCacheMax {
		c.m = make(map[string][]Finding)
	}
	c.m[k] = f
}

func termValue(t *ast.Term) ast.Value {
	if t == nil {
		return nil
	}
	return t.Value
}

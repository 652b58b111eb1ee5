package engine

import (
	"context"
	"reflect"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// attribute says, for each policy finding about a fact, where the value
// that gave it came from: the declarations and the hosts or tenants
// whose own value gives the same finding ("BitLocker off on PC-07 and
// PC-12"). The organisation's value is the weakest any source gives, so
// the sources that hold it give the finding; for each other value a
// source gives, the finding's package is evaluated again with that value
// in place of the organisation's (by OPA, as the assessment is), and the
// sources that give a value with which the finding stands are named too.
func (e *Engine) attribute(ctx context.Context, fv *factView, out *policyOutput, facts ast.Object, date string) error {
	for i := range out.Findings {
		f := &out.Findings[i]
		if f.Fact == "" || (f.Effect != EffectNotMet && f.Effect != EffectUnverified) {
			continue
		}
		rec, sum := fv.record(f.Fact)
		if rec == nil {
			continue
		}
		gives := map[int]bool{} // index into the distinct values
		var values []any
		index := func(v any) int {
			for j, x := range values {
				if reflect.DeepEqual(x, v) {
					return j
				}
			}
			values = append(values, v)
			return len(values) - 1
		}
		decl := make([]int, len(rec.Declared))
		for j, d := range rec.Declared {
			decl[j] = index(d.Value)
		}
		subj := make([]int, len(rec.Subjects))
		for j := range rec.Subjects {
			subj[j] = index(rec.Subjects[j].Edge())
		}
		for j, v := range values {
			if reflect.DeepEqual(v, rec.Value) {
				gives[j] = true
				continue
			}
			ok, err := e.stillFinds(ctx, f, facts, date, v)
			if err != nil {
				return err
			}
			gives[j] = ok
		}
		var sources []FactSource
		for j, d := range rec.Declared {
			if gives[decl[j]] {
				sources = appendSource(sources, declaredSource(d, fv.assessment))
			}
		}
		byTool := map[string]int{}
		for j := range rec.Subjects {
			if !gives[subj[j]] {
				continue
			}
			sv := &rec.Subjects[j]
			for _, k := range sv.Sightings {
				c := &rec.Collected[k]
				key := c.Source.Importer + "\x00" + c.Source.Tool
				g, ok := byTool[key]
				if !ok {
					g = len(sources)
					byTool[key] = g
					// The group's tool, value and times as the summary has them.
					for _, fs := range sum.Sources {
						if fs.Kind == evidence.SourceCollected && fs.Importer == c.Source.Importer && fs.Tool == c.Source.Tool {
							fs.Subjects, fs.Reported = nil, 0
							sources = append(sources, fs)
							break
						}
					}
				}
				if g < len(sources) && !slices.Contains(sources[g].Subjects, sv.Subject) {
					sources[g].Subjects = append(sources[g].Subjects, sv.Subject)
					sources[g].Reported = len(sources[g].Subjects)
				}
			}
		}
		f.Sources = sources
		if sum.collected() || sum.Disagree {
			f.Origin = originText(sources)
		}
	}
	return nil
}

// stillFinds evaluates the package of finding f with the fact set to v
// and reports whether the same finding stands.
func (e *Engine) stillFinds(ctx context.Context, f *Finding, facts ast.Object, date string, v any) (bool, error) {
	var dep *pkgDeps
	for i := range e.deps {
		if e.deps[i].req == f.Requirement {
			dep = &e.deps[i]
			break
		}
	}
	t, ok := toAST(reflect.ValueOf(v))
	if dep == nil || !ok {
		return false, nil
	}
	alt := withFact(facts, strings.Split(f.Fact, "."), t)
	fs, err := e.evalPackage(ctx, dep, alt, date)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(fs, func(g Finding) bool { return g.Code == f.Code && g.Effect == f.Effect }), nil
}

// withFact returns a copy of facts with the value at path replaced; the
// objects along the path are copied, the rest shared.
func withFact(facts ast.Object, path []string, v *ast.Term) ast.Object {
	out := ast.NewObject()
	key := ast.StringTerm(path[0])
	facts.Foreach(func(k, x *ast.Term) {
		if !k.Equal(key) {
			out.Insert(k, x)
		}
	})
	if len(path) == 1 {
		out.Insert(key, v)
		return out
	}
	child := ast.NewObject()
	if t := facts.Get(key); t != nil {
		if o, ok := t.Value.(ast.Object); ok {
			child = o
		}
	}
	out.Insert(key, ast.NewTerm(withFact(child, path[1:], v)))
	return out
}

// originText says where the sources are: "collected on PC-07 and PC-12
// (secedit, auditpol, PowerShell; 2026-09-30); declared by 佐藤 健一,
// 2026-09-20".
func originText(sources []FactSource) *Text {
	if len(sources) == 0 {
		return nil
	}
	var en, ja []string
	for _, fs := range sources {
		t := fs.Text()
		en, ja = append(en, t.EN), append(ja, t.JA)
	}
	return &Text{EN: strings.Join(en, "; "), JA: strings.Join(ja, "。")}
}

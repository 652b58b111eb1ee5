package engine

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// corroboration maps objective IDs to the fact paths (relative to
// input.facts) that can corroborate a claim that the objective is met.
// Policies declare it in their package METADATA (custom.corroboration);
// the engine reads it once, at compile time, and checks the facts'
// presence itself: no policy logic is needed to see that a fact is
// missing.
type corroboration map[string][]string

// readCorroboration collects the corroboration maps of the requirement
// packages and checks every fact path against the Facts schema.
func readCorroboration(mods map[string]*ast.Module) (corroboration, error) {
	known := factPaths()
	out := corroboration{}
	var bad []string
	for _, file := range slices.Sorted(mapKeys(mods)) {
		for _, a := range mods[file].Annotations {
			if a.Scope != "package" || a.Custom["corroboration"] == nil {
				continue
			}
			m, ok := a.Custom["corroboration"].(map[string]any)
			if !ok {
				bad = append(bad, fmt.Sprintf("%s: custom.corroboration: expected a map of objective IDs to fact paths", file))
				continue
			}
			for obj, v := range m {
				list, ok := v.([]any)
				if !ok {
					bad = append(bad, fmt.Sprintf("%s: custom.corroboration[%q]: expected a list of fact paths", file, obj))
					continue
				}
				for _, p := range list {
					path := fmt.Sprint(p)
					if !known[path] {
						bad = append(bad, fmt.Sprintf("%s: custom.corroboration[%q]: unknown fact %q", file, obj, path))
						continue
					}
					if !slices.Contains(out[obj], path) {
						out[obj] = append(out[obj], path)
					}
				}
			}
		}
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("policy metadata: %s", strings.Join(bad, "; "))
	}
	return out, nil
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

var factsType = reflect.TypeFor[Facts]()

// factPaths lists every fact path the Facts schema defines, parents
// included ("identity", "identity.mfa", "identity.mfa.privileged_local").
func factPaths() map[string]bool {
	out := map[string]bool{}
	var walk func(t reflect.Type, prefix string)
	walk = func(t reflect.Type, prefix string) {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || t == reflect.TypeFor[Date]() {
			return
		}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name := yamlName(f)
			if name == "" {
				continue
			}
			p := joinPath(prefix, name)
			out[p] = true
			walk(f.Type, p)
		}
	}
	walk(factsType, "")
	return out
}

func yamlName(f reflect.StructField) string {
	tag := f.Tag.Get("yaml")
	name, _, _ := strings.Cut(tag, ",")
	if name == "-" || !f.IsExported() {
		return ""
	}
	return name
}

// unverifiedFindings reports, for objectives claimed met, the
// corroborating facts the evidence lacks: one finding per requirement
// and missing fact.
func (e *Engine) unverifiedFindings(ev *Evidence, present map[string]bool) (map[string]bool, []Finding) {
	type key struct{ req, fact string }
	objs := map[key][]string{}
	flagged := map[string]bool{}
	for _, req := range e.catalog.Requirements() {
		for _, o := range req.Objectives {
			facts := e.corroboration[o.ID]
			if len(facts) == 0 {
				continue
			}
			if d, ok := ev.Objectives[o.ID]; !ok || d.Status != StatusMet {
				continue
			}
			for _, f := range facts {
				if !present[f] {
					k := key{req.ID, f}
					objs[k] = append(objs[k], o.ID)
					flagged[o.ID] = true
				}
			}
		}
	}
	var out []Finding
	for k, ids := range objs {
		out = append(out, Finding{
			Requirement: k.req, Objectives: ids, Code: k.req + "." + k.fact, Effect: EffectUnverified, Fact: k.fact,
			Message: Text{
				EN: fmt.Sprintf("claimed met, but no fact %s corroborates it", k.fact),
				JA: fmt.Sprintf("実施済と申告されているが、裏付けとなる事実 %s が提出されていない", k.fact),
			},
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return flagged, out
}

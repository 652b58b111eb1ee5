package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// corroboration maps objective IDs to the fact paths (relative to
// input.facts) that can corroborate a claim that the objective is met.
// An entry "a|b" names alternatives: either fact corroborates the claim
// (an alternative mechanism the requirement allows, such as physical
// safeguards in place of encryption).
// Policies declare it in their package METADATA (custom.corroboration);
// the engine reads it once, at compile time, and checks the facts'
// presence itself: no policy logic is needed to see that a fact is
// missing.
type corroboration map[string][]string

// readCorroboration collects the corroboration maps of the requirement
// packages and checks every fact path against the Facts schema.
func readCorroboration(mods map[string]*ast.Module) (corroboration, error) {
	known := evidence.FactPaths()
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
					entry := fmt.Sprint(p)
					ok := true
					for _, path := range strings.Split(entry, "|") {
						if _, known := known[path]; !known {
							bad = append(bad, fmt.Sprintf("%s: custom.corroboration[%q]: unknown fact %q", file, obj, path))
							ok = false
						}
					}
					if ok && !slices.Contains(out[obj], entry) {
						out[obj] = append(out[obj], entry)
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

// corroborated is an objective some facts can corroborate, with the
// unverified-finding messages prepared once per fact.
type corroborated struct {
	req, obj string
	facts    []corroborationFact
}

type corroborationFact struct {
	path string     // the first alternative: the finding's fact
	alts [][]string // each alternative split into keys
	code string
	msg  Text
}

// present reports whether the facts hold any of the alternatives.
func (f corroborationFact) present(facts ast.Object) bool {
	for _, parts := range f.alts {
		if hasFact(facts, parts) {
			return true
		}
	}
	return false
}

// prepareCorroboration lists, in catalogue order, the objectives that
// declare corroborating facts.
func prepareCorroboration(cat *Catalog, c corroboration) []corroborated {
	var out []corroborated
	for _, req := range cat.Requirements() {
		for _, o := range req.Objectives {
			paths := c[o.ID]
			if len(paths) == 0 {
				continue
			}
			x := corroborated{req: req.ID, obj: o.ID}
			for _, p := range paths {
				alts := strings.Split(p, "|")
				f := corroborationFact{path: alts[0], code: req.ID + "." + alts[0], msg: Text{
					EN: fmt.Sprintf("claimed met, but no fact %s corroborates it", strings.Join(alts, " or ")),
					JA: fmt.Sprintf("実施済と申告されているが、裏付けとなる事実 %s が提出されていない", strings.Join(alts, " 又は ")),
				}}
				for _, a := range alts {
					f.alts = append(f.alts, strings.Split(a, "."))
				}
				x.facts = append(x.facts, f)
			}
			out = append(out, x)
		}
	}
	return out
}

// unverifiedFindings reports, for objectives claimed met, the
// corroborating facts the evidence lacks: one finding per requirement
// and missing fact, ordered by code within each requirement.
//
// Without detail only the flags are worked out, not the findings.
func (e *Engine) unverifiedFindings(ev *evidence.Evidence, facts ast.Object, detail bool) (map[string]bool, []Finding) {
	flagged := map[string]bool{}
	var out []Finding
	start := 0 // first finding of the current requirement
	for _, x := range e.corroborated {
		if d, ok := ev.Objectives[x.obj]; !ok || d.Status != evidence.StatusMet {
			continue
		}
		if start < len(out) && out[start].Requirement != x.req {
			start = len(out)
		}
		for _, f := range x.facts {
			if f.present(facts) {
				continue
			}
			flagged[x.obj] = true
			if !detail {
				continue
			}
			found := false
			for i := start; i < len(out); i++ {
				if out[i].Code == f.code {
					out[i].Objectives = append(out[i].Objectives, x.obj)
					found = true
					break
				}
			}
			if !found {
				out = append(out, Finding{Requirement: x.req, Objectives: []string{x.obj}, Code: f.code,
					Effect: EffectUnverified, Fact: f.path, Message: f.msg})
			}
		}
	}
	return flagged, out
}

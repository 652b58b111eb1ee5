package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// corroboration maps objective IDs to the facts (paths relative to
// input.facts) that can corroborate a claim that the objective is met.
// Each entry is a group of alternatives: a claim is corroborated when
// every group has one of its facts ("3.13.16[a]": [[crypto.at_rest_encrypted,
// crypto.full_disk_encryption]] takes either). Policies declare it in
// their package METADATA (custom.corroboration), a fact path or a list
// of alternative paths per entry; the engine reads it once, at compile
// time, and checks the facts' presence itself: no policy logic is needed
// to see that a fact is missing.
type corroboration map[string][][]string

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
				for _, entry := range list {
					alts, isList := entry.([]any)
					if !isList {
						alts = []any{entry}
					}
					var group []string
					for _, p := range alts {
						path, isString := p.(string)
						if _, ok := known[path]; !isString || !ok {
							bad = append(bad, fmt.Sprintf("%s: custom.corroboration[%q]: unknown fact %q", file, obj, fmt.Sprint(p)))
							continue
						}
						group = append(group, path)
					}
					if len(group) > 0 && !slices.ContainsFunc(out[obj], func(g []string) bool { return slices.Equal(g, group) }) {
						out[obj] = append(out[obj], group)
					}
				}
			}
		}
	}
	if len(bad) > 0 {
		slices.Sort(bad)
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
// unverified-finding messages prepared once per group.
type corroborated struct {
	req, obj string
	groups   []corroborationGroup
}

// corroborationGroup is one group of alternative facts.
type corroborationGroup struct {
	paths [][]string
	facts []string
	code  string
	msg   Text
}

// prepareCorroboration lists, in catalogue order, the objectives that
// declare corroborating facts.
func prepareCorroboration(cat *Catalog, c corroboration) []corroborated {
	var out []corroborated
	for _, req := range cat.Requirements() {
		for _, o := range req.Objectives {
			groups := c[o.ID]
			if len(groups) == 0 {
				continue
			}
			x := corroborated{req: req.ID, obj: o.ID}
			for _, g := range groups {
				cg := corroborationGroup{facts: g, code: req.ID + "." + g[0]}
				for _, p := range g {
					cg.paths = append(cg.paths, strings.Split(p, "."))
				}
				en, ja := g[0], g[0]
				if len(g) > 1 {
					en = strings.Join(g[:len(g)-1], ", ") + " or " + g[len(g)-1]
					ja = strings.Join(g, "、") + " のいずれか"
				}
				cg.msg = Text{
					EN: fmt.Sprintf("claimed met, but no fact %s corroborates it", en),
					JA: fmt.Sprintf("実施済と申告されているが、裏付けとなる事実 %s が提出されていない", ja),
				}
				x.groups = append(x.groups, cg)
			}
			out = append(out, x)
		}
	}
	return out
}

// present returns the group's facts that the evidence gives.
func (g *corroborationGroup) present(facts ast.Object) []string {
	var out []string
	for i, p := range g.paths {
		if hasFact(facts, p) {
			out = append(out, g.facts[i])
		}
	}
	return out
}

// unverifiedFindings reports, for objectives claimed met, the groups of
// corroborating facts the evidence lacks entirely: one finding per
// requirement and missing group, ordered by code within each
// requirement.
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
		for i := range x.groups {
			g := &x.groups[i]
			if len(g.present(facts)) > 0 {
				continue
			}
			flagged[x.obj] = true
			if !detail {
				continue
			}
			found := false
			for i := start; i < len(out); i++ {
				if out[i].Code == g.code {
					out[i].Objectives = append(out[i].Objectives, x.obj)
					found = true
					break
				}
			}
			if !found {
				out = append(out, Finding{Requirement: x.req, Objectives: []string{x.obj}, Code: g.code,
					Effect: EffectUnverified, Fact: g.facts[0], Message: g.msg})
			}
		}
	}
	return flagged, out
}

// corroboratingFacts returns, for each objective some facts can
// corroborate and every group of which the evidence satisfies, the facts
// the evidence gives, group by group, in the order the policy lists
// them.
func (e *Engine) corroboratingFacts(facts ast.Object) map[string][][]string {
	out := map[string][][]string{}
	for _, x := range e.corroborated {
		groups := make([][]string, 0, len(x.groups))
		for i := range x.groups {
			p := x.groups[i].present(facts)
			if len(p) == 0 {
				groups = nil
				break
			}
			groups = append(groups, p)
		}
		if len(groups) > 0 {
			out[x.obj] = groups
		}
	}
	return out
}

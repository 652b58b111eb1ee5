package collect

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// ImporterVersion is the version of the importers' mapping of exports
// onto facts, written as each machine source's importer_version. It
// changes when a mapping does, so that facts read with an older mapping
// can be told apart.
const ImporterVersion = "2"

// Document turns reports into an evidence/v1 facts document: one machine
// source per report (its tool, version, host or tenant, time and the
// SHA-256 of every raw input), each fact with every source's value, and
// the facts section at the value those give the organisation (a fact
// holds only as far as it holds on every host: see evidence.FactRecord).
// Reports must be valid (Report.Validate). Rule results mapped to
// requirements (Report.Checks) are not facts and are left out.
func Document(reports []*Report) (*evidence.FactsDocument, error) {
	prov := &evidence.Provenance{Facts: map[string]evidence.FactProvenance{}}
	ids := map[string]int{}
	for _, r := range reports {
		id := r.Subject.ID + "/" + r.Source.Kind
		ids[id]++
		if n := ids[id]; n > 1 {
			id = fmt.Sprintf("%s#%d", id, n)
		}
		src := evidence.MachineSource{
			ID: id, Importer: r.Source.Kind, ImporterVersion: ImporterVersion,
			Tool: r.Source.Tool, ToolVersion: r.Source.ToolVersion, Content: r.Source.Content,
			Collected: r.Collected.UTC(),
		}
		if r.Subject.Kind == SubjectTenant {
			src.Tenant = r.Subject.ID
		} else {
			src.Host = r.Subject.ID
		}
		for _, in := range r.Inputs {
			src.Inputs = append(src.Inputs, evidence.InputDigest{Name: in.Name, Kind: in.Kind, SHA256: in.SHA256})
		}
		prov.Sources = append(prov.Sources, src)
		for _, fact := range observedFacts(r) {
			fp := prov.Facts[fact]
			fp.Collected = append(fp.Collected, sighting(id, fact, r.Observed(fact)))
			prov.Facts[fact] = fp
		}
	}
	slices.SortStableFunc(prov.Sources, func(a, b evidence.MachineSource) int { return strings.Compare(a.ID, b.ID) })
	for fact, fp := range prov.Facts {
		slices.SortStableFunc(fp.Collected, func(a, b evidence.Sighting) int { return strings.Compare(a.Source, b.Source) })
		prov.Facts[fact] = fp
	}
	doc := &evidence.FactsDocument{Schema: evidence.Schema, Provenance: prov}
	if len(prov.Facts) > 0 {
		doc.Facts = &evidence.Facts{}
		if err := prov.CollectedFacts(doc.Facts); err != nil {
			return nil, err
		}
	} else {
		prov.Facts = nil
	}
	return doc, nil
}

// observedFacts lists the facts a report observes, in its order.
func observedFacts(r *Report) []string {
	var out []string
	for _, o := range r.Observations {
		if !slices.Contains(out, o.Fact) {
			out = append(out, o.Fact)
		}
	}
	return out
}

// sighting makes one source's value of a fact from its observations,
// combined as evidence.Combine does; every basis is kept.
func sighting(source, fact string, obs []Observation) evidence.Sighting {
	vals := make([]evidence.Bounded, len(obs))
	var basis []string
	for i, o := range obs {
		vals[i] = evidence.Bounded{Value: o.Value.Evidence(), Bound: string(o.Bound)}
		for _, b := range o.Basis {
			basis = append(basis, b.String())
		}
	}
	v, _ := evidence.Combine(fact, vals)
	return evidence.Sighting{Source: source, Value: v.Value, Bound: v.Bound, Basis: basis}
}

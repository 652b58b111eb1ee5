package export

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// observations are every determination with its provenance, every
// check of the facts against the claims, and every fact, in that order.
func (b *builder) observations() []Observation {
	v := b.v
	var out []Observation
	for i := range v.Results {
		r := &v.Results[i]
		for _, o := range r.Objectives {
			if o.Provenance == nil {
				continue
			}
			obs := b.determination(r, &o)
			b.objObs[o.ID] = obs.UUID
			out = append(out, obs)
		}
	}
	b.findingObs = make([]string, len(v.Findings))
	for i := range v.Findings {
		obs := b.check(i)
		b.findingObs[i] = obs.UUID
		out = append(out, obs)
	}
	out = append(out, b.facts()...)
	return out
}

// determination is the observation of one objective's determination.
func (b *builder) determination(r *engine.ReqResult, o *engine.ObjResult) Observation {
	p := o.Provenance
	determined := o.Status
	if o.Claimed != "" {
		determined = o.Claimed
	}
	text := ""
	if co, ok := b.cat.Objective(o.ID); ok {
		text = co.Text.In(b.lang)
	}
	desc := b.trf("%s: %s — determined %s", "%s: %s — 判定 %s", o.ID, text, word(statusWords, determined, b.lang))
	if p.Method != "" {
		desc += b.trf(" by %s", "（%s）", word(methodWords, p.Method, b.lang))
	}
	desc += b.tr(".", "。")
	if p.Justification != "" {
		desc += "\n\n" + p.Justification
	}
	obs := Observation{
		UUID:        b.ids.of("observation", "objective", o.ID),
		Title:       b.trf("Determination of %s", "%s の判定", o.ID),
		Description: desc,
		Props:       []Property{valueProp(propObjective, o.ID), valueProp(propDetermined, determined)},
		Methods:     []string{method(p.Method)},
		Types:       []string{"control-objective"},
		Origins:     []Origin{b.partyOrigin(p.Assessor)},
		Subjects:    b.subjects(),
		Collected:   dateTime(p.Date),
	}
	if p.Source != "" {
		obs.Props = append(obs.Props, valueProp(propSource, oneLine(p.Source)))
	}
	for _, a := range p.Artifacts {
		re := RelevantEvidence{Href: "#" + b.artifactRes(a.ID), Description: artifactName(a)}
		if a.Stale {
			re.Props = []Property{valueProp(propStale, "true")}
		}
		obs.RelevantEvidence = append(obs.RelevantEvidence, re)
	}
	return obs
}

// method is an SP 800-171A method as OSCAL writes it.
func method(m string) string {
	if m == "" {
		return "UNKNOWN"
	}
	return strings.ToUpper(m)
}

// artifactName names an artifact: "KD-03 Title v1.5". Its back-matter
// resource gives its dates and SHA-256.
func artifactName(a engine.ArtifactRef) string {
	s := strings.TrimSpace(a.ID + " " + a.Title)
	if a.Version != "" {
		s += " v" + oneLine(a.Version)
	}
	return s
}

// check is the observation of one of the verdict's findings: a fact
// that contradicts a claim or shows a gap, a claim no fact corroborates,
// an artifact not reviewed in time, or a scoring variant.
func (b *builder) check(i int) Observation {
	f := b.v.Findings[i]
	obs := Observation{
		UUID:        b.ids.of("observation", "finding", strconv.Itoa(i), f.Code),
		Title:       f.Code,
		Description: f.Message.In(b.lang),
		Props:       []Property{valueProp(propCode, f.Code), valueProp(propEffect, f.Effect), valueProp(propRequirement, f.Requirement)},
		Methods:     []string{"EXAMINE"},
		Types:       []string{"finding"},
		Origins:     []Origin{b.toolOrigin()},
		Subjects:    b.subjects(),
		Collected:   dateTime(b.v.Assessment.Date),
	}
	if obs.Description == "" {
		obs.Description = f.Code
	}
	for _, o := range f.Objectives {
		obs.Props = append(obs.Props, valueProp(propObjective, o))
	}
	if f.Fact != "" {
		obs.Props = append(obs.Props, valueProp(propFact, f.Fact))
	}
	if f.Value != "" {
		obs.Props = append(obs.Props, valueProp(propValue, oneLine(f.Value)))
	}
	if f.Contradiction {
		obs.Props = append(obs.Props, valueProp(propContradicted, "true"))
	}
	return obs
}

// facts are the observations of the reported facts, one per fact, in
// path order.
func (b *builder) facts() []Observation {
	if b.ev.Facts == nil {
		return nil
	}
	var paths []string
	for p, leaf := range evidence.FactPaths() {
		if leaf {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	var out []Observation
	origin := b.toolOrigin()
	if a := b.v.Assessment.Assessor.Name; a != "" {
		origin = b.partyOrigin(a)
	}
	for _, p := range paths {
		val, ok := b.ev.Facts.Value(p)
		if !ok {
			continue
		}
		js, err := json.Marshal(val)
		if err != nil {
			continue
		}
		obs := Observation{
			UUID:        b.ids.of("observation", "fact", p),
			Title:       b.trf("Fact %s", "事実 %s", p),
			Description: b.trf("Reported: %s = %s.", "報告された値: %s = %s。", p, js),
			Props:       []Property{valueProp(propFact, p), valueProp(propValue, string(js))},
			Methods:     []string{"UNKNOWN"},
			Origins:     []Origin{origin},
			Subjects:    b.subjects(),
			Collected:   dateTime(b.v.Assessment.Date),
		}
		b.factObs[p] = obs.UUID
		out = append(out, obs)
	}
	return out
}

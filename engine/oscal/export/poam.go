package export

import (
	"slices"
	"strings"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// Names of mamori's properties on POA&M items and their remediations.
// OSCAL gives a POA&M item no planned completion date and no milestones
// of its own (they belong to the remediations of its risks): mamori
// states them as properties of the item as well, so that an item keeps
// them when no risk remains (a closed item, a requirement now met).
const (
	propPOAMItemID        = "poam-item-id"
	propPOAMType          = "poam-type"
	propOwner             = "owner"
	propPOAMStatus        = "poam-status"
	propPlannedCompletion = "planned-completion"
	propMilestone         = "milestone"
	propDone              = "done"
	propUncovered         = "no-plan"
)

// NewPOAM makes the OSCAL plan of action and milestones of a verdict: an
// item for each POA&M item of the evidence (remediation plans for CMMC
// and operational plans of action), then one for each gap that no item
// lists. Each item is linked to the findings of its requirements, and
// to their risks, whose remediations carry the milestones as tasks with
// their due dates. The findings, risks and observations are those of
// the assessment results of the same verdict, with the same UUIDs.
func NewPOAM(in Input) (*POAMDocument, error) {
	b, err := newBuilder(in)
	if err != nil {
		return nil, err
	}
	obs := b.observations()
	risks := b.riskList()
	findings := map[string]Finding{}
	for i := range b.v.Results {
		r := &b.v.Results[i]
		findings[r.ID] = b.requirementFinding(r)
	}

	var items []POAMItem
	var used []string // requirements whose findings the items cite
	use := func(reqs []string) {
		for _, r := range reqs {
			if !slices.Contains(used, r) {
				used = append(used, r)
			}
		}
	}
	for _, p := range b.ev.POAM {
		items = append(items, b.poamItem(p))
		use(p.Requirements)
	}
	for _, g := range b.v.Gaps {
		if len(b.plans[g.Requirement]) > 0 {
			continue
		}
		items = append(items, b.gapItem(g))
		use([]string{g.Requirement})
	}
	if len(items) == 0 {
		return nil, ErrNoPOAMItems
	}
	for i := range items {
		it := &items[i]
		for _, r := range reqsOf(it) {
			if f, ok := findings[r]; ok {
				it.RelatedFindings = append(it.RelatedFindings, RelatedFinding{f.UUID})
			}
			if risk := b.risks[r]; risk != nil {
				it.RelatedRisks = append(it.RelatedRisks, RelatedRisk{risk.UUID})
			}
		}
	}

	// The document holds the findings the items cite, the risks of their
	// requirements, and the observations those refer to, in the order of
	// the assessment results.
	doc := POAM{
		UUID:             b.ids.of("document", "poam"),
		SystemID:         &SystemID{IdentifierType: NS, ID: b.systemID()},
		LocalDefinitions: b.localDefinitions(),
		POAMItems:        items,
	}
	want := map[string]bool{}
	for _, r := range b.v.Results {
		if !slices.Contains(used, r.ID) {
			continue
		}
		if f, ok := findings[r.ID]; ok {
			doc.Findings = append(doc.Findings, f)
			for _, o := range f.RelatedObservations {
				want[o.ObservationUUID] = true
			}
		}
	}
	for _, risk := range risks {
		if !slices.Contains(used, risk.Props[0].Value) {
			continue
		}
		doc.Risks = append(doc.Risks, risk)
		for _, o := range risk.RelatedObservations {
			want[o.ObservationUUID] = true
		}
	}
	for _, o := range obs {
		if want[o.UUID] {
			doc.Observations = append(doc.Observations, o)
		}
	}
	doc.Metadata = b.metadata(b.trf("Plan of action and milestones: %s", "是正計画（POA&M）: %s", b.subject()), false)
	doc.Metadata.Links = []Link{{Href: "#" + b.catalogRes(), Rel: "reference"}}
	doc.BackMatter = &BackMatter{Resources: append([]Resource{b.catalogResource()}, b.artifactResources(b.citedArtifacts(doc.Observations))...)}
	return &POAMDocument{POAM: doc}, nil
}

// systemID names the assessed organisation and site.
func (b *builder) systemID() string {
	id := b.v.Organization.ID
	if site := b.v.Assessment.Site; site != "" {
		id += "/" + site
	} else if b.v.Site != nil {
		id += "/" + b.v.Site.ID
	}
	return id
}

// reqsOf lists the requirements a POA&M item names in its properties.
func reqsOf(it *POAMItem) []string {
	var out []string
	for _, p := range it.Props {
		if p.NS == NS && p.Name == propRequirement {
			out = append(out, p.Value)
		}
	}
	return out
}

// poamItem is a POA&M item of the evidence.
func (b *builder) poamItem(p evidence.POAMItem) POAMItem {
	typ := p.Type
	if typ == "" {
		typ = evidence.PlanRemediation
	}
	status := p.Status
	if status == "" {
		status = "open"
	}
	desc := p.Weakness
	if p.Remediation != "" {
		desc = strings.TrimSpace(desc + "\n\n" + b.tr("Remediation: ", "是正措置: ") + p.Remediation)
	}
	if desc == "" {
		desc = p.ID
	}
	it := POAMItem{
		UUID:        b.ids.of("poam-item", p.ID),
		Title:       strings.TrimSpace(p.ID + " " + firstLine(p.Weakness)),
		Description: desc,
		Props: []Property{
			valueProp(propPOAMItemID, p.ID), valueProp(propPOAMType, typ), valueProp(propPOAMStatus, status),
		},
	}
	for _, r := range p.Requirements {
		it.Props = append(it.Props, valueProp(propRequirement, r))
	}
	if p.Owner != "" {
		it.Props = append(it.Props, valueProp(propOwner, oneLine(p.Owner)))
	}
	if p.Due != nil {
		it.Props = append(it.Props, valueProp(propPlannedCompletion, p.Due.String()))
	}
	for _, m := range p.Milestones {
		mp := valueProp(propMilestone, m.Due.String())
		mp.Class = "open"
		if m.Done {
			mp.Class = "done"
		}
		mp.Remarks = m.Description
		it.Props = append(it.Props, mp)
	}
	return it
}

// gapItem is an item for a gap that no POA&M item of the evidence
// lists: a plan is still to be written.
func (b *builder) gapItem(g engine.Gap) POAMItem {
	it := POAMItem{
		UUID:  b.ids.of("poam-item", "gap", g.Requirement),
		Title: b.trf("%s %s: no plan of action yet", "%s %s: 是正計画が未作成", g.Requirement, word(statusWords, g.Status, b.lang)),
		Description: b.trf("%s\n\nNo POA&M item of the evidence lists this requirement. CMMC POA&M rule: %s.",
			"%s\n\n証跡のPOA&Mにこの要件を挙げる項目がない。CMMC POA&Mの扱い: %s。", b.reqText(g.Requirement), g.POAM),
		Props: []Property{
			valueProp(propPOAMType, evidence.PlanRemediation), valueProp(propPOAMStatus, "open"),
			valueProp(propRequirement, g.Requirement), valueProp(propUncovered, "true"),
		},
	}
	if g.POAM != "" {
		it.Props = append(it.Props, valueProp(propCMMCPOAMRule, g.POAM))
	}
	return it
}

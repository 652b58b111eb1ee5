package export

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// risks are the requirements not implemented (the gaps) and those
// implemented under an enduring exception or a temporary deficiency, in
// catalogue order.
func (b *builder) riskList() []Risk {
	v := b.v
	gaps := map[string]engine.Gap{}
	for _, g := range v.Gaps {
		gaps[g.Requirement] = g
	}
	var out []Risk
	for i := range v.Results {
		r := &v.Results[i]
		g, isGap := gaps[r.ID]
		if !isGap && r.Basis != engine.BasisEnduring && r.Basis != engine.BasisTemporary {
			continue
		}
		out = append(out, b.risk(r, g, isGap))
	}
	for i := range out {
		b.risks[out[i].Props[0].Value] = &out[i]
	}
	return out
}

func (b *builder) risk(r *engine.ReqResult, g engine.Gap, isGap bool) Risk {
	text := b.reqText(r.ID)
	risk := Risk{
		UUID:        b.ids.of("risk", r.ID),
		Description: text,
		Props:       []Property{valueProp(propRequirement, r.ID), valueProp(propPoints, strconv.Itoa(r.Points))},
		Origins:     []Origin{b.toolOrigin()},
	}
	if r.POAMRule != "" {
		risk.Props = append(risk.Props, valueProp(propCMMCPOAMRule, r.POAMRule))
	}
	switch {
	case isGap:
		risk.Title = b.trf("%s %s", "%s %s", r.ID, word(statusWords, g.Status, b.lang))
		risk.Statement = b.trf("%s: %s deducted; %d of %d objectives open; CMMC POA&M rule: %s.",
			"%s: DoDで%s減点。評価目標%[4]d件中%[3]d件が未充足又は未評価。CMMC POA&Mの扱い: %[5]s。",
			capitalise(word(statusWords, g.Status, b.lang)), b.points(r.Deducted), g.Objectives, len(r.Objectives), r.POAMRule)
		risk.Status = "open"
	case r.Basis == engine.BasisEnduring:
		risk.Title = b.trf("%s enduring exception", "%s 恒久的例外", r.ID)
		risk.Statement = b.trf("Scored as implemented on %s; the objectives below are not met.", "%sにより実施済として採点したが、関連する評価目標は満たされていない。", word(basisWords, r.Basis, b.lang))
		risk.Status = "deviation-approved"
		for i, x := range b.ev.EnduringExceptions {
			if x.Requirement == r.ID && x.Mitigations != "" {
				risk.MitigatingFactors = append(risk.MitigatingFactors, MitigatingFactor{
					UUID: b.ids.of("mitigating-factor", r.ID, strconv.Itoa(i)), Description: x.Mitigations,
				})
			}
		}
	default:
		risk.Title = b.trf("%s temporary deficiency", "%s 一時的不備", r.ID)
		risk.Statement = b.trf("Scored as implemented on %s; the objectives below are not met.", "%sにより実施済として採点したが、関連する評価目標は満たされていない。", word(basisWords, r.Basis, b.lang))
		risk.Status = "open"
	}
	var deadline string
	for _, p := range b.ev.POAM {
		if !slices.Contains(p.Requirements, r.ID) {
			continue
		}
		resp := b.response(p, r.ID)
		risk.Remediations = append(risk.Remediations, resp)
		if p.Status != "closed" {
			if risk.Status == "open" {
				risk.Status = "remediating"
			}
			if p.Due != nil && (deadline == "" || dateTime(*p.Due) < deadline) {
				deadline = dateTime(*p.Due)
			}
		}
	}
	risk.Deadline = deadline
	for _, o := range r.Objectives {
		if o.Status == evidence.StatusMet || o.Status == evidence.StatusNotApplicable {
			continue
		}
		if id, ok := b.objObs[o.ID]; ok {
			risk.RelatedObservations = append(risk.RelatedObservations, RelatedObservation{id})
		}
	}
	for _, i := range b.reqFindings[r.ID] {
		risk.RelatedObservations = append(risk.RelatedObservations, RelatedObservation{b.findingObs[i]})
	}
	return risk
}

// response is a POA&M item as the remediation of one risk, its
// milestones as tasks with their due dates.
func (b *builder) response(p evidence.POAMItem, req string) Response {
	lifecycle := "planned"
	if p.Status == "closed" {
		lifecycle = "completed"
	}
	desc := p.Remediation
	if desc == "" {
		desc = p.Weakness
	}
	if desc == "" {
		desc = p.ID
	}
	resp := Response{
		UUID:        b.ids.of("remediation", p.ID, req),
		Lifecycle:   lifecycle,
		Title:       p.ID,
		Description: desc,
		Props:       []Property{valueProp(propPOAMItemID, p.ID)},
	}
	if p.Owner != "" {
		resp.Props = append(resp.Props, valueProp(propOwner, oneLine(p.Owner)))
	}
	if p.Due != nil {
		resp.Props = append(resp.Props, valueProp(propPlannedCompletion, p.Due.String()))
	}
	for i, m := range p.Milestones {
		resp.Tasks = append(resp.Tasks, Task{
			UUID:   b.ids.of("milestone", p.ID, req, strconv.Itoa(i)),
			Type:   "milestone",
			Title:  cmp.Or(oneLine(m.Description), m.Due.String()),
			Props:  []Property{valueProp(propDone, strconv.FormatBool(m.Done))},
			Timing: &Timing{OnDate: &OnDate{Date: dateTime(m.Due)}},
		})
	}
	return resp
}

// reqText is a requirement's text in the document's language.
func (b *builder) reqText(id string) string {
	if r, ok := b.cat.Requirement(id); ok {
		if t := r.Text.In(b.lang); t != "" {
			return t
		}
	}
	return id
}

// findings are one finding per requirement, then one per objective, in
// catalogue order.
func (b *builder) findingList() []Finding {
	v := b.v
	var reqs, objs []Finding
	for i := range v.Results {
		r := &v.Results[i]
		reqs = append(reqs, b.requirementFinding(r))
		for j := range r.Objectives {
			objs = append(objs, b.objectiveFinding(r, &r.Objectives[j]))
		}
	}
	return append(reqs, objs...)
}

func (b *builder) requirementFinding(r *engine.ReqResult) Finding {
	open := 0
	for _, o := range r.Objectives {
		if o.Status == evidence.StatusNotMet || o.Status == evidence.StatusNotAssessed {
			open++
		}
	}
	var desc string
	switch {
	case r.Basis != "":
		desc = b.trf("%s (%s): %s.", "%[2]s（%[3]s）。", capitalise(word(statusWords, r.Status, b.lang)), r.JP, word(basisWords, r.Basis, b.lang))
	case r.Status == evidence.StatusNotMet || r.Status == evidence.StatusNotAssessed:
		desc = b.trf("%s (%s): %d of %d objectives not met or not assessed.", "%[2]s（評価目標%[4]d件中%[3]d件が未充足又は未評価）。",
			capitalise(word(statusWords, r.Status, b.lang)), r.JP, open, len(r.Objectives))
	default:
		desc = b.trf("%s (%s).", "%[2]s。", capitalise(word(statusWords, r.Status, b.lang)), r.JP)
	}
	if r.Deducted > 0 {
		desc += " " + b.trf("%s deducted.", "DoDで%s減点。", b.points(r.Deducted))
	}
	f := Finding{
		UUID:        b.ids.of("finding", r.ID),
		Title:       r.ID + " " + firstLine(b.reqText(r.ID)),
		Description: desc,
		Props: []Property{
			valueProp(propRequirement, r.ID), valueProp(propStatus, r.Status), valueProp(propJPStatus, r.JP),
			valueProp(propPoints, strconv.Itoa(r.Points)), valueProp(propDeducted, strconv.Itoa(r.Deducted)),
		},
		Origins: []Origin{b.toolOrigin()},
		Target: FindingTarget{
			Type:     "objective-id",
			TargetID: RequirementObjectiveID(r.ID),
			Status:   targetStatus(r.Status),
		},
	}
	if len(r.Objectives) == 0 {
		f.Target.Type, f.Target.TargetID = "statement-id", statementID(r.ID)
	}
	if r.Basis != "" {
		f.Props = append(f.Props, valueProp(propBasis, r.Basis))
	}
	if r.Partial {
		f.Props = append(f.Props, valueProp(propPartial, "true"))
	}
	if r.OnPOAM {
		f.Props = append(f.Props, valueProp(propOnPOAM, "true"))
	}
	if r.POAMRule != "" {
		f.Props = append(f.Props, valueProp(propCMMCPOAMRule, r.POAMRule))
	}
	if r.Manual {
		f.Props = append(f.Props, valueProp(propManual, "true"))
	}
	if st := implementation(r); st != "" {
		f.Target.ImplementationStatus = &ImplementationStatus{State: st}
	}
	seen := map[string]bool{}
	addObs := func(id string) {
		if id != "" && !seen[id] {
			seen[id] = true
			f.RelatedObservations = append(f.RelatedObservations, RelatedObservation{id})
		}
	}
	for _, o := range r.Objectives {
		addObs(b.objObs[o.ID])
	}
	for _, i := range b.reqFindings[r.ID] {
		addObs(b.findingObs[i])
		addObs(b.factObs[b.v.Findings[i].Fact])
	}
	if risk := b.risks[r.ID]; risk != nil {
		f.RelatedRisks = []RelatedRisk{{risk.UUID}}
	}
	return f
}

func (b *builder) objectiveFinding(r *engine.ReqResult, o *engine.ObjResult) Finding {
	text := ""
	if co, ok := b.cat.Objective(o.ID); ok {
		text = co.Text.In(b.lang)
	}
	desc := b.trf("%s.", "%s。", capitalise(word(statusWords, o.Status, b.lang)))
	if o.Contradicted {
		desc += " " + b.trf("Determined %s, but the facts show it is not met.", "%sと判定されたが、事実によれば満たされていない。", word(statusWords, o.Claimed, b.lang))
	}
	if o.Unverified {
		desc += " " + b.tr("No reported fact corroborates it.", "裏付けとなる事実が報告されていない。")
	}
	if o.Stale {
		desc += " " + b.tr("An artifact it rests on was not reviewed in time.", "根拠とする文書が期限内に見直されていない。")
	}
	f := Finding{
		UUID:        b.ids.of("finding", "objective", o.ID),
		Title:       strings.TrimSpace(o.ID + " " + firstLine(text)),
		Description: desc,
		Props:       []Property{valueProp(propObjective, o.ID), valueProp(propStatus, o.Status)},
		Target: FindingTarget{
			Type:     "objective-id",
			TargetID: ObjectiveID(o.ID),
			Status:   targetStatus(o.Status),
		},
	}
	if o.Claimed != "" {
		f.Props = append(f.Props, valueProp(propClaimed, o.Claimed))
	}
	for _, flag := range []struct {
		set  bool
		name string
	}{{o.Contradicted, propContradicted}, {o.Unverified, propUnverified}, {o.Stale, propStale}} {
		if flag.set {
			f.Props = append(f.Props, valueProp(flag.name, "true"))
		}
	}
	if o.Contradicted || o.Unverified {
		// mamori changed or qualified the determination.
		f.Origins = []Origin{b.toolOrigin()}
	}
	if id := b.objObs[o.ID]; id != "" {
		f.RelatedObservations = append(f.RelatedObservations, RelatedObservation{id})
	}
	for _, i := range b.objFindings[o.ID] {
		f.RelatedObservations = append(f.RelatedObservations, RelatedObservation{b.findingObs[i]})
	}
	return f
}

// targetStatus is satisfied for met and not applicable, else
// not-satisfied; the reason says which.
func targetStatus(status string) ObjectiveStatus {
	switch status {
	case evidence.StatusMet:
		return ObjectiveStatus{State: "satisfied", Reason: "pass"}
	case evidence.StatusNotApplicable:
		return ObjectiveStatus{State: "satisfied", Reason: "other", Remarks: "not applicable"}
	case evidence.StatusNotMet:
		return ObjectiveStatus{State: "not-satisfied", Reason: "fail"}
	}
	return ObjectiveStatus{State: "not-satisfied", Reason: "other", Remarks: "not assessed"}
}

// implementation is OSCAL's implementation status of a requirement.
func implementation(r *engine.ReqResult) string {
	switch {
	case r.Status == evidence.StatusNotApplicable:
		return "not-applicable"
	case r.Status == evidence.StatusMet && (r.Basis == engine.BasisObjectives || r.Basis == engine.BasisTemporary):
		return "implemented"
	case r.Status == evidence.StatusMet:
		return "alternative"
	case r.OnPOAM:
		return "planned"
	}
	return ""
}

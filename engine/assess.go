package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// policyOutput is what data.mamori.assess returns.
type policyOutput struct {
	Findings []Finding `json:"findings"`
}

// Assess evaluates an evidence set that CheckEvidence accepted.
func (e *Engine) Assess(ctx context.Context, ev *evidence.Evidence) (*Verdict, error) {
	return e.assess(ctx, ev, true)
}

// AssessSummary is Assess without the per-requirement and per-objective
// detail: Results and Facts are empty, and the findings leave out the
// unverified flags (their number stays in Coverage.Unverified). The score,
// statuses, roll-ups, gaps and every other finding are the same. Batch
// runs that report one line per organisation use it.
func (e *Engine) AssessSummary(ctx context.Context, ev *evidence.Evidence) (*Verdict, error) {
	return e.assess(ctx, ev, false)
}

func (e *Engine) assess(ctx context.Context, ev *evidence.Evidence, detail bool) (*Verdict, error) {
	if err := CheckEvidence(ev, e.catalog, e.now()); err != nil {
		return nil, err
	}
	out, facts, err := e.evaluate(ctx, ev, true)
	if err != nil {
		return nil, err
	}
	fv := viewFacts(ev, intParam(e.params, "artifact_review_max_age_days", 365))
	if err := e.attribute(ctx, fv, out, facts, ev.Assessment.Date.String()); err != nil {
		return nil, err
	}
	v := e.verdict(ev, out, facts, fv, detail)
	if !detail {
		v.Results = nil
	}
	return v, nil
}

// evaluate runs the policies over the evidence's facts and returns their
// findings and the facts as the policies saw them. With fast, only the
// packages that read a facts section the evidence has are evaluated, and
// a package whose inputs have the same values as in an earlier
// assessment reuses that assessment's findings (see pkgDeps); the
// findings are the same either way.
func (e *Engine) evaluate(ctx context.Context, ev *evidence.Evidence, fast bool) (*policyOutput, ast.Object, error) {
	facts := factsInput(ev.Facts)
	date := ev.Assessment.Date.String()
	input := ast.NewObject(
		[2]*ast.Term{ast.StringTerm("facts"), ast.NewTerm(facts)},
		[2]*ast.Term{ast.StringTerm("assessment_date"), ast.StringTerm(date)},
	)
	out := &policyOutput{}
	var missed []*pkgDeps
	var keys []string
	if fast {
		var route []*ast.Term
		for i := range e.deps {
			d := &e.deps[i]
			if !d.routed(facts) {
				continue
			}
			key := ""
			if !d.always && !e.noCache {
				key = d.cacheKey(facts, date)
				if fs, ok := e.cache.get(key); ok {
					out.Findings = append(out.Findings, fs...)
					continue
				}
			}
			route = append(route, d.route)
			missed = append(missed, d)
			keys = append(keys, key)
		}
		switch {
		case len(route) == 0:
			return out, facts, nil
		case 4*len(route) >= 3*len(e.deps):
			// Most packages need evaluating: enumerating them all is
			// cheaper than looking each up by name, and gives the
			// cached ones afresh.
			out.Findings = out.Findings[:0]
		default:
			input.Insert(ast.StringTerm("route"), ast.ArrayTerm(route...))
		}
	}
	fresh, err := e.run(ctx, input)
	if err != nil {
		return nil, nil, err
	}
	for i, d := range missed {
		if keys[i] == "" {
			continue
		}
		var fs []Finding
		for _, f := range fresh.Findings {
			if f.Requirement == d.req {
				fs = append(fs, f)
			}
		}
		e.cache.put(keys[i], fs)
	}
	out.Findings = append(out.Findings, fresh.Findings...)
	return out, facts, nil
}

// run evaluates the entrypoint for input.
func (e *Engine) run(ctx context.Context, input ast.Value) (*policyOutput, error) {
	ctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	rs, err := e.pq.Eval(ctx, rego.EvalParsedInput(input))
	if err != nil {
		return nil, fmt.Errorf("evaluate policies: %w", err)
	}
	if len(rs) != 1 || len(rs[0].Expressions) != 1 {
		return nil, errors.New("evaluate policies: data.mamori.assess is undefined")
	}
	// The result is small: a round trip through JSON is the simplest
	// faithful conversion.
	raw, err := json.Marshal(rs[0].Expressions[0].Value)
	if err != nil {
		return nil, fmt.Errorf("evaluate policies: %w", err)
	}
	var out policyOutput
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("evaluate policies: unexpected result: %w", err)
	}
	return &out, nil
}

// evalPackage evaluates one requirement package for facts, through the
// findings cache.
func (e *Engine) evalPackage(ctx context.Context, d *pkgDeps, facts ast.Object, date string) ([]Finding, error) {
	key := ""
	if !d.always && !e.noCache {
		key = d.cacheKey(facts, date)
		if fs, ok := e.cache.get(key); ok {
			return fs, nil
		}
	}
	out, err := e.run(ctx, ast.NewObject(
		[2]*ast.Term{ast.StringTerm("facts"), ast.NewTerm(facts)},
		[2]*ast.Term{ast.StringTerm("assessment_date"), ast.StringTerm(date)},
		[2]*ast.Term{ast.StringTerm("route"), ast.ArrayTerm(d.route)},
	))
	if err != nil {
		return nil, err
	}
	if key != "" {
		e.cache.put(key, out.Findings)
	}
	return out.Findings, nil
}

// Japanese conformance labels.
const (
	JPImplemented    = "実施済"
	JPNotImplemented = "未実施"
	JPNotApplicable  = "該当なし"
	JPNotAssessed    = "未評価"
)

// verdict combines the determinations, the policy output and the
// scoring rules.
func (e *Engine) verdict(ev *evidence.Evidence, out *policyOutput, facts ast.Object, fv *factView, detail bool) *Verdict {
	cat := e.catalog
	date := ev.Assessment.Date
	v := &Verdict{
		Schema:          VerdictSchema,
		Organization:    ev.Organization,
		Assessment:      ev.Assessment,
		AuditorVerified: ev.Assessment.Type == evidence.AssessmentAuditor,
		Catalog:         CatalogRef{ID: cat.ID, Version: cat.Version},
		PolicyDigest:    e.policyDigest,
		Evidence:        ev.Sources,
		Params:          e.params,
		Overridden:      e.overridden,
	}
	if v.Assessment.Catalog == "" {
		v.Assessment.Catalog = cat.ID
	}
	v.Site = pickSite(ev)
	cloud, cloudFound, cloudUnverified := checkCloud(ev.CloudServices, e.cloudRegistry, date,
		intParam(e.params, "cloud_registry_max_age_days", DefaultCloudRegistryMaxAge))
	v.Cloud = cloud
	for _, f := range cloudFound {
		if detail || f.Effect != EffectUnverified {
			out.Findings = append(out.Findings, f)
		}
	}

	notMet := map[string][]*Finding{}
	// unsupported holds the policy findings of facts that fail to support
	// an objective without disproving it.
	unsupported := map[string][]*Finding{}
	partial := map[string]bool{}
	notPermitted := map[string]bool{}
	for i := range out.Findings {
		f := &out.Findings[i]
		switch f.Effect {
		case EffectNotMet:
			for _, o := range f.Objectives {
				notMet[o] = append(notMet[o], f)
			}
		case EffectUnverified:
			for _, o := range f.Objectives {
				unsupported[o] = append(unsupported[o], f)
			}
		case EffectVariant:
			partial[f.Requirement] = f.Value == "partial"
			f.Message = Text{
				EN: "the facts support the DoD partial value for this requirement",
				JA: "事実により、この要件にはDoDの部分点が適用される",
			}
		case EffectNotPermitted:
			notPermitted[f.Value] = true
			f.Message = Text{
				EN: fmt.Sprintf("%s is not permitted and a policy stops it being enabled: requirements that depend on it score as implemented", f.Value),
				JA: fmt.Sprintf("%s は許可されておらず、有効化を防ぐ方針があるため、関連要件は実施済として採点する", f.Value),
			}
		}
	}
	unverified, unverifiedList := e.unverifiedFindings(ev, facts, detail)
	for _, o := range cloudUnverified {
		unverified[o] = true
	}
	corroborating := e.corroboratingFacts(facts)
	maxAge := intParam(e.params, "artifact_review_max_age_days", 365)
	arts := make(map[string]ArtifactRef, len(ev.Artifacts))
	for _, a := range ev.Artifacts {
		r := ArtifactRef{ID: a.ID, Title: a.Title, Version: a.Version, Date: a.Date, Reviewed: a.Reviewed, SHA256: a.SHA256}
		r.Stale = isStale(r, date, maxAge)
		arts[a.ID] = r
	}
	var findings []Finding
	if ev.SSP != nil {
		ssp := ArtifactRef{ID: ev.SSP.ID, Title: ev.SSP.Title, Date: ev.SSP.Date, Reviewed: ev.SSP.Reviewed}
		if isStale(ssp, date, maxAge) {
			findings = append(findings, Finding{
				Requirement: SSPRequirement, Code: SSPRequirement + ".ssp.stale", Effect: EffectWarning,
				Message: Text{
					EN: fmt.Sprintf("the system security plan was not reviewed within %d days of the assessment", maxAge),
					JA: fmt.Sprintf("システムセキュリティ計画が評価日前%d日以内に見直されていない", maxAge),
				},
			})
		}
	}
	plans := planIndex(ev)
	bases := basisIndex(ev, plans)

	keep := map[*Finding]bool{}
	// flagged collects, per unsupported finding, the objectives it marks
	// unverified: those claimed met and not contradicted.
	flagged := map[*Finding][]string{}
	// One allocation each for all objective results and provenances; the
	// capacities are exact, so the pointers into them stay valid.
	var objArena []ObjResult
	var provArena []Provenance
	if detail {
		objArena = make([]ObjResult, 0, cat.ObjectiveCount())
		provArena = make([]Provenance, 0, len(ev.Objectives))
	}
	v.Results = make([]ReqResult, 0, len(cat.Requirements()))
	for _, req := range cat.Requirements() {
		r := ReqResult{ID: req.ID, Family: req.Family().ID, Manual: e.manual[req.ID]}
		first, open := len(objArena), 0
		if req.Scoring != nil {
			r.Points = req.Scoring.Points
			r.POAMRule = req.Scoring.POAM
		}
		var met, nm, na, nas int
		for _, o := range req.Objectives {
			res := ObjResult{ID: o.ID, Status: evidence.StatusNotAssessed}
			d, has := ev.Objectives[o.ID]
			if has {
				res.Status = d.Status
				for _, id := range d.Artifacts {
					res.Stale = res.Stale || arts[id].Stale
				}
				if detail {
					provArena = append(provArena, provenance(ev, d, arts))
					res.Provenance = &provArena[len(provArena)-1]
				}
				if res.Stale && d.Status == evidence.StatusMet {
					v.Coverage.Stale++
					findings = append(findings, staleFinding(req.ID, o.ID, d.Artifacts, arts, maxAge))
				}
				v.Coverage.Determined++
				v.Coverage.DeterminedBy.add(assessorType(ev, d))
			}
			if fs := notMet[o.ID]; len(fs) > 0 {
				if res.Status != evidence.StatusNotMet {
					res.Claimed = res.Status
					res.Contradicted = has
					res.Status = evidence.StatusNotMet
				}
				for _, f := range fs {
					if has && d.Status != evidence.StatusNotMet {
						f.Contradiction = true
					}
					keep[f] = true
				}
			}
			if res.Status == evidence.StatusMet {
				for _, f := range unsupported[o.ID] {
					flagged[f] = append(flagged[f], o.ID)
				}
				if unverified[o.ID] || len(unsupported[o.ID]) > 0 {
					res.Unverified = true
					v.Coverage.Unverified++
				}
			}
			if groups := corroborating[o.ID]; res.Status == evidence.StatusMet && !res.Unverified && len(groups) > 0 {
				kind, by := fv.corroboration(groups)
				switch kind {
				case CorroborationCollected:
					v.Coverage.CorroboratedCollected++
				case CorroborationPartial:
					v.Coverage.CorroboratedPartial++
				default:
					v.Coverage.CorroboratedDeclared++
				}
				if detail {
					res.Corroboration, res.CorroboratedBy = kind, by
				}
				if stale := fv.staleFacts(by); len(stale) > 0 && has {
					if !res.Stale {
						v.Coverage.Stale++
					}
					res.Stale = true
					findings = append(findings, staleFactFinding(req.ID, o.ID, stale, maxAge))
				}
			}
			v.Coverage.Objectives++
			switch res.Status {
			case evidence.StatusMet:
				met++
			case evidence.StatusNotMet:
				nm++
			case evidence.StatusNotApplicable:
				na++
			default:
				nas++
			}
			if res.Status == evidence.StatusNotMet || res.Status == evidence.StatusNotAssessed {
				open++
			}
			if detail {
				objArena = append(objArena, res)
			}
		}
		r.open = open
		if detail {
			r.Objectives = objArena[first:len(objArena):len(objArena)]
		}
		switch {
		case nm > 0:
			r.Status = evidence.StatusNotMet
		case nas > 0:
			r.Status = evidence.StatusNotAssessed
		case met == 0:
			r.Status = evidence.StatusNotApplicable
		default:
			r.Status = evidence.StatusMet
		}
		if r.Status == evidence.StatusNotMet || r.Status == evidence.StatusNotAssessed {
			if b, ok := bases[req.ID]; ok {
				r.Status, r.Basis = b.status, b.basis
			} else if req.Scoring != nil && req.Scoring.NotPermitted != "" && notPermitted[req.Scoring.NotPermitted] {
				r.Status, r.Basis = evidence.StatusMet, BasisNotPermitted
			}
		} else if r.Status == evidence.StatusMet {
			r.Basis = BasisObjectives
		}
		if r.Status == evidence.StatusNotMet || r.Status == evidence.StatusNotAssessed {
			r.Deducted = r.Points
			if partial[req.ID] && req.Scoring != nil && req.Scoring.Partial > 0 {
				r.Deducted, r.Partial = req.Scoring.Partial, true
			}
			r.OnPOAM = plans.covers(req.ID, evidence.PlanRemediation)
		}
		v.Results = append(v.Results, r)
	}
	for i := range out.Findings {
		f := &out.Findings[i]
		// A fact failure is kept when it decided an objective (keep),
		// an unsupported fact when it leaves a claim unverified (and
		// then only with the objectives it flags); the markers explain a
		// score.
		switch {
		case f.Effect == EffectUnverified:
			if objs := flagged[f]; detail && len(objs) > 0 {
				u := *f
				u.Objectives = objs
				findings = append(findings, u)
			}
		case f.Effect != EffectNotMet || keep[f]:
			findings = append(findings, *f)
		}
	}
	findings = append(findings, unverifiedList...)
	findings = append(findings, e.disagreements(fv)...)
	if detail {
		v.Facts = fv.sums
	}

	applySSPRule(v, ev, plans, &findings)
	e.applyPlanRule(v, plans, &findings)
	e.score(v, ev)
	e.cmmc(v, ev, date)
	e.rollups(v)
	v.Findings = sortFindings(cat, findings)
	if v.Coverage.Objectives > 0 {
		v.Coverage.Percent = round1(100 * float64(v.Coverage.Determined) / float64(v.Coverage.Objectives))
	}
	v.Ready = v.CMMC.Status == CMMCFinal && v.Conformance.NotImplemented == 0 && v.Conformance.NotAssessed == 0
	v.AuditorVerified = ev.Assessment.Type == evidence.AssessmentAuditor || v.Coverage.DeterminedBy.onlyAuditors()
	return v
}

// assessorType is the kind of assessor who made determination d: its
// own (set by a site check) or the assessment's.
func assessorType(ev *evidence.Evidence, d evidence.Determination) string {
	if d.AssessorType != "" {
		return d.AssessorType
	}
	return ev.Assessment.Type
}

func pickSite(ev *evidence.Evidence) *evidence.Site {
	for i := range ev.Sites {
		if ev.Sites[i].ID == ev.Assessment.Site || len(ev.Sites) == 1 {
			s := ev.Sites[i]
			return &s
		}
	}
	return nil
}

func provenance(ev *evidence.Evidence, d evidence.Determination, arts map[string]ArtifactRef) Provenance {
	p := Provenance{
		Assessor:      ev.Assessment.Assessor.Name,
		AssessorType:  assessorType(ev, d),
		Method:        d.Method,
		Date:          ev.Assessment.Date,
		Justification: d.Justification,
	}
	if d.Assessor != "" {
		p.Assessor = d.Assessor
	}
	if d.Date != nil {
		p.Date = *d.Date
	}
	if len(d.Artifacts) > 0 {
		p.Artifacts = make([]ArtifactRef, 0, len(d.Artifacts))
		for _, id := range d.Artifacts {
			if a, ok := arts[id]; ok {
				p.Artifacts = append(p.Artifacts, a)
			}
		}
	}
	return p
}

// isStale reports whether an artifact's last review (or, failing that,
// its date) is older than maxAge days at the assessment date. An
// artifact with neither date cannot be shown current and is stale.
func isStale(a ArtifactRef, at evidence.Date, maxAge int) bool {
	d := a.Reviewed
	if d == nil {
		d = a.Date
	}
	return d == nil || d.DaysUntil(at) > maxAge
}

func staleFinding(req, obj string, refs []string, arts map[string]ArtifactRef, maxAge int) Finding {
	var ids []string
	for _, id := range refs {
		if arts[id].Stale {
			ids = append(ids, id)
		}
	}
	return Finding{
		Requirement: req, Objectives: []string{obj}, Code: req + ".artifact.stale", Effect: EffectWarning,
		Message: Text{
			EN: fmt.Sprintf("%s rests on %v, not reviewed within %d days of the assessment", obj, ids, maxAge),
			JA: fmt.Sprintf("%s の根拠 %v は評価日前%d日以内に見直されていない", obj, ids, maxAge),
		},
	}
}

type planSet struct {
	byReq map[string][]evidence.POAMItem
	byID  map[string]evidence.POAMItem
}

func planIndex(ev *evidence.Evidence) planSet {
	ps := planSet{byReq: map[string][]evidence.POAMItem{}, byID: map[string]evidence.POAMItem{}}
	for _, p := range ev.POAM {
		if p.Status == "closed" {
			continue
		}
		ps.byID[p.ID] = p
		for _, r := range p.Requirements {
			ps.byReq[r] = append(ps.byReq[r], p)
		}
	}
	return ps
}

// covers reports whether an open plan of the given type (any type when
// typ is empty) lists the requirement. A plan without a type is a
// remediation plan.
func (ps planSet) covers(req, typ string) bool {
	for _, p := range ps.byReq[req] {
		t := p.Type
		if t == "" {
			t = evidence.PlanRemediation
		}
		if typ == "" || t == typ {
			return true
		}
	}
	return false
}

type basis struct {
	status, basis string
}

// basisIndex finds the requirements that count as implemented despite
// their objectives: enduring exceptions described in the SSP, temporary
// deficiencies under an operational plan, and DoD CIO adjudications in
// the SSP.
func basisIndex(ev *evidence.Evidence, plans planSet) map[string]basis {
	out := map[string]basis{}
	for _, x := range ev.EnduringExceptions {
		if x.InSSP && x.Mitigations != "" {
			out[x.Requirement] = basis{evidence.StatusMet, BasisEnduring}
		}
	}
	for _, x := range ev.TemporaryDeficiencies {
		if p, ok := plans.byID[x.Plan]; ok && x.PreviouslyImplemented && p.Type == evidence.PlanOperational && len(p.Milestones) > 0 {
			out[x.Requirement] = basis{evidence.StatusMet, BasisTemporary}
		}
	}
	for _, x := range ev.Adjudications {
		if !x.InSSP {
			continue
		}
		st := evidence.StatusMet
		if x.Kind == "not_applicable" {
			st = evidence.StatusNotApplicable
		}
		out[x.Requirement] = basis{st, BasisAdjudication}
	}
	return out
}

// PlanRequirement is 3.12.2, which fails when a gap has no plan.
const PlanRequirement = "3.12.2"

// applyPlanRule scores 3.12.2 as not implemented when any unimplemented
// requirement has no plan of action (DoD AM §5g(iii)).
func (e *Engine) applyPlanRule(v *Verdict, plans planSet, findings *[]Finding) {
	var missing []string
	var target *ReqResult
	for i := range v.Results {
		r := &v.Results[i]
		if r.ID == PlanRequirement {
			target = r
		}
		if (r.Status == evidence.StatusNotMet || r.Status == evidence.StatusNotAssessed) && !plans.covers(r.ID, "") {
			missing = append(missing, r.ID)
		}
	}
	if target == nil || len(missing) == 0 {
		return
	}
	if target.Status != evidence.StatusNotMet {
		target.Status, target.Basis = evidence.StatusNotMet, ""
		target.Deducted = target.Points
		target.OnPOAM = plans.covers(target.ID, evidence.PlanRemediation)
	}
	shown := missing
	if len(shown) > 10 {
		shown = append(slices.Clone(shown[:10]), "…")
	}
	*findings = append(*findings, Finding{
		Requirement: PlanRequirement, Code: PlanRequirement + ".engine.no_plan_of_action", Effect: EffectNotMet,
		Message: Text{
			EN: fmt.Sprintf("%d unimplemented requirements have no plan of action: %v", len(missing), shown),
			JA: fmt.Sprintf("未実施の要件%d件に行動計画がない: %v", len(missing), shown),
		},
	})
}

// SSPRequirement is 3.12.4, without which no score can be given.
const SSPRequirement = "3.12.4"

// applySSPRule scores 3.12.4 as not implemented when the evidence
// references no system security plan, whatever its objectives claim:
// without an SSP the assessment cannot be completed (DoD Assessment
// Methodology §5g(i)), so the verdict must not show the SSP requirement
// as implemented beside NO_SCORE. It runs before the plan rule, which
// then asks for a plan of action for 3.12.4 like any other gap.
func applySSPRule(v *Verdict, ev *evidence.Evidence, plans planSet, findings *[]Finding) {
	if ev.SSP != nil {
		return
	}
	for i := range v.Results {
		r := &v.Results[i]
		if r.ID != SSPRequirement {
			continue
		}
		r.Status, r.Basis = evidence.StatusNotMet, ""
		r.Deducted = r.Points
		r.OnPOAM = plans.covers(r.ID, evidence.PlanRemediation)
		*findings = append(*findings, Finding{
			Requirement: SSPRequirement, Code: SSPRequirement + ".engine.no_ssp", Effect: EffectNotMet,
			Message: Text{
				EN: "no system security plan is referenced (the evidence has no ssp entry): 3.12.4 is not implemented, whatever its objectives claim, and the assessment cannot be completed (DoD Assessment Methodology §5g(i))",
				JA: "システムセキュリティ計画が提示されていない（証跡に ssp がない）ため、評価目標の申告にかかわらず 3.12.4 は未実施であり、評価を完了できない（DoD評価手法 §5g(i)）",
			},
		})
		return
	}
}

// score computes the DoD Assessment Methodology score.
func (e *Engine) score(v *Verdict, ev *evidence.Evidence) {
	v.DoD.Max = 110
	total := 0
	sspMet := ev.SSP != nil
	for _, r := range v.Results {
		total += r.Deducted
		if r.ID == SSPRequirement && r.Status != evidence.StatusMet {
			sspMet = false
		}
	}
	v.DoD.Deducted = total
	switch {
	case ev.SSP == nil:
		v.DoD.NoScore = &Text{
			EN: "no system security plan is referenced: the assessment could not be completed due to incomplete information and noncompliance with DFARS 252.204-7012",
			JA: "システムセキュリティ計画が提示されていないため、情報不足により評価を完了できない(スコアなし)",
		}
		return
	case !sspMet:
		v.DoD.NoScore = &Text{
			EN: "the system security plan requirement (3.12.4) is not met: the assessment could not be completed",
			JA: "システムセキュリティ計画の要件(3.12.4)が未実施のため、評価を完了できない(スコアなし)",
		}
		return
	}
	s := v.DoD.Max - total
	v.DoD.Score = &s
}

// Requirements that 32 CFR 170.21(a)(2)(iii) keeps off a POA&M.
var cmmcNeverOnPOAM = []string{"3.1.20", "3.1.22", "3.12.4", "3.10.3", "3.10.4", "3.10.5"}

// CMMCConditionalMin is the lowest score for a conditional status (80 %
// of 110).
const CMMCConditionalMin = 88

// cmmc decides the CMMC Level 2 status.
func (e *Engine) cmmc(v *Verdict, ev *evidence.Evidence, date evidence.Date) {
	c := &v.CMMC
	block := func(code, req string, en, ja string) {
		c.Blocking = append(c.Blocking, Reason{Code: code, Requirement: req, Message: Text{EN: en, JA: ja}})
	}
	var gaps []ReqResult
	for _, r := range v.Results {
		if r.Status == evidence.StatusNotMet || r.Status == evidence.StatusNotAssessed {
			gaps = append(gaps, r)
		}
	}
	switch {
	case v.DoD.Score == nil:
		block("no_ssp", SSPRequirement, "no system security plan: no score and no CMMC status",
			"システムセキュリティ計画がないため、スコア及びCMMCステータスを付与できない")
	case len(gaps) == 0:
		c.Status = CMMCFinal
	default:
		if *v.DoD.Score < CMMCConditionalMin {
			block("score_below_88", "", fmt.Sprintf("score %d is below the conditional minimum of %d", *v.DoD.Score, CMMCConditionalMin),
				fmt.Sprintf("スコア%dが条件付きステータスの下限%dを下回る", *v.DoD.Score, CMMCConditionalMin))
		}
		for _, r := range gaps {
			c.POAM = append(c.POAM, r.ID)
			switch {
			case slices.Contains(cmmcNeverOnPOAM, r.ID):
				block("excluded_from_poam", r.ID, fmt.Sprintf("%s may never be carried on a POA&M", r.ID),
					fmt.Sprintf("%s はPOA&Mに記載できない要件である", r.ID))
			case r.POAMRule == POAMPartialOnly && !r.Partial:
				block("not_poam_eligible", r.ID, fmt.Sprintf("%s may be on a POA&M only when encryption is employed but not FIPS-validated", r.ID),
					fmt.Sprintf("%s は暗号化済みだがFIPS検証済みでない場合に限りPOA&Mに記載できる", r.ID))
			case r.POAMRule == POAMNever:
				block("not_poam_eligible", r.ID, fmt.Sprintf("%s is worth %d points and may not be carried on a POA&M", r.ID, r.Points),
					fmt.Sprintf("%s は%d点の要件であり、POA&Mに記載できない", r.ID, r.Points))
			case !r.OnPOAM:
				block("not_on_poam", r.ID, fmt.Sprintf("%s is not met and not on the POA&M", r.ID),
					fmt.Sprintf("%s は未実施であり、POA&Mに記載されていない", r.ID))
			}
		}
		if len(c.Blocking) == 0 {
			c.Status = CMMCConditional
			d := date.AddDays(180)
			c.CloseoutDue = &d
		}
	}
	if c.Status == "" {
		c.Status = CMMCNone
		c.POAM = nil
		return
	}
	aff := evidence.Date{Time: date.AddDate(1, 0, 0)}
	re := evidence.Date{Time: date.AddDate(3, 0, 0)}
	c.AffirmationDue, c.ReassessmentDue = &aff, &re
}

// rollups fills the Japanese conformance count, the family and CSF
// roll-ups and the ranked gaps. The CSF roll-up counts by the version the
// catalogue shows (CSF 2.0, with Govern, for SP 800-171 Rev 2).
func (e *Engine) rollups(v *Verdict) {
	cat := e.catalog
	fams := map[string]*Rollup{}
	for _, f := range cat.Families {
		v.Families = append(v.Families, Rollup{ID: f.ID, Title: f.Title})
	}
	for i := range v.Families {
		fams[v.Families[i].ID] = &v.Families[i]
	}
	fns := map[string]*Rollup{}
	version, functions := cat.CSFShown()
	v.CSFVersion = version
	for _, fn := range functions {
		v.Functions = append(v.Functions, Rollup{ID: fn, Title: csfTitles[fn]})
	}
	for i := range v.Functions {
		fns[v.Functions[i].ID] = &v.Functions[i]
	}
	for i := range v.Results {
		r := &v.Results[i]
		req, _ := cat.Requirement(r.ID)
		var buf [1 + 6]*Rollup // a family and at most the six CSF 2.0 functions
		targets := append(buf[:0], fams[r.Family])
		for _, fn := range req.CSF[version].Functions {
			targets = append(targets, fns[fn])
		}
		switch r.Status {
		case evidence.StatusMet:
			r.JP = JPImplemented
			v.Conformance.Implemented++
		case evidence.StatusNotMet:
			r.JP = JPNotImplemented
			v.Conformance.NotImplemented++
		case evidence.StatusNotApplicable:
			r.JP = JPNotApplicable
			v.Conformance.NotApplicable++
		default:
			r.JP = JPNotAssessed
			v.Conformance.NotAssessed++
		}
		v.Conformance.Total++
		for _, t := range targets {
			t.Total++
			t.PointsLost += r.Deducted
			switch r.Status {
			case evidence.StatusMet:
				t.Met++
			case evidence.StatusNotMet:
				t.NotMet++
			case evidence.StatusNotApplicable:
				t.NA++
			default:
				t.NotAssessed++
			}
		}
		if r.Status == evidence.StatusNotMet || r.Status == evidence.StatusNotAssessed {
			v.Gaps = append(v.Gaps, Gap{Requirement: r.ID, Points: r.Deducted, Objectives: r.open, Status: r.Status, POAM: r.POAMRule})
		}
	}
	// The gaps were appended in catalogue order, which a stable sort
	// keeps among equals.
	sort.SliceStable(v.Gaps, func(i, j int) bool {
		a, b := &v.Gaps[i], &v.Gaps[j]
		if a.Points != b.Points {
			return a.Points > b.Points
		}
		return a.Objectives < b.Objectives
	})
}

var csfTitles = map[string]Text{
	"govern":   {EN: "Govern", JA: "統治"},
	"identify": {EN: "Identify", JA: "特定"},
	"protect":  {EN: "Protect", JA: "防御"},
	"detect":   {EN: "Detect", JA: "検知"},
	"respond":  {EN: "Respond", JA: "対応"},
	"recover":  {EN: "Recover", JA: "復旧"},
}

func intParam(p map[string]any, k string, def int) int {
	switch n := p[k].(type) {
	case int:
		return n
	case float64:
		return int(n)
	}
	return def
}

func round1(f float64) float64 { return float64(int(f*10+0.5)) / 10 }

// sortFindings orders findings by requirement (catalogue order), then
// code. It sorts indexes, not the findings themselves, which are large.
func sortFindings(cat *Catalog, fs []Finding) []Finding {
	idx := make([]int, len(fs))
	pos := make([]int, len(fs))
	for i := range idx {
		idx[i] = i
		pos[i] = cat.position(fs[i].Requirement)
	}
	sort.SliceStable(idx, func(i, j int) bool {
		a, b := idx[i], idx[j]
		if pos[a] != pos[b] {
			return pos[a] < pos[b]
		}
		return fs[a].Code < fs[b].Code
	})
	out := make([]Finding, len(fs))
	for i, j := range idx {
		out[i] = fs[j]
	}
	return out
}

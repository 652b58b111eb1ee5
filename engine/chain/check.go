package chain

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/attest"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// Check evaluates the chain on the date asOf with the verdicts supplied
// (from ReadVerdicts and FromVerdict). It returns an error only when the
// chain itself is invalid; a missing, expired or unverifiable verdict is
// a blocker in the report.
//
// Dates: a verdict counts on asOf when it was issued before the end of
// that day and its validity ends after the start of it. Every due date
// (affirmation, reassessment, POA&M closeout, the assessment's age
// limit) lapses at the start of its day: on or after it the supplier
// blocks; within 90 days before it, it raises an alert.
func Check(c *Chain, supplied []Supplied, asOf evidence.Date) (*Report, error) {
	idx, err := c.build()
	if err != nil {
		return nil, err
	}
	ck := &checker{c: c, idx: idx, asOf: asOf, byOrg: map[string][]*Supplied{}}
	for i := range supplied {
		s := &supplied[i]
		ck.byOrg[s.Org] = append(ck.byOrg[s.Org], s)
	}
	ck.rows()
	ck.contracts()
	ck.alerts()
	return ck.report(), nil
}

type checker struct {
	c     *Chain
	idx   *index
	asOf  evidence.Date
	byOrg map[string][]*Supplied

	rowList []*row
	rowsOf  map[string][]*row // company ID → its rows

	results  []ContractResult
	blockers []Blocker
	alertOut []Alert
}

// row is one supplier row and its chosen verdict.
type row struct {
	co   *Company
	site string
	res  SupplierResult
	sup  *Supplied // the chosen verdict (nil if none valid)
	// lapses are the verdict's own lapsed dates (window, affirmation,
	// reassessment, closeout), as messages.
	lapses   []engine.Text
	assessed evidence.Date
	// firstBad is the first rejected envelope, when no valid one exists.
	firstBad *Supplied
	receives map[string]bool
	blocks   map[string]bool
}

func (ck *checker) rows() {
	ck.rowsOf = make(map[string][]*row, len(ck.c.Companies))
	for i := range ck.c.Companies {
		co := &ck.c.Companies[i]
		sites := []string{""}
		if len(co.Sites) > 0 {
			sites = sites[:0]
			for _, s := range co.Sites {
				sites = append(sites, s.ID)
			}
		}
		for _, s := range sites {
			r := &row{co: co, site: s, receives: map[string]bool{}, blocks: map[string]bool{}}
			r.res = SupplierResult{Company: co.ID, Name: nameOf(co), Site: s, Suspension: co.Suspension}
			ck.choose(r)
			ck.rowList = append(ck.rowList, r)
			ck.rowsOf[co.ID] = append(ck.rowsOf[co.ID], r)
		}
	}
}

func nameOf(co *Company) engine.Text {
	en := co.NameEN
	if en == "" {
		en = co.Name
	}
	return engine.Text{EN: en, JA: co.Name}
}

// current reports whether a verified statement counts on the as-of
// date: issued by the end of the day, valid past its start.
func (ck *checker) current(st *attest.Statement) bool {
	start := checkedAt(ck.asOf)
	return start.Before(st.ValidUntil) && st.ValidFrom.Before(start.Add(24*time.Hour))
}

// choose picks the row's verdict: one computed from evidence first, then
// the latest current signed verdict, then the latest expired one. A
// verdict for a site covers that site; a verdict without a site covers
// every site.
func (ck *checker) choose(r *row) {
	rank := func(s *Supplied) int {
		switch {
		case s.Statement == nil:
			return 0
		case s.Source == SourceEvidence:
			return 3
		case ck.current(s.Statement):
			return 2
		}
		return 1
	}
	var best *Supplied
	for _, s := range ck.byOrg[r.co.ID] {
		if r.site != "" && s.Site != "" && s.Site != r.site {
			continue
		}
		if s.Statement == nil {
			if r.firstBad == nil || s.File < r.firstBad.File {
				r.firstBad = s
			}
			continue
		}
		if best == nil || rank(s) > rank(best) ||
			rank(s) == rank(best) && (s.Statement.IssuedAt.After(best.Statement.IssuedAt) ||
				s.Statement.IssuedAt.Equal(best.Statement.IssuedAt) && s.File < best.File) {
			best = s
		}
	}
	res := &r.res
	if best == nil {
		if r.firstBad != nil {
			res.Verdict = VerdictInvalid
			p := problem(r.firstBad)
			res.Problem = &p
			res.File = r.firstBad.File
			res.Source = SourceSignedVerdict
		} else {
			res.Verdict = VerdictNone
		}
		return
	}
	r.sup = best
	st := best.Statement
	res.Source, res.File, res.KeyID = best.Source, best.File, best.KeyID
	res.Score = st.Decision.DoDScore
	res.Status = st.Decision.CMMCStatus
	res.Conformant = st.Decision.Ready
	res.AssessmentType = assessmentType(st)
	res.DeterminedBy = st.Assessment.DeterminedBy
	res.Assessor = st.Assessment.Assessor
	issued := dateOf(st.IssuedAt)
	res.VerdictDate = &issued
	if d, err := evidence.ParseDate(st.Assessment.Date); err == nil {
		r.assessed = d
	} else {
		r.assessed = issued
	}
	res.AssessmentDate = &r.assessed
	exp := expiryOf(st.ValidUntil)
	res.Expires = &exp
	res.DaysToExpiry = ck.days(exp)
	res.AffirmationDue = dueDate(st.Decision.AffirmationDue)
	res.ReassessmentDue = dueDate(st.Decision.ReassessmentDue)
	res.CloseoutDue = dueDate(st.Decision.CloseoutDue)
	if res.AffirmationDue != nil {
		res.DaysToAffirmation = ck.days(*res.AffirmationDue)
	}
	if res.ReassessmentDue != nil {
		res.DaysToReassessment = ck.days(*res.ReassessmentDue)
	}
	if res.CloseoutDue != nil {
		res.DaysToCloseout = ck.days(*res.CloseoutDue)
	}
	if best.Source == SourceEvidence && best.Verdict != nil {
		res.Findings = best.Verdict.Findings
		res.Gaps = best.Verdict.Gaps
	}

	if !ck.current(st) {
		if st.ValidFrom.After(checkedAt(ck.asOf)) {
			r.lapses = append(r.lapses, engine.Text{
				EN: fmt.Sprintf("the verdict is not valid until %s", issued),
				JA: fmt.Sprintf("判定の有効期間は%sから", issued),
			})
		} else {
			r.lapses = append(r.lapses, engine.Text{
				EN: fmt.Sprintf("the verdict expired on %s", exp),
				JA: fmt.Sprintf("判定の有効期限（%s）が切れている", exp),
			})
		}
	}
	for _, d := range []struct {
		due    *evidence.Date
		en, ja string
	}{
		{res.ReassessmentDue, "the reassessment was due on %s", "再評価の期限（%s）を過ぎている"},
		{res.CloseoutDue, "the POA&M closeout was due on %s", "POA&M完了の期限（%s）を過ぎている"},
		{res.AffirmationDue, "the annual affirmation was due on %s", "年次確認の期限（%s）を過ぎている"},
	} {
		if d.due != nil && !ck.asOf.Before(d.due.Time) {
			r.lapses = append(r.lapses, engine.Text{EN: fmt.Sprintf(d.en, d.due), JA: fmt.Sprintf(d.ja, d.due)})
		}
	}
	res.Verdict = VerdictValid
	if len(r.lapses) > 0 {
		res.Verdict = VerdictExpired
	}
}

func assessmentType(st *attest.Statement) string {
	switch {
	case st.AuditorVerified || st.Assessment.Type == evidence.AssessmentAuditor:
		return AssessmentAuditorVerified
	case st.Assessment.Type == evidence.AssessmentPrime:
		return AssessmentPrimeLed
	}
	return AssessmentSelf
}

// siteChecked reports whether an auditor checked the supplier's site:
// its verdict is auditor-verified, or an auditor determined some of its
// objectives on a site check.
func siteChecked(res *SupplierResult) bool {
	return res.AssessmentType == AssessmentAuditorVerified || res.DeterminedBy != nil && res.DeterminedBy.Auditor > 0
}

func dateOf(t time.Time) evidence.Date {
	t = t.UTC()
	return evidence.Date{Time: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}
}

// expiryOf is the first day that starts at or after the end of a
// validity window.
func expiryOf(until time.Time) evidence.Date {
	d := dateOf(until)
	if d.Time.Before(until.UTC()) {
		d = d.AddDays(1)
	}
	return d
}

func dueDate(s *string) *evidence.Date {
	if s == nil {
		return nil
	}
	d, err := evidence.ParseDate(*s)
	if err != nil {
		return nil
	}
	return &d
}

func (ck *checker) days(d evidence.Date) *int {
	n := ck.asOf.DaysUntil(d)
	return &n
}

// contracts evaluates every contract.
func (ck *checker) contracts() {
	for i := range ck.c.Contracts {
		k := &ck.c.Contracts[i]
		ci := &ck.idx.contracts[i]
		first := len(ck.blockers)
		for _, p := range k.Parties {
			for _, r := range ck.partyRows(p) {
				r.res.Contracts = append(r.res.Contracts, k.ID)
				if n := ci.parties[p.Company]; r.res.Tier == 0 || n.tier < r.res.Tier {
					r.res.Tier = n.tier
				}
			}
		}
		seen := map[string]bool{} // company+reason already blocking via flow-down
		for _, id := range ci.receivers {
			n := ci.parties[id]
			ck.receiver(k, ci, n, seen)
		}
		bl := ck.blockers[first:]
		slices.SortStableFunc(bl, func(a, b Blocker) int {
			return cmp.Or(cmp.Compare(a.Tier, b.Tier), strings.Compare(a.Company, b.Company),
				strings.Compare(a.Site, b.Site), cmp.Compare(reasonOrder(a.Reason), reasonOrder(b.Reason)))
		})
		res := ContractResult{
			ID: k.ID, Title: k.Title, SpecialClause: k.SpecialClause, DesignationReference: k.DesignationReference,
			Requirement: k.Requirement, Parties: len(k.Parties), Receivers: len(ci.receivers), MaxTier: ci.maxTier,
			BlockingCompanies: []string{}, Blockers: len(bl),
		}
		blocking := map[string]bool{}
		for _, b := range bl {
			if !blocking[b.Company] {
				blocking[b.Company] = true
				res.BlockingCompanies = append(res.BlockingCompanies, b.Company)
			}
			for _, r := range ck.rowsOf[b.Company] {
				if b.Site == "" || b.Site == r.site {
					r.blocks[k.ID] = true
				}
			}
		}
		slices.Sort(res.BlockingCompanies)
		res.Ready = len(bl) == 0
		ck.results = append(ck.results, res)
	}
}

func reasonOrder(r string) int {
	return slices.Index([]string{ReasonSuspended, ReasonFlowDownNotDeclared, ReasonInvalidSignature, ReasonNoVerdict,
		ReasonExpired, ReasonBelowRequirement, ReasonSiteNotChecked}, r)
}

// partyRows are the supplier rows a party covers: its sites, or all the
// company's.
func (ck *checker) partyRows(p Party) []*row {
	rs := ck.rowsOf[p.Company]
	if len(p.Sites) == 0 {
		return rs
	}
	out := make([]*row, 0, len(p.Sites))
	for _, r := range rs {
		if slices.Contains(p.Sites, r.site) {
			out = append(out, r)
		}
	}
	return out
}

// receiver checks one receiver of protected information on contract k.
func (ck *checker) receiver(k *Contract, ci *contractIndex, n *partyNode, seen map[string]bool) {
	co, _ := ck.c.company(ck.idx, n.party.Company)
	block := func(company *Company, node *partyNode, site, reason string, msg engine.Text) {
		ck.blockers = append(ck.blockers, Blocker{
			Contract: k.ID, Company: company.ID, Name: nameOf(company), Site: site,
			Tier: node.tier, Path: node.path(ck.c.Prime.ID), Reason: reason, Message: msg,
		})
	}
	// Flow-down: the clause must be in every subcontract on the path.
	for m := n; m != nil; m = m.parent {
		if m.party.FlowDown || seen[m.party.Company] {
			continue
		}
		seen[m.party.Company] = true
		mc, _ := ck.c.company(ck.idx, m.party.Company)
		parent := ck.c.Prime.ID
		if m.parent != nil {
			parent = m.parent.party.Company
		}
		msg := engine.Text{
			EN: fmt.Sprintf("the special clause is not declared as flowed down in the subcontract from %s to %s", parent, m.party.Company),
			JA: fmt.Sprintf("%sから%sへの下請契約に特約条項の適用（フローダウン）が宣言されていない", parent, m.party.Company),
		}
		if m != n {
			msg.EN += fmt.Sprintf(", on the path to %s, which receives protected information", n.party.Company)
			msg.JA += fmt.Sprintf("（保護すべき情報を受け取る%sへの経路上）", n.party.Company)
		}
		block(mc, m, "", ReasonFlowDownNotDeclared, msg)
	}
	if s := co.Suspension; s != nil && !ck.asOf.Before(s.Since.Time) {
		block(co, n, "", ReasonSuspended, engine.Text{
			EN: fmt.Sprintf("suspended by the prime since %s: %s", s.Since, s.Reason),
			JA: fmt.Sprintf("%sから元請により取引停止中: %s", s.Since, s.Reason),
		})
	}
	req := k.Requirement
	for _, r := range ck.partyRows(*n.party) {
		r.receives[k.ID] = true
		site := r.site
		where := co.ID
		if site != "" {
			where += " (" + site + ")"
		}
		switch r.res.Verdict {
		case VerdictNone:
			block(co, n, site, ReasonNoVerdict, engine.Text{
				EN: fmt.Sprintf("no signed verdict or evidence for %s", where),
				JA: fmt.Sprintf("%sの署名付き判定も証跡もない", where),
			})
			continue
		case VerdictInvalid:
			block(co, n, site, ReasonInvalidSignature, *r.res.Problem)
			continue
		}
		lapses := slices.Clone(r.lapses)
		maxAge := req.MaxAgeDays
		if maxAge == 0 {
			maxAge = DefaultMaxAgeDays
		}
		if limit := r.assessed.AddDays(maxAge); !ck.asOf.Before(limit.Time) {
			lapses = append(lapses, engine.Text{
				EN: fmt.Sprintf("the assessment of %s is older than the %d days the contract accepts (lapsed on %s)", r.assessed, maxAge, limit),
				JA: fmt.Sprintf("%sの評価は契約が認める%d日を超えている（%sに失効）", r.assessed, maxAge, limit),
			})
		}
		if len(lapses) > 0 {
			block(co, n, site, ReasonExpired, joinTexts(lapses))
			continue
		}
		if msg, ok := ck.below(req, &r.res); !ok {
			block(co, n, site, ReasonBelowRequirement, msg)
		}
		if req.SiteCheck && !siteChecked(&r.res) {
			kind := map[string]engine.Text{
				AssessmentSelf:     {EN: "a self-assessment", JA: "自己評価"},
				AssessmentPrimeLed: {EN: "a prime-led assessment", JA: "元請による評価"},
			}[r.res.AssessmentType]
			block(co, n, site, ReasonSiteNotChecked, engine.Text{
				EN: fmt.Sprintf("the contract requires a site check by an auditor; the verdict for %s is %s", where, kind.EN),
				JA: fmt.Sprintf("契約は監査員による現地確認を求めているが、%sの判定は%sである", where, kind.JA),
			})
		}
		if req.Status == StatusConditional && req.ConditionalUntil != nil && r.res.Status == StatusConditional {
			left := ck.asOf.DaysUntil(*req.ConditionalUntil)
			if left >= 0 && left <= AlertWindows[len(AlertWindows)-1] {
				ck.alertOut = append(ck.alertOut, Alert{
					Company: co.ID, Name: nameOf(co), Site: site, Contract: k.ID, Kind: AlertConditionalAcceptance,
					Due: *req.ConditionalUntil, DaysLeft: left, Window: window(left), Contracts: []string{k.ID},
					Message: engine.Text{
						EN: fmt.Sprintf("contract %s accepts the conditional status of %s only until %s; after that it needs final", k.ID, where, req.ConditionalUntil),
						JA: fmt.Sprintf("契約%sが%sの条件付きステータスを認めるのは%sまで。以降は最終ステータスが必要", k.ID, where, req.ConditionalUntil),
					},
				})
			}
		}
	}
}

// below checks the verdict's status and score against the requirement.
func (ck *checker) below(req Requirement, res *SupplierResult) (engine.Text, bool) {
	var en, ja []string
	need := req.Status
	if need == StatusConditional && req.ConditionalUntil != nil && ck.asOf.After(req.ConditionalUntil.Time) {
		need = StatusFinal
		en = append(en, fmt.Sprintf("a conditional status was accepted only until %s", req.ConditionalUntil))
		ja = append(ja, fmt.Sprintf("条件付きステータスは%sまでしか認められていない", req.ConditionalUntil))
	}
	rank := map[string]int{StatusFinal: 2, StatusConditional: 1}
	if need != "" && rank[res.Status] < rank[need] {
		en = append(en, fmt.Sprintf("status %s is below the required %s", res.Status, need))
		ja = append(ja, fmt.Sprintf("ステータス%sは要求される%sに達していない", statusJA(res.Status), statusJA(need)))
	} else {
		en, ja = nil, nil
	}
	if req.MinScore != nil {
		switch {
		case res.Score == nil:
			en = append(en, fmt.Sprintf("no score (NO_SCORE); the contract requires at least %d", *req.MinScore))
			ja = append(ja, fmt.Sprintf("スコアなし。契約は%d以上を求めている", *req.MinScore))
		case *res.Score < *req.MinScore:
			en = append(en, fmt.Sprintf("score %d is below the required %d", *res.Score, *req.MinScore))
			ja = append(ja, fmt.Sprintf("スコア%dが要求される%dを下回る", *res.Score, *req.MinScore))
		}
	}
	if len(en) == 0 {
		return engine.Text{}, true
	}
	return engine.Text{EN: strings.Join(en, "; "), JA: strings.Join(ja, "。")}, false
}

func statusJA(s string) string {
	switch s {
	case StatusFinal:
		return "最終（final）"
	case StatusConditional:
		return "条件付き（conditional）"
	}
	return "なし（none）"
}

func joinTexts(ts []engine.Text) engine.Text {
	en := make([]string, len(ts))
	ja := make([]string, len(ts))
	for i, t := range ts {
		en[i], ja[i] = t.EN, t.JA
	}
	return engine.Text{EN: strings.Join(en, "; "), JA: strings.Join(ja, "。")}
}

func window(days int) int {
	for _, w := range AlertWindows {
		if days <= w {
			return w
		}
	}
	return AlertWindows[len(AlertWindows)-1]
}

// alerts lists the dates of current verdicts that fall due within the
// widest alert window.
func (ck *checker) alerts() {
	widest := AlertWindows[len(AlertWindows)-1]
	for _, r := range ck.rowList {
		if r.res.Verdict != VerdictValid {
			continue
		}
		where := r.co.ID
		if r.site != "" {
			where += " (" + r.site + ")"
		}
		for _, a := range []struct {
			kind   string
			due    *evidence.Date
			en, ja string
		}{
			{AlertVerdictExpiry, r.res.Expires, "the signed verdict of %s expires on %s", "%sの署名付き判定は%sに失効する"},
			{AlertAffirmation, r.res.AffirmationDue, "the annual affirmation of %s is due on %s", "%sの年次確認の期限は%s"},
			{AlertReassessment, r.res.ReassessmentDue, "the reassessment of %s is due on %s", "%sの再評価の期限は%s"},
			{AlertCloseout, r.res.CloseoutDue, "the POA&M closeout of %s is due on %s", "%sのPOA&M完了期限は%s"},
		} {
			if a.due == nil {
				continue
			}
			left := ck.asOf.DaysUntil(*a.due)
			if left <= 0 || left > widest {
				continue
			}
			if a.kind == AlertVerdictExpiry && (r.sup.Source == SourceEvidence ||
				sameDate(a.due, r.res.ReassessmentDue) || sameDate(a.due, r.res.CloseoutDue)) {
				// Assessed from evidence: no signed verdict to expire. A
				// verdict capped at its reassessment or closeout date has
				// that alert instead.
				continue
			}
			ck.alertOut = append(ck.alertOut, Alert{
				Company: r.co.ID, Name: r.res.Name, Site: r.site, Kind: a.kind, Due: *a.due,
				DaysLeft: left, Window: window(left), Contracts: sortedKeys(r.receives),
				Message: engine.Text{EN: fmt.Sprintf(a.en, where, a.due), JA: fmt.Sprintf(a.ja, where, a.due)},
			})
		}
	}
	slices.SortStableFunc(ck.alertOut, func(a, b Alert) int {
		return cmp.Or(cmp.Compare(a.DaysLeft, b.DaysLeft), strings.Compare(a.Company, b.Company),
			strings.Compare(a.Site, b.Site), strings.Compare(a.Kind, b.Kind), strings.Compare(a.Contract, b.Contract))
	})
}

func sameDate(a, b *evidence.Date) bool { return a != nil && b != nil && a.Equal(b.Time) }

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func (ck *checker) report() *Report {
	rep := &Report{
		Schema: ReportSchema, AsOf: ck.asOf, Prime: ck.c.Prime, Source: ck.c.File,
		Contracts: ck.results, Blockers: ck.blockers, Alerts: ck.alertOut,
		Suppliers: make([]SupplierResult, 0, len(ck.rowList)),
	}
	if rep.Contracts == nil {
		rep.Contracts = []ContractResult{}
	}
	if rep.Blockers == nil {
		rep.Blockers = []Blocker{}
	}
	if rep.Alerts == nil {
		rep.Alerts = []Alert{}
	}
	sum := &rep.Summary
	blocking := map[string]bool{}
	for _, b := range rep.Blockers {
		blocking[b.Company] = true
	}
	for _, r := range ck.rowList {
		res := r.res
		if res.Contracts == nil {
			res.Contracts = []string{}
		}
		res.Receives = sortedKeys(r.receives)
		res.Blocks = sortedKeys(r.blocks)
		switch res.Verdict {
		case VerdictValid:
			sum.VerdictsValid++
		case VerdictExpired:
			sum.VerdictsExpired++
		case VerdictInvalid:
			sum.VerdictsInvalid++
		default:
			sum.VerdictsMissing++
		}
		if res.Tier > sum.MaxTier {
			sum.MaxTier = res.Tier
		}
		rep.Suppliers = append(rep.Suppliers, res)
	}
	sum.Contracts = len(rep.Contracts)
	for _, c := range rep.Contracts {
		if c.Ready {
			sum.ContractsReady++
		}
	}
	sum.ContractsBlocked = sum.Contracts - sum.ContractsReady
	sum.Ready = sum.ContractsBlocked == 0
	sum.Suppliers = len(rep.Suppliers)
	sum.Companies = len(ck.c.Companies)
	sum.BlockingCompanies = len(blocking)
	sum.Blockers = len(rep.Blockers)
	sum.Alerts = len(rep.Alerts)
	return rep
}

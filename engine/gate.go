package engine

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// Gate kinds: the DSG's two applications, membership (加入, once per
// site) and use (利用, per contract with the information-security special
// clause), as the Ministry's FY2025 budget review of the DSG
// (防衛セキュリティゲートウェイの整備) describes them.
const (
	// GateMembership decides whether a site may join the DSG (加入).
	GateMembership = "membership"
	// GateExchange decides whether the organisation's site may receive a
	// contract's 保護すべき情報 (利用).
	GateExchange = "exchange"
)

// Gate decisions.
const (
	GateAllow = "allow"
	GateDeny  = "deny"
)

// Site-check results.
const (
	SiteCheckPass = "pass"
	SiteCheckFail = "fail"
	SiteCheckNone = "none"
)

// Gate entrypoints, one per kind.
var gateQueries = map[string]string{
	GateMembership: "data.gate.membership.decision",
	GateExchange:   "data.gate.exchange.decision",
}

// GateInput is what the gate policies decide from (docs/gate-input.md).
type GateInput struct {
	// Now is the decision date; zero means the engine's clock.
	Now  evidence.Date
	Org  GateOrg
	Site GateSite
	// Verdict is the organisation's current verdict; nil when it has none.
	Verdict *GateVerdict
	// Contract is required by the exchange gate, ignored by membership.
	Contract *GateContract
	// MembershipAllowed is a membership decision made elsewhere (exchange
	// only; nil when there is none). The exchange gate re-derives the
	// membership conditions itself in any case.
	MembershipAllowed *bool
}

// GateOrg is the organisation asking, with any suspension in force.
type GateOrg struct {
	ID               string
	Suspended        bool
	SuspensionReason string
}

// GateSite is the handling facility and its government site checks:
// SiteCheckPass, SiteCheckFail or SiteCheckNone ("" counts as none).
type GateSite struct {
	ID             string
	PreSiteCheck   string
	FinalSiteCheck string
}

// GateVerdict is the part of a stored verdict the gates read.
type GateVerdict struct {
	ID              string
	Date            evidence.Date
	ValidUntil      *evidence.Date
	Ready           bool
	CMMCStatus      string
	CloseoutDue     *evidence.Date
	Conformance     Conformance
	AuditorVerified bool
	OrganizationID  string
	SiteID          string
}

// GateContract is a contract carrying 保護すべき情報.
type GateContract struct {
	ID string
	// SpecialClause is true when the information-security special clause
	// (情報セキュリティ特約条項) applies.
	SpecialClause bool
	// DesignationReference identifies the 情報セキュリティ指定書.
	DesignationReference string
	Prime                string
	// Subcontractors are the organisations the contract flows down to.
	Subcontractors []string
	// StandardVersion is "2009" for a contract still under the old
	// standard, which the gate accepts until TransitionEndDate: the
	// standard's transition period, set per contract
	// (https://www.mod.go.jp/atla/cybersecurity.html).
	StandardVersion   string
	TransitionEndDate *evidence.Date
}

// GateDecision is a gate's answer: GateAllow with no reasons, or
// GateDeny with every failing condition, sorted by code.
type GateDecision struct {
	Decision string   `json:"decision"`
	Reasons  []Reason `json:"reasons"`
}

// Allowed reports whether the decision is allow.
func (d *GateDecision) Allowed() bool { return d != nil && d.Decision == GateAllow }

// GateInputFromVerdict starts a gate input from a stored verdict:
// verdictID is its ID in the store. The organisation and site come from
// the verdict; the caller adds the site checks, any suspension, the
// contract and the date. The verdict is valid until its CMMC
// reassessment date when it has one; the gates also bound its age
// (max_verdict_age_days).
func GateInputFromVerdict(v *Verdict, verdictID string) GateInput {
	if v == nil {
		return GateInput{}
	}
	gv := &GateVerdict{
		ID:              verdictID,
		Date:            v.Assessment.Date,
		ValidUntil:      v.CMMC.ReassessmentDue,
		Ready:           v.Ready,
		CMMCStatus:      v.CMMC.Status,
		CloseoutDue:     v.CMMC.CloseoutDue,
		Conformance:     v.Conformance,
		AuditorVerified: v.AuditorVerified,
		OrganizationID:  v.Organization.ID,
		SiteID:          v.Assessment.Site,
	}
	if gv.SiteID == "" && v.Site != nil {
		gv.SiteID = v.Site.ID
	}
	return GateInput{Org: GateOrg{ID: gv.OrganizationID}, Site: GateSite{ID: gv.SiteID}, Verdict: gv}
}

// prepareGates compiles the gate policies, with the same sandbox as the
// assessment's and its data, and prepares their entrypoints.
func (e *Engine) prepareGates(ctx context.Context) error {
	compiler := ast.NewCompiler().
		WithCapabilities(Capabilities()).
		WithDefaultRegoVersion(ast.RegoV1).
		WithEnablePrintStatements(false)
	compiler.Compile(e.gateMods)
	if compiler.Failed() {
		return fmt.Errorf("compile gate policies: %w", compiler.Errors)
	}
	gates := make(map[string]rego.PreparedEvalQuery, len(gateQueries))
	for kind, q := range gateQueries {
		pq, err := rego.New(
			rego.Query(q),
			rego.Compiler(compiler),
			rego.Store(e.gateStore),
			rego.Capabilities(Capabilities()),
			rego.StrictBuiltinErrors(true),
		).PrepareForEval(ctx)
		if err != nil {
			return fmt.Errorf("prepare %s: %w", q, err)
		}
		gates[kind] = pq
	}
	e.gates = gates
	return nil
}

// PrepareGates compiles the gate policies now rather than at the first
// Gate call: a server calls it when it starts, so that a gate policy
// that does not compile (one calling a builtin outside Capabilities,
// such as http.send) stops it there, naming the file and line.
func (e *Engine) PrepareGates(ctx context.Context) error {
	e.gateOnce.Do(func() { e.gateErr = e.prepareGates(context.WithoutCancel(ctx)) })
	return e.gateErr
}

// Gate decides a membership or exchange application, with the same
// timeout and sandbox as an assessment.
func (e *Engine) Gate(ctx context.Context, kind string, in GateInput) (*GateDecision, error) {
	if err := e.PrepareGates(ctx); err != nil {
		return nil, err
	}
	pq, ok := e.gates[kind]
	if !ok {
		return nil, fmt.Errorf("gate: unknown kind %q (known: %s, %s)", kind, GateExchange, GateMembership)
	}
	if in.Now.IsZero() {
		t := e.now().UTC()
		in.Now = evidence.Date{Time: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}
	}
	ctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	rs, err := pq.Eval(ctx, rego.EvalParsedInput(gateInputAST(&in)))
	if err != nil {
		return nil, fmt.Errorf("gate %s: %w", kind, err)
	}
	if len(rs) != 1 || len(rs[0].Expressions) != 1 {
		return nil, fmt.Errorf("gate %s: %s is undefined (are the gate policies loaded?)", kind, gateQueries[kind])
	}
	return decodeGateDecision(rs[0].Expressions[0].Value)
}

func decodeGateDecision(v any) (*GateDecision, error) {
	bad := errors.New("gate: unexpected policy result")
	m, ok := v.(map[string]any)
	if !ok {
		return nil, bad
	}
	d := &GateDecision{Reasons: []Reason{}}
	if d.Decision, ok = m["decision"].(string); !ok || (d.Decision != GateAllow && d.Decision != GateDeny) {
		return nil, bad
	}
	rs, ok := m["reasons"].([]any)
	if !ok {
		return nil, bad
	}
	for _, r := range rs {
		rm, ok := r.(map[string]any)
		if !ok {
			return nil, bad
		}
		code, _ := rm["code"].(string)
		msg, _ := rm["message"].(map[string]any)
		en, _ := msg["en"].(string)
		ja, _ := msg["ja"].(string)
		if code == "" {
			return nil, bad
		}
		d.Reasons = append(d.Reasons, Reason{Code: code, Message: Text{EN: en, JA: ja}})
	}
	if (d.Decision == GateAllow) != (len(d.Reasons) == 0) {
		return nil, fmt.Errorf("gate: policy result is %s with %d reasons", d.Decision, len(d.Reasons))
	}
	return d, nil
}

// gateInputAST converts the input to the policies' document directly.
func gateInputAST(in *GateInput) ast.Value {
	obj := ast.NewObject(
		kv("now", ast.String(in.Now.String())),
		kv("org", ast.NewObject(
			kv("id", ast.String(in.Org.ID)),
			kv("suspended", ast.Boolean(in.Org.Suspended)),
			kv("suspension_reason", ast.String(in.Org.SuspensionReason)),
		)),
		kv("site", ast.NewObject(
			kv("id", ast.String(in.Site.ID)),
			kv("pre_site_check", ast.String(siteCheck(in.Site.PreSiteCheck))),
			kv("final_site_check", ast.String(siteCheck(in.Site.FinalSiteCheck))),
		)),
	)
	if v := in.Verdict; v == nil {
		obj.Insert(ast.StringTerm("verdict"), ast.NullTerm())
	} else {
		c := v.Conformance
		vo := ast.NewObject(
			kv("id", ast.String(v.ID)),
			kv("date", ast.String(v.Date.String())),
			kv("ready", ast.Boolean(v.Ready)),
			kv("cmmc_status", ast.String(v.CMMCStatus)),
			kv("conformance", ast.NewObject(
				kv("implemented", ast.Number(strconv.Itoa(c.Implemented))),
				kv("not_implemented", ast.Number(strconv.Itoa(c.NotImplemented))),
				kv("not_applicable", ast.Number(strconv.Itoa(c.NotApplicable))),
				kv("not_assessed", ast.Number(strconv.Itoa(c.NotAssessed))),
				kv("total", ast.Number(strconv.Itoa(c.Total))),
			)),
			kv("auditor_verified", ast.Boolean(v.AuditorVerified)),
			kv("organization_id", ast.String(v.OrganizationID)),
		)
		optDate(vo, "valid_until", v.ValidUntil)
		optDate(vo, "closeout_due", v.CloseoutDue)
		if v.SiteID != "" {
			vo.Insert(ast.StringTerm("site_id"), ast.StringTerm(v.SiteID))
		}
		obj.Insert(ast.StringTerm("verdict"), ast.NewTerm(vo))
	}
	if c := in.Contract; c == nil {
		obj.Insert(ast.StringTerm("contract"), ast.NullTerm())
	} else {
		subs := make([]*ast.Term, len(c.Subcontractors))
		for i, s := range c.Subcontractors {
			subs[i] = ast.StringTerm(s)
		}
		co := ast.NewObject(
			kv("id", ast.String(c.ID)),
			kv("special_clause", ast.Boolean(c.SpecialClause)),
			kv("designation_reference", ast.String(c.DesignationReference)),
			kv("prime", ast.String(c.Prime)),
			kv("subcontractors", ast.NewArray(subs...)),
		)
		if c.StandardVersion != "" {
			co.Insert(ast.StringTerm("standard_version"), ast.StringTerm(c.StandardVersion))
		}
		optDate(co, "transition_end_date", c.TransitionEndDate)
		obj.Insert(ast.StringTerm("contract"), ast.NewTerm(co))
	}
	if in.MembershipAllowed != nil {
		obj.Insert(ast.StringTerm("membership"), ast.ObjectTerm(
			ast.Item(ast.StringTerm("allow"), ast.BooleanTerm(*in.MembershipAllowed)),
		))
	}
	return obj
}

func kv(k string, v ast.Value) [2]*ast.Term { return ast.Item(ast.StringTerm(k), ast.NewTerm(v)) }

func optDate(o ast.Object, k string, d *evidence.Date) {
	if d != nil && !d.IsZero() {
		o.Insert(ast.StringTerm(k), ast.StringTerm(d.String()))
	}
}

func siteCheck(s string) string {
	if s == "" {
		return SiteCheckNone
	}
	return s
}

package engine_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
)

func gateDate(t *testing.T, s string) evidence.Date {
	t.Helper()
	d, err := evidence.ParseDate(s)
	require.NoError(t, err)
	return d
}

func gateDatePtr(t *testing.T, s string) *evidence.Date {
	d := gateDate(t, s)
	return &d
}

// baseGateInput passes both gates: a party to a contract with the
// special clause and a designation, with a current, auditor-verified,
// conformant verdict and passed site checks.
func baseGateInput(t *testing.T) engine.GateInput {
	return engine.GateInput{
		Now:  gateDate(t, "2026-11-01"),
		Org:  engine.GateOrg{ID: "org-1"},
		Site: engine.GateSite{ID: "site-1", PreSiteCheck: engine.SiteCheckPass, FinalSiteCheck: engine.SiteCheckPass},
		Verdict: &engine.GateVerdict{
			ID: "v-1", Date: gateDate(t, "2026-10-01"), ValidUntil: gateDatePtr(t, "2029-10-01"),
			Ready: true, CMMCStatus: engine.CMMCFinal, AuditorVerified: true,
			OrganizationID: "org-1", SiteID: "site-1",
			Conformance: engine.Conformance{Implemented: 108, NotApplicable: 2, Total: 110},
		},
		Contract: &engine.GateContract{
			ID: "C-1", SpecialClause: true, DesignationReference: "SD-1",
			Prime: "prime-1", Subcontractors: []string{"org-1"},
		},
	}
}

func gateCodes(d *engine.GateDecision) []string {
	out := []string{}
	for _, r := range d.Reasons {
		out = append(out, r.Code)
	}
	return out
}

func TestGateReasons(t *testing.T) {
	e := testEngine(t)
	ctx := context.Background()
	allowed := false
	cases := []struct {
		name       string
		change     func(in *engine.GateInput)
		membership []string
		exchange   []string
	}{
		{name: "allow", change: func(*engine.GateInput) {}},
		{name: "no verdict", change: func(in *engine.GateInput) { in.Verdict = nil },
			membership: []string{"membership.no_verdict"}},
		{name: "other organisation", change: func(in *engine.GateInput) { in.Verdict.OrganizationID = "org-2" },
			membership: []string{"membership.verdict_other_organization"}},
		{name: "other site", change: func(in *engine.GateInput) { in.Verdict.SiteID = "site-2" },
			membership: []string{"membership.verdict_other_site"}},
		{name: "expired", change: func(in *engine.GateInput) { in.Verdict.ValidUntil = gateDatePtr(t, "2026-10-31") },
			membership: []string{"membership.verdict_expired"}},
		{name: "too old", change: func(in *engine.GateInput) {
			in.Verdict.Date = gateDate(t, "2023-10-01")
			in.Verdict.ValidUntil = nil
		}, membership: []string{"membership.verdict_too_old"}},
		{name: "not conformant", change: func(in *engine.GateInput) {
			in.Verdict.Ready = false
			in.Verdict.CMMCStatus = engine.CMMCNone
		}, membership: []string{"membership.not_conformant"}},
		{name: "conditional closeout passed", change: func(in *engine.GateInput) {
			in.Verdict.Ready = false
			in.Verdict.CMMCStatus = engine.CMMCConditional
			in.Verdict.CloseoutDue = gateDatePtr(t, "2026-10-30")
		}, membership: []string{"membership.conditional_closeout_passed", "membership.not_conformant"}},
		{name: "not auditor-verified", change: func(in *engine.GateInput) { in.Verdict.AuditorVerified = false },
			membership: []string{"membership.not_auditor_verified"}},
		{name: "pre-site check failed", change: func(in *engine.GateInput) { in.Site.PreSiteCheck = engine.SiteCheckFail },
			membership: []string{"membership.pre_site_check_not_passed"}},
		{name: "no final site check", change: func(in *engine.GateInput) { in.Site.FinalSiteCheck = "" },
			membership: []string{"membership.final_site_check_not_passed"}},
		{name: "suspended", change: func(in *engine.GateInput) {
			in.Org.Suspended = true
			in.Org.SuspensionReason = "incident"
		}, membership: []string{"membership.organization_suspended"}},
		{name: "no contract", change: func(in *engine.GateInput) { in.Contract = nil },
			exchange: []string{"exchange.no_contract"}},
		{name: "no special clause", change: func(in *engine.GateInput) { in.Contract.SpecialClause = false },
			exchange: []string{"exchange.no_special_clause"}},
		{name: "no designation", change: func(in *engine.GateInput) { in.Contract.DesignationReference = "" },
			exchange: []string{"exchange.no_designation"}},
		{name: "not a party", change: func(in *engine.GateInput) { in.Contract.Subcontractors = []string{"org-3"} },
			exchange: []string{"exchange.not_party"}},
		{name: "prime is a party", change: func(in *engine.GateInput) {
			in.Contract.Prime = "org-1"
			in.Contract.Subcontractors = nil
		}},
		{name: "transition ended", change: func(in *engine.GateInput) {
			in.Contract.StandardVersion = "2009"
			in.Contract.TransitionEndDate = gateDatePtr(t, "2026-10-31")
		}, exchange: []string{"exchange.transition_ended"}},
		{name: "membership denied elsewhere", change: func(in *engine.GateInput) { in.MembershipAllowed = &allowed },
			exchange: []string{"exchange.membership_denied"}},
		{name: "several", change: func(in *engine.GateInput) {
			in.Org.Suspended = true
			in.Site.PreSiteCheck = engine.SiteCheckNone
			in.Contract.SpecialClause = false
		},
			membership: []string{"membership.organization_suspended", "membership.pre_site_check_not_passed"},
			exchange:   []string{"exchange.no_special_clause"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := baseGateInput(t)
			tc.change(&in)
			m, err := e.Gate(ctx, engine.GateMembership, in)
			require.NoError(t, err)
			want := append([]string{}, tc.membership...)
			assert.Equal(t, want, gateCodes(m), "membership")
			assert.Equal(t, len(want) == 0, m.Allowed())

			x, err := e.Gate(ctx, engine.GateExchange, in)
			require.NoError(t, err)
			wantX := append(append([]string{}, tc.exchange...), tc.membership...)
			assert.Equal(t, wantX, gateCodes(x), "exchange")
			assert.Equal(t, len(wantX) == 0, x.Allowed())
			for _, r := range append(m.Reasons, x.Reasons...) {
				assert.NotEmpty(t, r.Message.EN, r.Code)
				assert.NotEmpty(t, r.Message.JA, r.Code)
			}
		})
	}
}

func TestGateUnknownKind(t *testing.T) {
	_, err := testEngine(t).Gate(context.Background(), "usage", baseGateInput(t))
	assert.ErrorContains(t, err, "unknown kind")
}

func TestGateNowDefaultsToClock(t *testing.T) {
	in := baseGateInput(t)
	in.Now = evidence.Date{}
	in.Verdict.ValidUntil = gateDatePtr(t, "2026-10-31") // before testNow (2026-11-01)
	d, err := testEngine(t).Gate(context.Background(), engine.GateMembership, in)
	require.NoError(t, err)
	assert.Equal(t, []string{"membership.verdict_expired"}, gateCodes(d))
}

func TestGateExamples(t *testing.T) {
	e := testEngine(t)
	ctx := context.Background()
	assess := func(dir string) *engine.Verdict {
		ev, err := evidence.Read(filepath.Join("..", "examples", dir))
		require.NoError(t, err)
		v, err := e.Assess(ctx, ev)
		require.NoError(t, err)
		return v
	}
	gateIn := func(v *engine.Verdict, id string) engine.GateInput {
		in := engine.GateInputFromVerdict(v, id)
		in.Now = gateDate(t, "2026-11-01")
		in.Site.PreSiteCheck = engine.SiteCheckPass
		in.Site.FinalSiteCheck = engine.SiteCheckPass
		return in
	}

	tsubasa := assess("tsubasa-heavy-komaki")
	require.True(t, tsubasa.AuditorVerified)
	require.True(t, tsubasa.Ready)
	in := gateIn(tsubasa, "v-tsubasa")
	assert.Equal(t, "tsubasa-heavy", in.Org.ID)
	assert.Equal(t, "komaki-2", in.Site.ID)
	d, err := e.Gate(ctx, engine.GateMembership, in)
	require.NoError(t, err)
	assert.Equal(t, engine.GateAllow, d.Decision, "%v", d.Reasons)
	assert.Empty(t, d.Reasons)

	// Prime-led (not auditor-verified) and conditional: denied for both.
	kobayashi := assess("kobayashi-electronics")
	require.Equal(t, engine.CMMCConditional, kobayashi.CMMC.Status)
	in = gateIn(kobayashi, "v-kobayashi")
	assert.Equal(t, "kobayashi-electronics", in.Org.ID)
	d, err = e.Gate(ctx, engine.GateMembership, in)
	require.NoError(t, err)
	assert.Equal(t, engine.GateDeny, d.Decision)
	assert.Equal(t, []string{"membership.not_auditor_verified", "membership.not_conformant"}, gateCodes(d))
}

func BenchmarkGateExchange(b *testing.B) {
	e := testEngine(b)
	in := engine.GateInput{
		Org:  engine.GateOrg{ID: "org-1"},
		Site: engine.GateSite{ID: "site-1", PreSiteCheck: engine.SiteCheckPass, FinalSiteCheck: engine.SiteCheckPass},
		Verdict: &engine.GateVerdict{
			ID: "v-1", Ready: true, CMMCStatus: engine.CMMCFinal, AuditorVerified: true, OrganizationID: "org-1",
		},
		Contract: &engine.GateContract{ID: "C-1", SpecialClause: true, DesignationReference: "SD-1", Prime: "org-1"},
	}
	in.Now, _ = evidence.ParseDate("2026-11-01")
	in.Verdict.Date, _ = evidence.ParseDate("2026-10-01")
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			d, err := e.Gate(ctx, engine.GateExchange, in)
			if err != nil || !d.Allowed() {
				b.Fatal(err, d)
			}
		}
	})
}

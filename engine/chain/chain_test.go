package chain_test

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/attest"
	"github.com/mamori-dev/mamori/engine/chain"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// baseChain is a small valid chain: prime p, a (tier 1) and b (tier 2
// under a) on contract K1, with protected flows p → a → b.
const baseChain = `mamori: supply-chain/v1
prime: {id: p, name: Prime}
companies:
  - {id: a, name: A}
  - {id: b, name: B}
  - {id: c, name: C}
contracts:
  - id: K1
    title: One
    special_clause: true
    designation_reference: D-1
    requirement: {status: final}
    parties:
      - {company: a, parent: p, flow_down: true}
      - {company: b, parent: a, flow_down: true}
    flows:
      - {from: p, to: a, protected: true}
      - {from: a, to: b, protected: true}
`

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []string // all must appear in the error
	}{
		{
			name: "cycle",
			doc: strings.Replace(baseChain, "      - {company: a, parent: p, flow_down: true}",
				"      - {company: a, parent: b, flow_down: true}", 1),
			want: []string{"chain.yaml:14:", "contracts[0].parties[0].parent", "cycle in contract \"K1\": a → b → a"},
		},
		{
			name: "unknown company in a party",
			doc:  strings.Replace(baseChain, "{company: b, parent: a", "{company: zz, parent: a", 1),
			want: []string{"chain.yaml:15:", "contracts[0].parties[1].company", `unknown company "zz"`},
		},
		{
			name: "unknown company in a flow",
			doc:  strings.Replace(baseChain, "{from: a, to: b, protected: true}", "{from: a, to: q, protected: true}", 1),
			want: []string{"chain.yaml:18:", "contracts[0].flows[1].to", `unknown company "q"`},
		},
		{
			name: "flow to a company not on the contract",
			doc:  strings.Replace(baseChain, "{from: a, to: b, protected: true}", "{from: a, to: c, protected: true}", 1),
			want: []string{"chain.yaml:18:", "contracts[0].flows[1].to", `company "c" is not a party to contract "K1"`},
		},
		{
			name: "duplicate company",
			doc:  strings.Replace(baseChain, "  - {id: c, name: C}", "  - {id: a, name: A again}", 1),
			want: []string{"chain.yaml:6:", "companies[2].id", `duplicate company ID "a" (first declared at line 4)`},
		},
		{
			name: "duplicate contract",
			doc: baseChain + `  - id: K1
    title: Again
    requirement: {status: final}
    parties: []
`,
			want: []string{"chain.yaml:19:", "contracts[1].id", `duplicate contract ID "K1"`},
		},
		{
			name: "duplicate party",
			doc: strings.Replace(baseChain, "      - {company: b, parent: a, flow_down: true}",
				"      - {company: b, parent: a, flow_down: true}\n      - {company: b, parent: p, flow_down: true}", 1),
			want: []string{"chain.yaml:16:", "contracts[0].parties[2].company", `duplicate party "b" on contract "K1" (first at line 15)`},
		},
		{
			name: "parent not on the contract",
			doc:  strings.Replace(baseChain, "{company: b, parent: a", "{company: b, parent: c", 1),
			want: []string{"chain.yaml:15:", "contracts[0].parties[1].parent", `parent "c" is not a party to contract "K1"`},
		},
		{
			name: "bad date",
			doc:  strings.Replace(baseChain, "requirement: {status: final}", "requirement: {status: conditional, conditional_until: 2027-02-30}", 1),
			want: []string{"chain.yaml:12:", "contracts[0].requirement.conditional_until", `invalid date "2027-02-30"`},
		},
		{
			name: "unknown field",
			doc:  strings.Replace(baseChain, "    title: One\n", "    title: One\n    tilte: typo\n", 1),
			want: []string{"chain.yaml:10:", "contracts[0].tilte", `unknown field "tilte"`},
		},
		{
			name: "wrong marker",
			doc:  strings.Replace(baseChain, "supply-chain/v1", "evidence/v1", 1),
			want: []string{"chain.yaml:1:", "mamori", `expected "supply-chain/v1"`},
		},
		{
			name: "bad status",
			doc:  strings.Replace(baseChain, "{status: final}", "{status: great}", 1),
			want: []string{"chain.yaml:12:", "contracts[0].requirement.status", `expected final or conditional, got "great"`},
		},
		{
			name: "special clause needs a designation",
			doc:  strings.Replace(baseChain, "    designation_reference: D-1\n", "", 1),
			want: []string{"contracts[0].designation_reference", "情報セキュリティ指定書"},
		},
		{
			name: "protected flow without the special clause",
			doc:  strings.Replace(baseChain, "special_clause: true", "special_clause: false", 1),
			want: []string{"chain.yaml:17:", "contracts[0].flows[0].protected", "cannot carry protected information"},
		},
		{
			name: "the prime as a company",
			doc:  strings.Replace(baseChain, "  - {id: c, name: C}", "  - {id: p, name: Prime}", 1),
			want: []string{"companies[2].id", `company "p" is the prime`},
		},
		{
			name: "unknown site",
			doc:  strings.Replace(baseChain, "{company: b, parent: a, flow_down: true}", "{company: b, parent: a, flow_down: true, sites: [x]}", 1),
			want: []string{"chain.yaml:15:", "contracts[0].parties[1].sites[0]", `unknown site "x" of company "b"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := chain.Parse("chain.yaml", []byte(tt.doc))
			require.Error(t, err)
			var ie evidence.InputErrors
			var one *evidence.InputError
			assert.True(t, errors.As(err, &ie) || errors.As(err, &one), "an input error: %T", err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestParseLongCycle(t *testing.T) {
	doc := `mamori: supply-chain/v1
prime: {id: p, name: Prime}
companies: [{id: a, name: A}, {id: b, name: B}, {id: c, name: C}, {id: d, name: D}]
contracts:
  - id: K
    title: T
    requirement: {status: final}
    parties:
      - {company: d, parent: p, flow_down: true}
      - {company: a, parent: c, flow_down: true}
      - {company: b, parent: a, flow_down: true}
      - {company: c, parent: b, flow_down: true}
`
	_, err := chain.Parse("c.yaml", []byte(doc))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "c.yaml:10: contracts[0].parties[1].parent: cycle in contract \"K\": a → c → b → a")
	assert.Equal(t, 1, strings.Count(err.Error(), "cycle"), "one cycle, reported once")
}

// signer makes signed verdicts for tests.
type signer struct {
	key ed25519.PrivateKey
}

func newSigner(seed string) signer {
	s := sha256.Sum256([]byte(seed))
	return signer{key: ed25519.NewKeyFromSeed(s[:])}
}

func (s signer) pub() ed25519.PublicKey { return s.key.Public().(ed25519.PublicKey) }

// stmt is a verdict statement for org: final 110, self-assessed on
// assessed, issued the same day and valid for validDays.
func stmt(org, assessed string, validDays int) attest.Statement {
	d, _ := evidence.ParseDate(assessed)
	score := 110
	aff := evidence.Date{Time: d.AddDate(1, 0, 0)}.String()
	re := evidence.Date{Time: d.AddDate(3, 0, 0)}.String()
	return attest.Statement{
		Kind: attest.KindVerdict, Organization: attest.Organization{ID: org, Name: org},
		Decision: attest.Decision{Ready: true, DoDScore: &score, CMMCStatus: engine.CMMCFinal,
			AffirmationDue: &aff, ReassessmentDue: &re, CoveragePercent: 100},
		Assessment: attest.Assessment{Type: evidence.AssessmentSelf, Date: assessed},
		IssuedAt:   d.Time, ValidFrom: d.Time, ValidUntil: d.AddDate(0, 0, validDays),
	}
}

func attestSign(s signer, st attest.Statement) ([]byte, error) {
	env, err := attest.Sign(st, s.key)
	if err != nil {
		return nil, err
	}
	return json.Marshal(env)
}

func (s signer) envelope(t *testing.T, st attest.Statement) []byte {
	t.Helper()
	env, err := attest.Sign(st, s.key)
	require.NoError(t, err)
	b, err := json.Marshal(env)
	require.NoError(t, err)
	return b
}

func (s signer) supplied(t *testing.T, file string, st attest.Statement) chain.Supplied {
	t.Helper()
	return chain.VerifyVerdict(file, s.envelope(t, st), []ed25519.PublicKey{s.pub()})
}

func mustParse(t *testing.T, doc string) *chain.Chain {
	t.Helper()
	c, err := chain.Parse("chain.yaml", []byte(doc))
	require.NoError(t, err)
	return c
}

func date(t testing.TB, s string) evidence.Date {
	t.Helper()
	d, err := evidence.ParseDate(s)
	require.NoError(t, err)
	return d
}

func reasons(r *chain.Report) []string {
	var out []string
	for _, b := range r.Blockers {
		out = append(out, fmt.Sprintf("%s %s t%d %s %s", b.Contract, b.Company, b.Tier, b.Reason, strings.Join(b.Path, ">")))
	}
	return out
}

func TestCheckReasons(t *testing.T) {
	s := newSigner("test signer")
	asOf := "2026-06-01"
	good := func(org string) func(t *testing.T) chain.Supplied {
		return func(t *testing.T) chain.Supplied { return s.supplied(t, org+".json", stmt(org, "2026-01-10", 365)) }
	}
	tests := []struct {
		name     string
		doc      string
		verdicts map[string]func(t *testing.T) chain.Supplied
		want     []string
	}{
		{name: "all good", doc: baseChain, verdicts: map[string]func(*testing.T) chain.Supplied{"a": good("a"), "b": good("b")}},
		{name: "no verdict", doc: baseChain, verdicts: map[string]func(*testing.T) chain.Supplied{"a": good("a")},
			want: []string{"K1 b t2 no_verdict p>a>b"}},
		{name: "expired window", doc: baseChain, verdicts: map[string]func(*testing.T) chain.Supplied{"a": good("a"),
			"b": func(t *testing.T) chain.Supplied { return s.supplied(t, "b.json", stmt("b", "2026-01-10", 90)) }},
			want: []string{"K1 b t2 expired p>a>b"}},
		{name: "too old for the contract", doc: strings.Replace(baseChain, "{status: final}", "{status: final, max_age_days: 100}", 1),
			verdicts: map[string]func(*testing.T) chain.Supplied{"a": good("a"), "b": good("b")},
			want:     []string{"K1 a t1 expired p>a", "K1 b t2 expired p>a>b"}},
		{name: "below: conditional against final", doc: baseChain, verdicts: map[string]func(*testing.T) chain.Supplied{"a": good("a"),
			"b": func(t *testing.T) chain.Supplied {
				st := stmt("b", "2026-01-10", 365)
				st.Decision.CMMCStatus = engine.CMMCConditional
				co := "2026-07-09"
				st.Decision.CloseoutDue = &co
				return s.supplied(t, "b.json", st)
			}},
			want: []string{"K1 b t2 below_requirement p>a>b"}},
		{name: "below: score", doc: strings.Replace(baseChain, "{status: final}", "{status: conditional, min_score: 100}", 1),
			verdicts: map[string]func(*testing.T) chain.Supplied{"a": good("a"),
				"b": func(t *testing.T) chain.Supplied {
					st := stmt("b", "2026-01-10", 365)
					st.Decision.CMMCStatus = engine.CMMCConditional
					n := 95
					st.Decision.DoDScore = &n
					return s.supplied(t, "b.json", st)
				}},
			want: []string{"K1 b t2 below_requirement p>a>b"}},
		{name: "conditional no longer accepted", doc: strings.Replace(baseChain, "{status: final}", "{status: conditional, conditional_until: 2026-05-31}", 1),
			verdicts: map[string]func(*testing.T) chain.Supplied{"a": good("a"),
				"b": func(t *testing.T) chain.Supplied {
					st := stmt("b", "2026-01-10", 365)
					st.Decision.CMMCStatus = engine.CMMCConditional
					return s.supplied(t, "b.json", st)
				}},
			want: []string{"K1 b t2 below_requirement p>a>b"}},
		{name: "site not checked", doc: strings.Replace(baseChain, "{status: final}", "{status: final, site_check: true}", 1),
			verdicts: map[string]func(*testing.T) chain.Supplied{
				"a": func(t *testing.T) chain.Supplied {
					st := stmt("a", "2026-01-10", 365)
					st.Assessment.Type, st.AuditorVerified = evidence.AssessmentAuditor, true
					return s.supplied(t, "a.json", st)
				},
				"b": func(t *testing.T) chain.Supplied {
					st := stmt("b", "2026-01-10", 365)
					st.Assessment.Type = evidence.AssessmentPrime
					return s.supplied(t, "b.json", st)
				}},
			want: []string{"K1 b t2 site_not_checked p>a>b"}},
		{name: "suspended", doc: strings.Replace(baseChain, "  - {id: b, name: B}", "  - {id: b, name: B, suspension: {since: 2026-05-01, reason: incident under investigation}}", 1),
			verdicts: map[string]func(*testing.T) chain.Supplied{"a": good("a"), "b": good("b")},
			want:     []string{"K1 b t2 suspended p>a>b"}},
		{name: "suspension from a later date", doc: strings.Replace(baseChain, "  - {id: b, name: B}", "  - {id: b, name: B, suspension: {since: 2026-07-01, reason: planned}}", 1),
			verdicts: map[string]func(*testing.T) chain.Supplied{"a": good("a"), "b": good("b")}},
		{name: "flow-down missing above the receiver", doc: strings.Replace(baseChain, "{company: a, parent: p, flow_down: true}", "{company: a, parent: p, flow_down: false}", 1),
			verdicts: map[string]func(*testing.T) chain.Supplied{"a": good("a"), "b": good("b")},
			want:     []string{"K1 a t1 flow_down_not_declared p>a"}},
		{name: "only protected receivers count", doc: strings.Replace(baseChain, "{from: a, to: b, protected: true}", "{from: a, to: b, protected: false}", 1),
			verdicts: map[string]func(*testing.T) chain.Supplied{"a": good("a")}},
		{name: "tampered", doc: baseChain, verdicts: map[string]func(*testing.T) chain.Supplied{"a": good("a"),
			"b": func(t *testing.T) chain.Supplied {
				b := s.envelope(t, stmt("b", "2026-01-10", 365))
				var env attest.Envelope
				require.NoError(t, json.Unmarshal(b, &env))
				env.Payload = "X" + env.Payload[1:]
				b, _ = json.Marshal(env)
				return chain.VerifyVerdict("b.json", b, []ed25519.PublicKey{s.pub()})
			}},
			want: []string{"K1 b t2 invalid_signature p>a>b"}},
		{name: "unknown key", doc: baseChain, verdicts: map[string]func(*testing.T) chain.Supplied{"a": good("a"),
			"b": func(t *testing.T) chain.Supplied {
				other := newSigner("someone else")
				return chain.VerifyVerdict("b.json", other.envelope(t, stmt("b", "2026-01-10", 365)), []ed25519.PublicKey{s.pub()})
			}},
			want: []string{"K1 b t2 invalid_signature p>a>b"}},
		{name: "unsigned", doc: baseChain, verdicts: map[string]func(*testing.T) chain.Supplied{"a": good("a"),
			"b": func(t *testing.T) chain.Supplied {
				b, _ := json.Marshal(stmt("b", "2026-01-10", 365))
				return chain.VerifyVerdict("b.json", b, []ed25519.PublicKey{s.pub()})
			}},
			want: []string{"K1 b t2 invalid_signature p>a>b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustParse(t, tt.doc)
			var sup []chain.Supplied
			for _, org := range []string{"a", "b", "c"} {
				if f := tt.verdicts[org]; f != nil {
					sup = append(sup, f(t))
				}
			}
			r, err := chain.Check(c, sup, date(t, asOf))
			require.NoError(t, err)
			assert.Equal(t, tt.want, reasons(r))
			assert.Equal(t, len(tt.want) == 0, r.Summary.Ready)
			for _, b := range r.Blockers {
				assert.NotEmpty(t, b.Message.EN)
				assert.NotEmpty(t, b.Message.JA)
			}
		})
	}
}

func TestInvalidVerdictSaysWhy(t *testing.T) {
	s := newSigner("test signer")
	b := s.envelope(t, stmt("b", "2026-01-10", 365))
	b = []byte(strings.Replace(string(b), `"sig":"`, `"sig":"AAAA`, 1))
	sup := chain.VerifyVerdict("v/b.json", b, []ed25519.PublicKey{s.pub()})
	require.Error(t, sup.Err)
	assert.Equal(t, "b", sup.Org, "attributed by the payload's claim")
	r, err := chain.Check(mustParse(t, baseChain), []chain.Supplied{sup}, date(t, "2026-06-01"))
	require.NoError(t, err)
	var row chain.SupplierResult
	for _, x := range r.Suppliers {
		if x.Company == "b" {
			row = x
		}
	}
	assert.Equal(t, chain.VerdictInvalid, row.Verdict)
	require.NotNil(t, row.Problem)
	assert.Contains(t, row.Problem.EN, "it counts as no verdict")
	assert.Nil(t, row.Score, "no figure from an unverified verdict")
	assert.Empty(t, row.Status)
}

// TestLatestValidVerdict: of several verdicts for one company the latest
// current one counts, and a newer tampered one changes nothing.
func TestLatestValidVerdict(t *testing.T) {
	s := newSigner("test signer")
	keys := []ed25519.PublicKey{s.pub()}
	older := stmt("a", "2025-09-01", 365)
	newer := stmt("a", "2026-02-01", 365)
	n := 101
	newer.Decision.DoDScore = &n
	tampered := s.envelope(t, stmt("a", "2026-03-01", 365))
	tampered = []byte(strings.Replace(string(tampered), `"payload":"`, `"payload":"A`, 1))
	sup := []chain.Supplied{
		s.supplied(t, "a-2025.json", older),
		s.supplied(t, "a-2026.json", newer),
		chain.VerifyVerdict("a-tampered.json", tampered, keys),
	}
	r, err := chain.Check(mustParse(t, baseChain), sup, date(t, "2026-06-01"))
	require.NoError(t, err)
	a := r.Suppliers[0]
	assert.Equal(t, "a", a.Company)
	assert.Equal(t, "a-2026.json", a.File)
	assert.Equal(t, 101, *a.Score)
	assert.Equal(t, chain.VerdictValid, a.Verdict)
}

// TestSites: a site verdict covers its site; a company-wide verdict
// covers every site; a party may name the sites working on a contract.
func TestSites(t *testing.T) {
	doc := strings.Replace(baseChain, "  - {id: b, name: B}", "  - {id: b, name: B, sites: [{id: s1}, {id: s2}]}", 1)
	s := newSigner("test signer")
	a := s.supplied(t, "a.json", stmt("a", "2026-01-10", 365))
	s1 := stmt("b", "2026-01-10", 365)
	s1.Site = "s1"
	r, err := chain.Check(mustParse(t, doc), []chain.Supplied{a, s.supplied(t, "b-s1.json", s1)}, date(t, "2026-06-01"))
	require.NoError(t, err)
	assert.Equal(t, []string{"K1 b t2 no_verdict p>a>b"}, reasons(r))
	assert.Equal(t, "s2", r.Blockers[0].Site)
	require.Len(t, r.Suppliers, 4, "a, b/s1, b/s2, c")
	assert.Equal(t, []string{}, r.Suppliers[1].Blocks, "b/s1 blocks nothing")
	assert.Equal(t, []string{"K1"}, r.Suppliers[2].Blocks, "b/s2 blocks K1")

	// Only s1 works on the contract.
	only := strings.Replace(doc, "{company: b, parent: a, flow_down: true}", "{company: b, parent: a, flow_down: true, sites: [s1]}", 1)
	r, err = chain.Check(mustParse(t, only), []chain.Supplied{a, s.supplied(t, "b-s1.json", s1)}, date(t, "2026-06-01"))
	require.NoError(t, err)
	assert.Empty(t, reasons(r))

	// A company-wide verdict covers both sites.
	r, err = chain.Check(mustParse(t, doc), []chain.Supplied{a, s.supplied(t, "b.json", stmt("b", "2026-01-10", 365))}, date(t, "2026-06-01"))
	require.NoError(t, err)
	assert.Empty(t, reasons(r))
}

func TestAlertWindows(t *testing.T) {
	s := newSigner("test signer")
	// Assessed and issued 2026-01-10, valid 400 days: affirmation due
	// 2027-01-10, verdict expires 2027-02-14.
	st := stmt("a", "2026-01-10", 400)
	tests := []struct {
		asOf string
		want []string // kind/days/window
	}{
		{"2026-10-01", nil},
		{"2026-10-12", []string{"affirmation/90/90"}},
		{"2026-10-13", []string{"affirmation/89/90"}},
		{"2026-11-11", []string{"affirmation/60/60"}},
		{"2026-12-11", []string{"affirmation/30/30", "verdict_expiry/65/90"}},
		{"2027-01-09", []string{"affirmation/1/30", "verdict_expiry/36/60"}},
		{"2027-01-10", nil}, // affirmation due today: lapsed, a blocker, and no alerts
	}
	for _, tt := range tests {
		t.Run(tt.asOf, func(t *testing.T) {
			r, err := chain.Check(mustParse(t, baseChain), []chain.Supplied{s.supplied(t, "a.json", st)}, date(t, tt.asOf))
			require.NoError(t, err)
			var got []string
			for _, a := range r.Alerts {
				if a.Company == "a" {
					got = append(got, fmt.Sprintf("%s/%d/%d", a.Kind, a.DaysLeft, a.Window))
					assert.Equal(t, []string{"K1"}, a.Contracts)
				}
			}
			assert.Equal(t, tt.want, got)
			if tt.asOf == "2027-01-10" {
				assert.Contains(t, reasons(r), "K1 a t1 expired p>a")
			}
		})
	}
}

// TestSignedVerdictCarriesNoDetail: the JSON of a report built from
// signed verdicts holds no findings, gaps or evidence; one built from
// evidence may.
func TestSignedVerdictCarriesNoDetail(t *testing.T) {
	s := newSigner("test signer")
	st := stmt("a", "2026-01-10", 365)
	st.Evidence = []attest.Digest{{File: "secret-network-diagram.pdf", SHA256: "ab"}}
	r, err := chain.Check(mustParse(t, baseChain), []chain.Supplied{s.supplied(t, "a.json", st)}, date(t, "2026-06-01"))
	require.NoError(t, err)
	b, err := json.Marshal(r)
	require.NoError(t, err)
	for _, k := range []string{`"findings"`, `"gaps"`, `"evidence"`, "secret-network-diagram", `"policy_digest"`} {
		assert.NotContains(t, string(b), k)
	}

	v := &engine.Verdict{Organization: evidence.Organization{ID: "b", Name: "B"}}
	score := 80
	v.DoD.Score = &score
	v.CMMC.Status = engine.CMMCNone
	v.Findings = []engine.Finding{{Requirement: "3.5.3", Code: "mfa", Message: engine.Text{EN: "no MFA"}}}
	v.Gaps = []engine.Gap{{Requirement: "3.5.3", Points: 5}}
	r, err = chain.Check(mustParse(t, baseChain), []chain.Supplied{
		s.supplied(t, "a.json", stmt("a", "2026-01-10", 365)),
		chain.FromVerdict("evidence/b", v, date(t, "2026-06-01")),
	}, date(t, "2026-06-01"))
	require.NoError(t, err)
	assert.Equal(t, []string{"K1 b t2 below_requirement p>a>b"}, reasons(r))
	b2 := r.Suppliers[1]
	assert.Equal(t, chain.SourceEvidence, b2.Source)
	assert.Len(t, b2.Findings, 1)
	assert.Len(t, b2.Gaps, 1)
	assert.Nil(t, r.Suppliers[0].Findings)
}

// TestCheckTimes: a verdict issued during the as-of day counts that day.
func TestCheckTimes(t *testing.T) {
	s := newSigner("test signer")
	st := stmt("a", "2026-06-01", 365)
	st.IssuedAt = st.IssuedAt.Add(15 * time.Hour)
	st.ValidFrom = st.IssuedAt
	st.ValidUntil = st.IssuedAt.AddDate(1, 0, 0)
	r, err := chain.Check(mustParse(t, baseChain), []chain.Supplied{s.supplied(t, "a.json", st)}, date(t, "2026-06-01"))
	require.NoError(t, err)
	assert.Equal(t, chain.VerdictValid, r.Suppliers[0].Verdict)
	assert.Equal(t, "2027-06-02", r.Suppliers[0].Expires.String(), "valid until 15:00 on 2027-06-01, so lapsed from the 2nd")
}

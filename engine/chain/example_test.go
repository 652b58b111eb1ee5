package chain_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
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

var update = flag.Bool("update", false, "rewrite the example's signed verdicts and the golden files")

const exampleDir = "../../examples/supply-chain"

// exampleKey is the example-only signing key: derived from a published
// phrase, so anyone can forge it. Only its public half is committed.
func exampleKey() ed25519.PrivateKey {
	seed := sha256.Sum256([]byte("mamori example supply chain — not a real key"))
	return ed25519.NewKeyFromSeed(seed[:])
}

// exampleVerdict describes one supplier's signed verdict in the example.
type exampleVerdict struct {
	org, name, site string
	typ, assessor   string
	assessed        string
	status          string
	score           int
	conformance     attest.Conformance
	issued          string // RFC 3339
	validDays       int
	// tamper alters the signed payload (after signing).
	tamper func(payload string) string
}

var full = attest.Conformance{Implemented: 108, NotApplicable: 2, Total: 110}

// exampleVerdicts are the suppliers' verdicts; the dates are chosen
// against the example's as-of date, 2027-02-01 (see expected.yaml).
var exampleVerdicts = []exampleVerdict{
	// Conditional status from a prime-led assessment (as in
	// examples/kobayashi-electronics): closeout due 2027-03-30, 57 days
	// after the as-of date.
	{org: "kobayashi-electronics", name: "小林電子株式会社", site: "okaya-design", typ: evidence.AssessmentPrime,
		assessor: "中村 美咲", assessed: "2026-10-01", status: engine.CMMCConditional, score: 105,
		conformance: attest.Conformance{Implemented: 104, NotImplemented: 5, NotApplicable: 1, Total: 110},
		issued:      "2026-10-05T09:00:00Z", validDays: 365},
	{org: "hokuto-avionics", name: "北斗アビオニクス株式会社", site: "sendai-1", typ: evidence.AssessmentAuditor,
		assessor: "高橋 誠", assessed: "2026-06-10", status: engine.CMMCFinal, score: 110, conformance: full,
		issued: "2026-06-15T00:00:00Z", validDays: 365},
	{org: "minato-systems", name: "湊システム株式会社", typ: evidence.AssessmentAuditor,
		assessor: "高橋 誠", assessed: "2026-04-10", status: engine.CMMCFinal, score: 110, conformance: full,
		issued: "2026-04-15T00:00:00Z", validDays: 365},
	// The tier-2 machining shop: its verdict ran out on 2026-12-03 and
	// its annual affirmation was due on 2026-12-01.
	{org: "takeuchi-seiki", name: "有限会社竹内精機製作所", typ: evidence.AssessmentSelf,
		assessor: "竹内 一郎", assessed: "2025-12-01", status: engine.CMMCFinal, score: 110, conformance: full,
		issued: "2025-12-03T00:00:00Z", validDays: 365},
	{org: "takeda-kiban", name: "竹田プリント基板株式会社", typ: evidence.AssessmentSelf,
		assessor: "竹田 花子", assessed: "2026-08-20", status: engine.CMMCFinal, score: 110, conformance: full,
		issued: "2026-08-21T00:00:00Z", validDays: 365},
	// Tampered: the signed statement says status none and score 52; the
	// file claims final and 110.
	{org: "yamada-mekki", name: "山田鍍金工業株式会社", typ: evidence.AssessmentSelf,
		assessor: "山田 太郎", assessed: "2026-08-01", status: engine.CMMCNone, score: 52,
		conformance: attest.Conformance{Implemented: 71, NotImplemented: 37, NotApplicable: 2, Total: 110},
		issued:      "2026-08-03T00:00:00Z", validDays: 365,
		tamper: func(p string) string {
			p = strings.Replace(p, `"cmmc_status":"none"`, `"cmmc_status":"final"`, 1)
			return strings.Replace(p, `"dod_score":52`, `"dod_score":110`, 1)
		}},
	{org: "fuji-seimitsu", name: "富士精密電子株式会社", typ: evidence.AssessmentSelf,
		assessor: "富士 健", assessed: "2026-09-01", status: engine.CMMCFinal, score: 110, conformance: full,
		issued: "2026-09-03T00:00:00Z", validDays: 365},
	{org: "mori-software", name: "株式会社森ソフトウェア", typ: evidence.AssessmentAuditor,
		assessor: "高橋 誠", assessed: "2026-05-18", status: engine.CMMCFinal, score: 110, conformance: full,
		issued: "2026-05-20T00:00:00Z", validDays: 365},
	// Tier 3: affirmation due 2027-02-20 and verdict expiring 2027-02-25
	// (alerts within 30 days).
	{org: "ono-netsushori", name: "小野熱処理工業株式会社", typ: evidence.AssessmentSelf,
		assessor: "小野 正", assessed: "2026-02-20", status: engine.CMMCFinal, score: 110, conformance: full,
		issued: "2026-02-25T00:00:00Z", validDays: 365},
	{org: "kaneko-toso", name: "金子塗装株式会社", typ: evidence.AssessmentSelf,
		assessor: "金子 修", assessed: "2026-07-15", status: engine.CMMCFinal, score: 110, conformance: full,
		issued: "2026-07-16T00:00:00Z", validDays: 365},
	{org: "nishi-densen", name: "西電線株式会社", typ: evidence.AssessmentAuditor,
		assessor: "高橋 誠", assessed: "2026-11-05", status: engine.CMMCFinal, score: 110, conformance: full,
		issued: "2026-11-10T00:00:00Z", validDays: 365},
}

// statement builds the signed statement for an example verdict.
func (e exampleVerdict) statement(t *testing.T) attest.Statement {
	t.Helper()
	assessed, err := evidence.ParseDate(e.assessed)
	require.NoError(t, err)
	issued, err := time.Parse(time.RFC3339, e.issued)
	require.NoError(t, err)
	str := func(d evidence.Date) *string { s := d.String(); return &s }
	score := e.score
	dec := attest.Decision{
		Ready:       e.status == engine.CMMCFinal && e.conformance.NotImplemented == 0 && e.conformance.NotAssessed == 0,
		DoDScore:    &score,
		CMMCStatus:  e.status,
		Conformance: e.conformance,
	}
	dec.CoveragePercent = 100
	until := issued.AddDate(0, 0, e.validDays)
	if e.status != engine.CMMCNone {
		dec.AffirmationDue = str(evidence.Date{Time: assessed.AddDate(1, 0, 0)})
		re := evidence.Date{Time: assessed.AddDate(3, 0, 0)}
		dec.ReassessmentDue = str(re)
		until = minTime(until, re.Time)
	}
	if e.status == engine.CMMCConditional {
		c := assessed.AddDays(180)
		dec.CloseoutDue = str(c)
		until = minTime(until, c.Time)
	}
	sum := sha256.Sum256([]byte("example verdict " + e.org + " " + e.assessed))
	return attest.Statement{
		Kind:            attest.KindVerdict,
		Organization:    attest.Organization{ID: e.org, Name: e.name},
		Site:            e.site,
		Decision:        dec,
		Catalog:         attest.Catalog{ID: engine.DefaultCatalog, Version: "Rev. 2 (2020-02-21), SP 800-171A (2018-06)"},
		PolicyDigest:    "sha256:" + strings.Repeat("0", 64),
		Evidence:        []attest.Digest{},
		Assessment:      attest.Assessment{Type: e.typ, Assessor: e.assessor, Date: e.assessed},
		AuditorVerified: e.typ == evidence.AssessmentAuditor,
		IssuedAt:        issued,
		ValidFrom:       issued,
		ValidUntil:      until,
		VerdictSHA256:   hex.EncodeToString(sum[:]),
	}
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// envelope signs (and, for the tampered one, alters) an example verdict.
func (e exampleVerdict) envelope(t *testing.T) []byte {
	t.Helper()
	env, err := attest.Sign(e.statement(t), exampleKey())
	require.NoError(t, err)
	if e.tamper != nil {
		p, err := base64.StdEncoding.DecodeString(env.Payload)
		require.NoError(t, err)
		altered := e.tamper(string(p))
		require.NotEqual(t, string(p), altered, "the tamper function must change the payload")
		env.Payload = base64.StdEncoding.EncodeToString([]byte(altered))
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(env))
	return b.Bytes()
}

// TestExampleVerdicts checks that the example's committed envelopes and
// public key are what the generator makes (Ed25519 signatures are
// deterministic); with -update it writes them.
func TestExampleVerdicts(t *testing.T) {
	pub, err := attest.MarshalPublicKey(exampleKey().Public().(ed25519.PublicKey))
	require.NoError(t, err)
	files := map[string][]byte{"example-signing.pub": pub}
	for _, e := range exampleVerdicts {
		files[filepath.Join("verdicts", e.org+".json")] = e.envelope(t)
	}
	for name, want := range files {
		path := filepath.Join(exampleDir, name)
		if *update {
			require.NoError(t, os.WriteFile(path, want, 0o644))
			continue
		}
		got, err := os.ReadFile(path)
		require.NoError(t, err, "run go test ./engine/chain -run TestExampleVerdicts -update")
		assert.Equal(t, string(want), string(got), "%s is not what the generator makes", path)
	}
	committed, err := filepath.Glob(filepath.Join(exampleDir, "verdicts", "*.json"))
	require.NoError(t, err)
	assert.Len(t, committed, len(exampleVerdicts), "no stray verdict files")
}

// checkExample checks the example as documented.
func checkExample(t *testing.T) *chain.Report {
	t.Helper()
	c, err := chain.Load(filepath.Join(exampleDir, "chain.yaml"))
	require.NoError(t, err)
	keys, err := attest.ReadPublicKeys(c.KeyFiles()...)
	require.NoError(t, err)
	sup, err := chain.ReadVerdicts(filepath.Join(exampleDir, "verdicts"), keys)
	require.NoError(t, err)
	rep, err := chain.Check(c, sup, *c.AsOf)
	require.NoError(t, err)
	return rep
}

// TestExampleGolden compares the example's full JSON report with a
// golden file (-update rewrites it).
func TestExampleGolden(t *testing.T) {
	rep := checkExample(t)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(rep))
	golden := filepath.Join("testdata", "example.golden.json")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(golden, b.Bytes(), 0o644))
		return
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), b.String())
}

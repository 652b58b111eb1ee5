package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/s2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)

func openTest(t *testing.T) (*SQLite, string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "mamori.db")
	s, err := Open(context.Background(), file, Options{})
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s, file
}

// seed registers an organisation with a site.
func seed(t *testing.T, s *SQLite, org, site string) {
	t.Helper()
	ctx := context.Background()
	_, err := s.CreateOrganization(ctx, Organization{ID: org, Name: org + " Co."})
	require.NoError(t, err)
	if site != "" {
		_, err = s.CreateSite(ctx, Site{ID: site, OrgID: org, Name: site})
		require.NoError(t, err)
	}
}

func TestMigrations(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "mamori.db")

	version := func() int {
		db, err := sql.Open("sqlite", DSN(file))
		require.NoError(t, err)
		defer db.Close()
		var v int
		require.NoError(t, db.QueryRow(`SELECT MAX(version) FROM schema_migrations`).Scan(&v))
		return v
	}

	// New database.
	s, err := Open(ctx, file, Options{})
	require.NoError(t, err)
	_, err = s.CreateOrganization(ctx, Organization{ID: "acme", Name: "Acme"})
	require.NoError(t, err)
	require.NoError(t, s.Close())
	assert.Equal(t, SchemaVersion(), version())

	// Existing database: reopening applies nothing and keeps the data.
	s, err = Open(ctx, file, Options{})
	require.NoError(t, err)
	o, err := s.GetOrganization(ctx, "acme")
	require.NoError(t, err)
	assert.Equal(t, "Acme", o.Name)
	var n int
	require.NoError(t, s.DB().QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n))
	assert.Equal(t, SchemaVersion(), n)

	// A newer mamori migrating the database while this one has it open:
	// Generation, which a running server polls, says so.
	_, err = s.Generation(ctx)
	require.NoError(t, err)
	db, err := sql.Open("sqlite", DSN(file))
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future.sql', '')`, SchemaVersion()+1)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	_, err = s.Generation(ctx)
	require.ErrorIs(t, err, ErrSchemaTooNew)
	require.NoError(t, s.Close())

	// A database from a newer mamori is refused.
	_, err = Open(ctx, file, Options{})
	require.ErrorIs(t, err, ErrSchemaTooNew)
}

func TestPragmas(t *testing.T) {
	s, _ := openTest(t)
	for pragma, want := range map[string]string{
		"journal_mode": "wal",
		"synchronous":  "2", // FULL
		"foreign_keys": "1",
		"busy_timeout": "5000",
	} {
		var got string
		require.NoError(t, s.DB().QueryRow(`PRAGMA `+pragma).Scan(&got), pragma)
		assert.Equal(t, want, got, pragma)
	}
}

func TestOrganizationsSitesContracts(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	tests := []struct {
		name string
		org  Organization
	}{
		{"with corporate number and CAGE", Organization{ID: "tsubasa", Name: "Tsubasa Heavy", CorporateNumber: "1234567890123", CAGE: "K1234"}},
		{"name only", Organization{ID: "sato", Name: "Sato Machining"}},
		{"Japanese name", Organization{ID: "koba", Name: "小林電子"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			created, err := s.CreateOrganization(ctx, tt.org)
			require.NoError(t, err)
			got, err := s.GetOrganization(ctx, tt.org.ID)
			require.NoError(t, err)
			assert.Equal(t, created, got)
			assert.False(t, got.CreatedAt.IsZero())
		})
	}
	_, err := s.CreateOrganization(ctx, Organization{ID: "sato", Name: "again"})
	require.ErrorIs(t, err, ErrExists)
	_, err = s.CreateOrganization(ctx, Organization{ID: "x"})
	require.ErrorIs(t, err, ErrInvalid)
	_, err = s.GetOrganization(ctx, "nobody")
	require.ErrorIs(t, err, ErrNotFound)
	orgs, err := s.ListOrganizations(ctx)
	require.NoError(t, err)
	assert.Len(t, orgs, 3)

	_, err = s.CreateSite(ctx, Site{ID: "sato-1", OrgID: "sato", Name: "Main plant"})
	require.NoError(t, err)
	_, err = s.CreateSite(ctx, Site{ID: "ghost-1", OrgID: "ghost", Name: "x"})
	require.ErrorIs(t, err, ErrInvalid, "foreign key")
	site, err := s.GetSite(ctx, "sato-1")
	require.NoError(t, err)
	assert.Equal(t, "sato", site.OrgID)
	sites, err := s.ListSites(ctx, "sato")
	require.NoError(t, err)
	assert.Equal(t, []Site{site}, sites)

	c, err := s.CreateContract(ctx, Contract{ID: "C-1", PrimeOrgID: "tsubasa", SpecialClause: true,
		DesignationRef: "指定書-2026-01", Subcontractors: []string{"sato", "koba"}})
	require.NoError(t, err)
	got, err := s.GetContract(ctx, "C-1")
	require.NoError(t, err)
	assert.Equal(t, c, got)
	assert.Equal(t, []string{"koba", "sato"}, got.Subcontractors)
	_, err = s.CreateContract(ctx, Contract{ID: "C-2", PrimeOrgID: "tsubasa", Subcontractors: []string{"ghost"}})
	require.ErrorIs(t, err, ErrInvalid)
	_, err = s.GetContract(ctx, "C-2")
	require.ErrorIs(t, err, ErrNotFound, "a failed create leaves nothing")
	cs, err := s.ListContracts(ctx)
	require.NoError(t, err)
	assert.Equal(t, []Contract{c}, cs)

	require.NoError(t, s.AssignAuditor(ctx, "auditor-tanaka", "sato-1"))
	require.NoError(t, s.AssignAuditor(ctx, "auditor-tanaka", "sato-1"), "idempotent")
	ok, err := s.AuditorAssigned(ctx, "auditor-tanaka", "sato-1")
	require.NoError(t, err)
	assert.True(t, ok)
	ok, err = s.AuditorAssigned(ctx, "auditor-other", "sato-1")
	require.NoError(t, err)
	assert.False(t, ok)
	sitesOf, err := s.AuditorSites(ctx, "auditor-tanaka")
	require.NoError(t, err)
	assert.Equal(t, []string{"sato-1"}, sitesOf)
}

func TestEvidenceContentAddressed(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "mamori.db")
	s, err := Open(ctx, file, Options{MaxEvidence: 64})
	require.NoError(t, err)
	defer s.Close()
	seed(t, s, "sato", "")

	content := []byte(`{"mamori":"evidence/v1"}`)
	tests := []struct {
		name        string
		ev          Evidence
		wantCreated bool
		wantErr     error
	}{
		{"first", Evidence{OrgID: "sato", Content: content, MediaType: "application/json"}, true, nil},
		{"same content again", Evidence{OrgID: "sato", Content: content, MediaType: "application/yaml"}, false, nil},
		{"too large", Evidence{OrgID: "sato", Content: bytes.Repeat([]byte("x"), 65)}, false, ErrTooLarge},
		{"empty", Evidence{OrgID: "sato"}, false, ErrInvalid},
		{"unknown org", Evidence{OrgID: "ghost", Content: []byte("other")}, false, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, created, err := s.PutEvidence(ctx, tt.ev)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantCreated, created)
			assert.Equal(t, sha256Hex(content), rec.SHA256)
			assert.Equal(t, "application/json", rec.MediaType, "the first submission is kept")
		})
	}
	got, err := s.GetEvidence(ctx, sha256Hex(content))
	require.NoError(t, err)
	assert.Equal(t, content, got.Content)
	assert.Equal(t, int64(len(content)), got.Size)
	var n int
	require.NoError(t, s.DB().QueryRow(`SELECT COUNT(*) FROM evidence`).Scan(&n))
	assert.Equal(t, 1, n)
	require.NoError(t, s.DB().QueryRow(`SELECT COUNT(*) FROM ledger WHERE kind = ?`, KindSubmission).Scan(&n))
	assert.Equal(t, 1, n, "a duplicate is not a new submission")
	_, err = s.DB().Exec(`UPDATE evidence SET content = x'00'`)
	require.Error(t, err, "evidence is immutable")
}

func testVerdict(org, site string, at time.Time) Verdict {
	return Verdict{OrgID: org, SiteID: site, CatalogID: "nist-sp800-171-r2", CatalogVersion: "2.0",
		PolicyDigest: "sha256:abc", EvidenceDigests: []string{"d1", "d2"}, Assessor: "Tanaka",
		CreatedAt: at, ValidUntil: at.AddDate(1, 0, 0),
		VerdictJSON: []byte(`{"mamori":"verdict/v1"}`), EnvelopeJSON: []byte(`{"payloadType":"x"}`)}
}

func TestVerdicts(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	seed(t, s, "sato", "sato-1")

	_, err := s.CurrentVerdict(ctx, "sato", "sato-1")
	require.ErrorIs(t, err, ErrNotFound)

	old, err := s.CreateVerdict(ctx, testVerdict("sato", "sato-1", t0))
	require.NoError(t, err)
	assert.NotEmpty(t, old.ID)
	cur, err := s.CreateVerdict(ctx, testVerdict("sato", "sato-1", t0.Add(time.Hour)))
	require.NoError(t, err)
	orgWide, err := s.CreateVerdict(ctx, testVerdict("sato", "", t0.Add(2*time.Hour)))
	require.NoError(t, err)

	got, err := s.GetVerdict(ctx, old.ID)
	require.NoError(t, err)
	assert.Equal(t, old, got)

	tests := []struct{ site, want string }{{"sato-1", cur.ID}, {"", orgWide.ID}}
	for _, tt := range tests {
		v, err := s.CurrentVerdict(ctx, "sato", tt.site)
		require.NoError(t, err)
		assert.Equal(t, tt.want, v.ID, "site %q", tt.site)
	}
	list, err := s.ListVerdicts(ctx, "sato")
	require.NoError(t, err)
	require.Len(t, list, 3)
	assert.Equal(t, orgWide.ID, list[0].ID)

	bad := testVerdict("sato", "", t0)
	bad.VerdictJSON = []byte("{")
	_, err = s.CreateVerdict(ctx, bad)
	require.ErrorIs(t, err, ErrInvalid)
	_, err = s.CreateVerdict(ctx, testVerdict("ghost", "", t0))
	require.ErrorIs(t, err, ErrInvalid)
	_, err = s.GetVerdict(ctx, "v_nope")
	require.ErrorIs(t, err, ErrNotFound)
}

// A verdict's JSON is stored as an S2 block and read back as it was;
// one stored as it is, as before migration 0006, still reads and
// verifies.
func TestVerdictJSONStoredCompressed(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	seed(t, s, "sato", "sato-1")
	in := testVerdict("sato", "sato-1", t0)
	in.VerdictJSON = []byte(`{"mamori":"verdict/v1","requirements":[` +
		strings.Repeat(`{"id":"03.01.01","status":"not_implemented","findings":["MFA is off for remote access"]},`, 2000) + `{}]}`)
	v, err := s.CreateVerdict(ctx, in)
	require.NoError(t, err)

	var encoding string
	var stored []byte
	require.NoError(t, s.DB().QueryRow(`SELECT verdict_encoding, verdict_json FROM verdicts WHERE id = ?`, v.ID).Scan(&encoding, &stored))
	assert.Equal(t, "s2", encoding)
	assert.Less(t, len(stored), len(in.VerdictJSON)/10, "stored %d bytes of %d", len(stored), len(in.VerdictJSON))

	got, err := s.GetVerdict(ctx, v.ID)
	require.NoError(t, err)
	assert.Equal(t, in.VerdictJSON, got.VerdictJSON)

	// A damaged block is an error, not a verdict.
	_, err = s.DB().ExecContext(ctx, `DROP TRIGGER verdicts_append_only_update`)
	require.NoError(t, err)
	_, err = s.DB().ExecContext(ctx, `UPDATE verdicts SET verdict_encoding = 's2', verdict_json = x'0a01' WHERE id = ?`, v.ID)
	require.NoError(t, err)
	_, err = s.GetVerdict(ctx, v.ID)
	assert.ErrorContains(t, err, "stored verdict JSON is damaged")
	_, err = s.ListVerdicts(ctx, "sato")
	assert.ErrorContains(t, err, "stored verdict JSON is damaged")
	_, err = s.DB().ExecContext(ctx, `UPDATE verdicts SET verdict_encoding = 'zip'`)
	assert.ErrorContains(t, err, "CHECK constraint failed")
}

// A verdict stored before migration 0006, its JSON as it is, reads as
// it was and verifies once migrated.
func TestVerdictJSONStoredBefore0006(t *testing.T) {
	ctx := context.Background()
	file, db := databaseAt(t, 5)
	doc := []byte(`{"mamori":"verdict/v1","score":-42}`)
	_, err := db.Exec(`INSERT INTO organizations (id, name, created_at) VALUES ('sato', 'Sato', '')`)
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO verdicts (id, org_id, catalog_id, catalog_version, policy_digest, evidence_digests, assessor,
		created_at, verdict_json, envelope_json) VALUES ('v_old', 'sato', 'c', '1', 'p', '[]', 'x', ?, ?, '{}')`, fmtTime(t0), doc)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	s, err := Open(ctx, file, Options{})
	require.NoError(t, err)
	defer s.Close()
	got, err := s.CurrentVerdict(ctx, "sato", "")
	require.NoError(t, err)
	assert.Equal(t, doc, got.VerdictJSON)
	rep, err := s.VerifyLedger(ctx)
	require.NoError(t, err)
	assert.True(t, rep.OK(), "%v", rep.Problem)
	assert.EqualValues(t, 2, rep.Adopted)
}

func TestDecodeVerdictJSON(t *testing.T) {
	doc := []byte(`{"mamori":"verdict/v1","score":-42}`)
	tests := []struct {
		name     string
		encoding string
		body     []byte
		want     []byte
		wantErr  string
	}{
		{name: "as it is", body: doc, want: doc},
		{name: "s2", encoding: "s2", body: s2.Encode(nil, doc), want: doc},
		{name: "s2 cut short", encoding: "s2", body: s2.Encode(nil, doc)[:8], wantErr: "damaged"},
		{name: "s2 empty", encoding: "s2", body: nil, wantErr: "damaged"},
		{name: "s2 claiming 1 GiB", encoding: "s2", body: binary.AppendUvarint(nil, 1<<30), wantErr: "over the limit"},
		{name: "unknown encoding", encoding: "zip", body: doc, wantErr: `unknown encoding "zip"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeVerdictJSON(tt.encoding, tt.body)
			if tt.wantErr != "" {
				assert.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestSiteChecksAndSuspensions(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	seed(t, s, "sato", "sato-1")

	tests := []struct {
		name    string
		check   SiteCheck
		wantErr error
	}{
		{"pre pass", SiteCheck{SiteID: "sato-1", Kind: CheckPre, Result: CheckPass, Auditor: "tanaka", Date: t0, ChecklistSHA256: "aa"}, nil},
		{"final fail", SiteCheck{SiteID: "sato-1", Kind: CheckFinal, Result: CheckFail, Auditor: "tanaka", Date: t0.AddDate(0, 0, 7), ChecklistSHA256: "bb"}, nil},
		{"bad kind", SiteCheck{SiteID: "sato-1", Kind: "mid", Result: CheckPass, Auditor: "tanaka", Date: t0, ChecklistSHA256: "cc"}, ErrInvalid},
		{"bad result", SiteCheck{SiteID: "sato-1", Kind: CheckPre, Result: "maybe", Auditor: "tanaka", Date: t0, ChecklistSHA256: "cc"}, ErrInvalid},
		{"no date", SiteCheck{SiteID: "sato-1", Kind: CheckPre, Result: CheckPass, Auditor: "tanaka", ChecklistSHA256: "cc"}, ErrInvalid},
		{"unknown site", SiteCheck{SiteID: "ghost", Kind: CheckPre, Result: CheckPass, Auditor: "tanaka", Date: t0, ChecklistSHA256: "cc"}, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.AddSiteCheck(ctx, tt.check)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
		})
	}
	checks, err := s.ListSiteChecks(ctx, "sato-1")
	require.NoError(t, err)
	require.Len(t, checks, 2)
	assert.Equal(t, CheckFinal, checks[0].Kind, "latest first")
	assert.True(t, checks[0].Date.Equal(t0.AddDate(0, 0, 7)))

	_, err = s.ActiveSuspension(ctx, "sato")
	require.ErrorIs(t, err, ErrNotFound)
	require.ErrorIs(t, s.LiftSuspension(ctx, "sato", "mod", time.Time{}), ErrNotFound)
	sp, err := s.Suspend(ctx, Suspension{OrgID: "sato", Reason: "incident 2026-11-02", By: "mod-officer"})
	require.NoError(t, err)
	act, err := s.ActiveSuspension(ctx, "sato")
	require.NoError(t, err)
	assert.Equal(t, sp, act)
	assert.True(t, act.Active())
	require.NoError(t, s.LiftSuspension(ctx, "sato", "mod-officer", t0.AddDate(0, 1, 0)))
	_, err = s.ActiveSuspension(ctx, "sato")
	require.ErrorIs(t, err, ErrNotFound)
	all, err := s.ListSuspensions(ctx, "sato")
	require.NoError(t, err)
	require.Len(t, all, 1)
	assert.False(t, all[0].Active())
	assert.Equal(t, "mod-officer", all[0].LiftedBy)
}

func TestGateDecisions(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	ds := []GateDecision{
		{Gate: GateMembership, OrgID: "sato", SiteID: "sato-1", Decision: DecisionAllow, VerdictID: "v_1", Signed: []byte(`{"a":1}`)},
		{Gate: GateExchange, OrgID: "sato", SiteID: "sato-1", ContractID: "C-1", Decision: DecisionDeny, Signed: []byte(`{"b":2}`)},
	}
	require.NoError(t, s.RecordGateDecisions(ctx, ds...))
	es, err := s.LedgerEntries(ctx)
	require.NoError(t, err)
	require.Len(t, es, 3)
	assert.Equal(t, KindLedgerFormat, es[0].Kind)
	es = es[1:]
	for i, e := range es {
		assert.Equal(t, KindGateDecision, e.Kind)
		assert.Equal(t, ds[i].Signed, e.Record, "the entry keeps the signed decision")
		assert.Equal(t, sha256Hex(ds[i].Signed), e.PayloadSHA256)
	}
	assert.Equal(t, "gate:exchange decision:"+ds[1].ID+" org:sato site:sato-1 contract:C-1 verdict: outcome:deny", es[1].Subject)

	for _, bad := range []GateDecision{
		{Gate: "lobby", OrgID: "sato", Decision: DecisionAllow, Signed: []byte("x")},
		{Gate: GateMembership, OrgID: "sato", Decision: "maybe", Signed: []byte("x")},
		{Gate: GateMembership, Decision: DecisionAllow, Signed: []byte("x")},
		{Gate: GateMembership, OrgID: "sato", Decision: DecisionAllow},
	} {
		require.ErrorIs(t, s.RecordGateDecisions(ctx, ds[0], bad), ErrInvalid, "%+v", bad)
	}
	var n int
	require.NoError(t, s.DB().QueryRow(`SELECT COUNT(*) FROM ledger WHERE kind = ?`, KindGateDecision).Scan(&n))
	assert.Equal(t, 2, n, "a group with a bad decision records none")
}

func TestTokensHashedOnly(t *testing.T) {
	ctx := context.Background()
	s, file := openTest(t)
	seed(t, s, "sato", "")

	tests := []struct {
		name    string
		tok     Token
		wantErr error
	}{
		{"company", Token{Subject: "sato-it", Role: RoleCompany, OrgID: "sato"}, nil},
		{"auditor", Token{Subject: "auditor-tanaka", Role: RoleAuditor}, nil},
		{"gate", Token{Subject: "dsg-gate", Role: RoleGate}, nil},
		{"company needs org", Token{Subject: "x", Role: RoleCompany}, ErrInvalid},
		{"unknown role", Token{Subject: "x", Role: "root"}, ErrInvalid},
	}
	raws := map[string]Token{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, raw, err := s.CreateToken(ctx, tt.tok)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.True(t, strings.HasPrefix(raw, TokenPrefix))
			raws[raw] = tok
			got, err := s.LookupToken(ctx, raw)
			require.NoError(t, err)
			assert.Equal(t, tok, got)
		})
	}
	require.Len(t, raws, 3)
	_, err := s.LookupToken(ctx, "mamori_wrong")
	require.ErrorIs(t, err, ErrNotFound)

	var revoked string
	for raw, tok := range raws {
		if tok.Role == RoleGate {
			require.NoError(t, s.RevokeToken(ctx, tok.ID))
			_, err := s.LookupToken(ctx, raw)
			require.ErrorIs(t, err, ErrNotFound, "revoked")
			revoked = tok.ID
		}
	}
	require.ErrorIs(t, s.RevokeToken(ctx, revoked), ErrNotFound, "already revoked")
	list, err := s.ListTokens(ctx)
	require.NoError(t, err)
	assert.Len(t, list, 3)

	// No raw token anywhere in the database files, WAL included.
	require.NoError(t, s.Close())
	files, err := filepath.Glob(file + "*")
	require.NoError(t, err)
	var all []byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		all = append(all, b...)
	}
	require.NotEmpty(t, all)
	for raw, tok := range raws {
		assert.False(t, bytes.Contains(all, []byte(raw)), "raw token found in the database")
		assert.True(t, bytes.Contains(all, []byte(HashToken(raw))), "hash of token %s not stored", tok.ID)
	}
}

func TestContextCancelled(t *testing.T) {
	s, _ := openTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.CreateOrganization(ctx, Organization{ID: "a", Name: "A"})
	require.Error(t, err)
	_, err = s.GetOrganization(ctx, "a")
	require.Error(t, err)
	require.NotErrorIs(t, err, ErrNotFound)
}

func TestGeneration(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	gen := func() int64 {
		n, err := s.Generation(ctx)
		require.NoError(t, err)
		return n
	}
	g0 := gen()
	seed(t, s, "sato", "sato-1")
	g1 := gen()
	assert.Greater(t, g1, g0, "registering moves the generation")

	require.NoError(t, s.RecordGateDecisions(ctx, GateDecision{Gate: GateMembership, OrgID: "sato", Decision: DecisionDeny, Signed: []byte("s")}))
	assert.Equal(t, g1, gen(), "a gate decision is not a change the gates read")

	_, err := s.Suspend(ctx, Suspension{OrgID: "sato", Reason: "incident", By: "mod"})
	require.NoError(t, err)
	g2 := gen()
	assert.Greater(t, g2, g1)
	require.NoError(t, s.LiftSuspension(ctx, "sato", "mod", time.Time{}))
	assert.Greater(t, gen(), g2)
}

func TestCreateSubmissionAllOrNothing(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	seed(t, s, "sato", "sato-1")
	evs := []Evidence{{OrgID: "sato", MediaType: "application/yaml", Content: []byte("a: 1\n")},
		{OrgID: "sato", MediaType: "application/yaml", Content: []byte("b: 2\n")}}
	v, err := s.CreateSubmission(ctx, evs, testVerdict("sato", "sato-1", t0))
	require.NoError(t, err)
	assert.Equal(t, []string{sha256Hex([]byte("a: 1\n")), sha256Hex([]byte("b: 2\n"))}, v.EvidenceDigests)
	got, err := s.GetVerdict(ctx, v.ID)
	require.NoError(t, err)
	assert.Equal(t, v.EvidenceDigests, got.EvidenceDigests)

	// A verdict that cannot be stored takes its evidence with it.
	bad := testVerdict("nobody", "", t0)
	_, err = s.CreateSubmission(ctx, []Evidence{{OrgID: "sato", Content: []byte("c: 3\n")}}, bad)
	require.Error(t, err)
	_, err = s.GetEvidence(ctx, sha256Hex([]byte("c: 3\n")))
	assert.ErrorIs(t, err, ErrNotFound)
	rep, err := s.VerifyLedger(ctx)
	require.NoError(t, err)
	assert.True(t, rep.OK())
	assert.EqualValues(t, 6, rep.Entries) // the format entry, the organisation, the site, two submissions and a verdict
}

func TestCheckpointPages(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "mamori.db"), Options{CheckpointPages: 200})
	require.NoError(t, err)
	defer s.Close()
	var n int
	require.NoError(t, s.DB().QueryRow(`PRAGMA wal_autocheckpoint`).Scan(&n))
	assert.Equal(t, 200, n)
}

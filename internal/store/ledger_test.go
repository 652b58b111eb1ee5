package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// secret is evidence content that must never reach the ledger.
const secret = "SECRET-EVIDENCE-CONTENT-firewall-rule-4711"

// populate makes one ledger entry of every kind; 9 entries in all.
func populate(t *testing.T, s *SQLite) {
	t.Helper()
	ctx := context.Background()
	seed(t, s, "sato", "sato-1")
	_, _, err := s.PutEvidence(ctx, Evidence{OrgID: "sato", Content: []byte(`{"note":"` + secret + `"}`)})
	require.NoError(t, err)
	_, err = s.CreateVerdict(ctx, testVerdict("sato", "sato-1", t0))
	require.NoError(t, err)
	_, err = s.AddSiteCheck(ctx, SiteCheck{SiteID: "sato-1", Kind: CheckPre, Result: CheckPass, Auditor: "tanaka", Date: t0, ChecklistSHA256: "aa"})
	require.NoError(t, err)
	require.NoError(t, s.RecordGateDecisions(ctx, GateDecision{Gate: GateMembership, OrgID: "sato", SiteID: "sato-1",
		Decision: DecisionDeny, Signed: []byte(`{"payload":"...","signatures":[]}`)}))
	_, err = s.Suspend(ctx, Suspension{OrgID: "sato", Reason: "incident", By: "mod"})
	require.NoError(t, err)
	require.NoError(t, s.LiftSuspension(ctx, "sato", "mod", time.Time{}))
	tok, _, err := s.CreateToken(ctx, Token{Subject: "sato-it", Role: RoleCompany, OrgID: "sato"})
	require.NoError(t, err)
	require.NoError(t, s.RevokeToken(ctx, tok.ID))
	_, err = s.CreateVerdict(ctx, testVerdict("sato", "sato-1", t0.Add(time.Hour)))
	require.NoError(t, err)
}

// TestLedgerCanonical checks that entries are hashed over the JSON
// encoding/json writes for them, as every ledger before was: every byte
// in every field, and entries shaped like the store's.
func TestLedgerCanonical(t *testing.T) {
	base := LedgerEntry{Seq: 42, Time: "2026-11-23T05:00:00.123456789Z", Kind: KindGateDecision,
		Subject:       "gate:membership decision:g_1 org:sato site:suwa contract: verdict:v_1 outcome:allow",
		PayloadSHA256: strings.Repeat("ab", 32), PrevHash: strings.Repeat("0f", 32)}
	tests := []LedgerEntry{base, {}, {Seq: -1, PrevHash: GenesisHash}, {Seq: 1, PrevHash: "not hex"}}
	for c := range 256 {
		for _, field := range []func(*LedgerEntry) *string{
			func(e *LedgerEntry) *string { return &e.Time },
			func(e *LedgerEntry) *string { return &e.Kind },
			func(e *LedgerEntry) *string { return &e.Subject },
			func(e *LedgerEntry) *string { return &e.PayloadSHA256 },
			func(e *LedgerEntry) *string { return &e.PrevHash },
		} {
			e := base
			*field(&e) = "a" + string([]byte{byte(c)}) + "z"
			tests = append(tests, e)
		}
	}
	tests = append(tests, LedgerEntry{Subject: "org:株式会社 site:\u2028 <&>"})
	for _, e := range tests {
		j, err := json.Marshal(e)
		require.NoError(t, err)
		require.Equal(t, string(j), string(e.appendCanonical(nil)), "%q", e)
		prev, err := hex.DecodeString(e.PrevHash)
		if err != nil {
			prev = []byte(e.PrevHash)
		}
		sum := sha256.Sum256(append(prev, j...))
		require.Equal(t, hex.EncodeToString(sum[:]), e.ComputeHash(), "%q", e)
	}
}

func TestLedgerClean(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	rep, err := s.VerifyLedger(ctx)
	require.NoError(t, err)
	assert.True(t, rep.OK(), "empty ledger")
	assert.Zero(t, rep.Entries)

	populate(t, s)
	rep, err = s.VerifyLedger(ctx)
	require.NoError(t, err)
	require.True(t, rep.OK(), "%v", rep.Problem)
	assert.EqualValues(t, 9, rep.Entries)
	assert.EqualValues(t, 9, rep.LastSeq)

	es, err := s.LedgerEntries(ctx)
	require.NoError(t, err)
	var kinds []string
	for _, e := range es {
		kinds = append(kinds, e.Kind)
	}
	assert.Equal(t, []string{KindSubmission, KindVerdict, KindSiteCheck, KindGateDecision, KindSuspension,
		KindSuspensionLifted, KindTokenCreated, KindTokenRevoked, KindVerdict}, kinds)
	assert.Equal(t, GenesisHash, es[0].PrevHash)
	for i := 1; i < len(es); i++ {
		assert.Equal(t, es[i-1].Hash, es[i].PrevHash)
	}
}

func TestLedgerNoEvidenceContent(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	populate(t, s)
	rows, err := s.DB().QueryContext(ctx, `SELECT seq, time, kind, subject, payload_sha256, prev_hash, hash FROM ledger`)
	require.NoError(t, err)
	defer rows.Close()
	n := 0
	for rows.Next() {
		var cols [7]string
		require.NoError(t, rows.Scan(&cols[0], &cols[1], &cols[2], &cols[3], &cols[4], &cols[5], &cols[6]))
		for _, c := range cols {
			assert.NotContains(t, c, secret)
			assert.NotContains(t, c, "firewall")
		}
		n++
	}
	require.NoError(t, rows.Err())
	assert.Equal(t, 9, n)
}

func TestLedgerTampering(t *testing.T) {
	tests := []struct {
		name     string
		tamper   []string
		wantSeq  int64
		wantKind string
	}{
		{"subject altered", []string{`UPDATE ledger SET subject = 'org:someone-else' WHERE seq = 4`}, 4, ProblemAltered},
		{"payload digest altered", []string{`UPDATE ledger SET payload_sha256 = 'ff' WHERE seq = 2`}, 2, ProblemAltered},
		{"time altered", []string{`UPDATE ledger SET time = '2020-01-01T00:00:00.000000000Z' WHERE seq = 1`}, 1, ProblemAltered},
		{"middle entry deleted", []string{`DELETE FROM ledger WHERE seq = 5`}, 5, ProblemDeleted},
		{"two entries deleted", []string{`DELETE FROM ledger WHERE seq IN (3, 4)`}, 3, ProblemDeleted},
		{"first entry deleted", []string{`DELETE FROM ledger WHERE seq = 1`}, 1, ProblemDeleted},
		{"deleted and renumbered", []string{
			`DELETE FROM ledger WHERE seq = 5`,
			`UPDATE ledger SET seq = seq - 1 WHERE seq > 5`,
			`UPDATE ledger_head SET seq = seq - 1`,
		}, 5, ProblemRelinked},
		{"entry altered and rehashed", []string{
			// Recomputing one hash is not enough: the next entry's
			// prev_hash gives it away.
			`UPDATE ledger SET hash = '` + strings.Repeat("1", 64) + `' WHERE seq = 6`,
		}, 6, ProblemAltered},
		{"last entry deleted", []string{`DELETE FROM ledger WHERE seq = 9`}, 9, ProblemTruncated},
		{"tail deleted", []string{`DELETE FROM ledger WHERE seq >= 7`}, 7, ProblemTruncated},
		{"head deleted", []string{`DELETE FROM ledger_head`}, 9, ProblemHead},
		{"last entry deleted with head moved back, hash stale", []string{
			`DELETE FROM ledger WHERE seq = 9`, `UPDATE ledger_head SET seq = 8`,
		}, 8, ProblemHead},
		// The records themselves, against the entries that ledgered them.
		{"evidence content altered", []string{
			`DROP TRIGGER evidence_immutable`, `UPDATE evidence SET content = x'00'`,
		}, 1, ProblemRecordAltered},
		{"verdict altered", []string{`UPDATE verdicts SET verdict_json = '{"ready":true}' WHERE rowid = 1`}, 2, ProblemRecordAltered},
		{"verdict's encoding altered", []string{`UPDATE verdicts SET verdict_encoding = '' WHERE rowid = 1`}, 2, ProblemRecordAltered},
		{"verdict's block cut short", []string{`UPDATE verdicts SET verdict_json = substr(verdict_json, 1, 4) WHERE rowid = 1`}, 2, ProblemRecordAltered},
		{"site check result flipped", []string{`UPDATE site_checks SET result = 'fail'`}, 3, ProblemRecordAltered},
		{"gate decision altered", []string{`UPDATE ledger SET record = x'00' WHERE kind = 'gate_decision'`}, 4, ProblemRecordAltered},
		{"gate decision deleted", []string{`UPDATE ledger SET record = NULL WHERE kind = 'gate_decision'`}, 4, ProblemRecordMissing},
		{"record added to a verdict's entry", []string{`UPDATE ledger SET record = x'00' WHERE seq = 2`}, 2, ProblemRecordAltered},
		{"gate decision altered after a later record", []string{
			`UPDATE ledger SET record = x'00' WHERE kind = 'gate_decision'`,
			`UPDATE suspensions SET reason = 'nothing happened'`,
		}, 4, ProblemRecordAltered},
		{"gate decision altered before an earlier record", []string{
			`UPDATE ledger SET record = x'00' WHERE kind = 'gate_decision'`,
			`UPDATE site_checks SET result = 'fail'`,
		}, 3, ProblemRecordAltered},
		{"suspension reason altered", []string{`UPDATE suspensions SET reason = 'nothing happened'`}, 5, ProblemRecordAltered},
		{"verdict added outside the store", []string{`INSERT INTO verdicts (id, org_id, site_id, catalog_id, catalog_version,
			policy_digest, evidence_digests, assessor, created_at, valid_until, verdict_json, envelope_json)
			VALUES ('v_forged', 'sato', 'sato-1', 'c', '1', 'p', '[]', 'x', '2026-01-01T00:00:00.000000000Z', '', '{}', '')`},
			0, ProblemUnledgered},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s, _ := openTest(t)
			populate(t, s)
			for _, q := range tt.tamper {
				_, err := s.DB().ExecContext(ctx, q)
				require.NoError(t, err, q)
			}
			rep, err := s.VerifyLedger(ctx)
			require.NoError(t, err)
			require.False(t, rep.OK(), "tampering not detected")
			assert.Equal(t, tt.wantSeq, rep.Problem.Seq, rep.Problem.String())
			assert.Equal(t, tt.wantKind, rep.Problem.Kind, rep.Problem.String())
		})
	}
}

// The report says what differs between a record and its entry, though
// verification keeps only a digest of each entry.
func TestLedgerRecordDetail(t *testing.T) {
	tests := []struct{ tamper, want string }{
		{`UPDATE ledger SET record = x'00' WHERE kind = 'gate_decision'`, `the gate_decision g_`},
		{`UPDATE site_checks SET result = 'fail'`, `has result "fail", the entry recorded "pass"`},
		{`UPDATE verdicts SET verdict_json = '{}' WHERE rowid = 1`, `no longer has the digest this entry recorded`},
		{`UPDATE ledger SET record = NULL WHERE kind = 'gate_decision'`, `that this entry records is gone`},
	}
	for _, tt := range tests {
		t.Run(tt.tamper, func(t *testing.T) {
			ctx := context.Background()
			s, _ := openTest(t)
			populate(t, s)
			_, err := s.DB().ExecContext(ctx, tt.tamper)
			require.NoError(t, err)
			rep, err := s.VerifyLedger(ctx)
			require.NoError(t, err)
			require.False(t, rep.OK())
			assert.Contains(t, rep.Problem.Detail, tt.want)
		})
	}
}

func TestLedgerConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	seed(t, s, "sato", "sato-1")
	const workers, each = 8, 25
	errs := make(chan error, workers)
	for w := range workers {
		go func() {
			for i := range each {
				v := testVerdict("sato", "sato-1", t0.Add(time.Duration(w*each+i)*time.Second))
				if _, err := s.CreateVerdict(ctx, v); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range workers {
		require.NoError(t, <-errs)
	}
	rep, err := s.VerifyLedger(ctx)
	require.NoError(t, err)
	require.True(t, rep.OK(), "%v", rep.Problem)
	assert.EqualValues(t, workers*each, rep.Entries)
}

// Migration 0004 moves the signed gate decisions of a database written
// before it from their table into their ledger entries.
func TestMigrationKeepsGateDecisionsInLedger(t *testing.T) {
	ctx := context.Background()
	file, db := databaseAt(t, 3)
	// Two decisions as the earlier schema kept them, with a suspension
	// between them.
	prev := GenesisHash
	signed := map[string][]byte{"g_01": []byte(`{"one":1}`), "g_02": []byte(`{"two":2}`)}
	for i, e := range []LedgerEntry{
		{Kind: KindGateDecision, Subject: "gate:membership decision:g_01 org:sato site:sato-1 contract: verdict:v_1 outcome:allow", PayloadSHA256: sha256Hex(signed["g_01"])},
		{Kind: KindSuspension, Subject: "suspension:s_1 org:sato by:mod", PayloadSHA256: sha256Hex([]byte("incident"))},
		{Kind: KindGateDecision, Subject: "gate:exchange decision:g_02 org:sato site:sato-1 contract:C-1 verdict:v_1 outcome:deny", PayloadSHA256: sha256Hex(signed["g_02"])},
	} {
		e.Seq, e.Time, e.PrevHash = int64(i+1), fmtTime(t0), prev
		e.Hash = e.ComputeHash()
		prev = e.Hash
		_, err := db.Exec(`INSERT INTO ledger (seq, time, kind, subject, payload_sha256, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			e.Seq, e.Time, e.Kind, e.Subject, e.PayloadSHA256, e.PrevHash, e.Hash)
		require.NoError(t, err)
	}
	_, err := db.Exec(`INSERT INTO ledger_head (id, seq, hash) VALUES (1, 3, ?)`, prev)
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO organizations (id, name, created_at) VALUES ('sato', 'Sato', '')`)
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO suspensions (id, org_id, reason, since, suspended_by) VALUES ('s_1', 'sato', 'incident', '', 'mod')`)
	require.NoError(t, err)
	for id, gate := range map[string]string{"g_01": "membership", "g_02": "exchange"} {
		_, err = db.Exec(`INSERT INTO gate_decisions (id, gate, org_id, decision, reasons, signed, created_at) VALUES (?, ?, 'sato', 'deny', '[]', ?, '')`,
			id, gate, signed[id])
		require.NoError(t, err)
	}
	require.NoError(t, db.Close())

	s, err := Open(ctx, file, Options{})
	require.NoError(t, err)
	defer s.Close()
	rep, err := s.VerifyLedger(ctx)
	require.NoError(t, err)
	require.True(t, rep.OK(), "%v", rep.Problem)
	es, err := s.LedgerEntries(ctx)
	require.NoError(t, err)
	require.Len(t, es, 3)
	assert.Equal(t, signed["g_01"], es[0].Record)
	assert.Nil(t, es[1].Record)
	assert.Equal(t, signed["g_02"], es[2].Record)
	var n int
	require.NoError(t, s.DB().QueryRow(`SELECT COUNT(*) FROM sqlite_schema WHERE name = 'gate_decisions'`).Scan(&n))
	assert.Zero(t, n, "the gate_decisions table is dropped")
}

// TestMigrationDropsOrganizationTier opens a version 4 database whose
// organisation has the tier and prime columns set: version 5 drops them
// and keeps the rest of the organisation, and a new one can be created.
func TestMigrationDropsOrganizationTier(t *testing.T) {
	ctx := context.Background()
	file, db := databaseAt(t, 4)
	_, err := db.Exec(`INSERT INTO organizations (id, name, corporate_number, cage, tier, prime, created_at)
		VALUES ('sato', '佐藤精機', '1234567890123', 'K0001', 2, 'tsubasa', ?)`, fmtTime(t0))
	require.NoError(t, err)
	require.NoError(t, db.Close())

	s, err := Open(ctx, file, Options{})
	require.NoError(t, err)
	defer s.Close()
	got, err := s.GetOrganization(ctx, "sato")
	require.NoError(t, err)
	assert.Equal(t, Organization{ID: "sato", Name: "佐藤精機", CorporateNumber: "1234567890123", CAGE: "K0001", CreatedAt: t0}, got)
	var n int
	require.NoError(t, s.DB().QueryRow(`SELECT COUNT(*) FROM pragma_table_info('organizations') WHERE name IN ('tier', 'prime')`).Scan(&n))
	assert.Zero(t, n, "the tier and prime columns are dropped")
	gen, err := s.Generation(ctx)
	require.NoError(t, err)
	_, err = s.CreateOrganization(ctx, Organization{ID: "koba", Name: "小林電子"})
	require.NoError(t, err)
	after, err := s.Generation(ctx)
	require.NoError(t, err)
	assert.Greater(t, after, gen, "the generation triggers still fire")
}

// databaseAt makes a database as an earlier mamori left it, at schema
// version n, and returns its file and a connection to fill it with.
func databaseAt(t *testing.T, n int) (string, *sql.DB) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "mamori.db")
	ms, err := loadMigrations()
	require.NoError(t, err)
	db, err := sql.Open("sqlite", DSN(file))
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	_, err = db.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
	require.NoError(t, err)
	for _, m := range ms[:n] {
		_, err := db.Exec(m.sql)
		require.NoError(t, err, m.name)
		_, err = db.Exec(`INSERT INTO schema_migrations VALUES (?, ?, '')`, m.version, m.name)
		require.NoError(t, err)
	}
	return file, db
}

// TestVerdictDigestChecked checks a verdict's digest given by its
// creator: a right one verifies like one the store computed, and a
// wrong one is found by the ledger's check of records.
func TestVerdictDigestChecked(t *testing.T) {
	tests := []struct {
		name   string
		digest func(v Verdict) string
		ok     bool
	}{
		{"computed by the store", func(Verdict) string { return "" }, true},
		{"given, right", func(v Verdict) string { return sha256Hex(v.VerdictJSON) }, true},
		{"given, wrong", func(Verdict) string { return strings.Repeat("0", 64) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s, _ := openTest(t)
			seed(t, s, "sato", "sato-1")
			v := testVerdict("sato", "sato-1", t0)
			v.SHA256 = tt.digest(v)
			_, err := s.CreateVerdict(ctx, v)
			require.NoError(t, err)
			rep, err := s.VerifyLedger(ctx)
			require.NoError(t, err)
			if tt.ok {
				assert.True(t, rep.OK(), "%+v", rep.Problem)
				return
			}
			require.NotNil(t, rep.Problem)
			assert.Equal(t, ProblemRecordAltered, rep.Problem.Kind)
		})
	}
}

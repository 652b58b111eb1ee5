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
	assert.EqualValues(t, 3+workers*each, rep.Entries, "the format entry, the organisation, the site and the verdicts")
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
	require.Len(t, es, 6, "the three entries, then migration 0007's format entry and the organisation and suspension adopted")
	assert.Equal(t, signed["g_01"], es[0].Record)
	assert.Nil(t, es[1].Record)
	assert.Equal(t, signed["g_02"], es[2].Record)
	assert.Equal(t, []string{KindLedgerFormat, KindAdopted, KindAdopted}, []string{es[3].Kind, es[4].Kind, es[5].Kind})
	assert.EqualValues(t, 2, rep.Adopted)
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

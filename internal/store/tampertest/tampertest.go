// Package tampertest holds the tampering cases that "mamori audit
// verify" must detect: a ledger with a record in every table, and edits
// made directly to the database as an insider with write access to the
// file would make them (foreign keys off, the store's triggers dropped).
// The store's tests run them against VerifyLedger and the CLI's through
// "mamori audit verify".
package tampertest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/internal/store"
)

// Key signs the checkpoints of the cases.
var Key = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, 32))

// OtherKey is a key that is not the server's.
var OtherKey = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{8}, 32))

// T0 is the time of the records Populate makes.
var T0 = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)

// Secret is evidence content that must never reach the ledger.
const Secret = "SECRET-EVIDENCE-CONTENT-firewall-rule-4711"

// IDs are the records Populate made.
type IDs struct {
	Evidence, V1, V2, Check, Decision string
	// Lifted is a suspension lifted, Active one in force.
	Lifted, Active string
	// Token is a company token in use, Revoked one revoked, Gate the
	// gate's.
	Token, Revoked, Gate string
}

// Entries is the number of ledger entries Populate leaves.
const Entries = 20

// Populate records one of everything, in this order:
//
//	 1 ledger_format             11 gate_decision
//	 2 organization sato         12 suspension (Lifted)
//	 3 site sato-1               13 suspension_lifted
//	 4 organization tsubasa      14 token_created (Token, company)
//	 5 contract C-1              15 token_created (Revoked)
//	 6 contract_subcontractor    16 token_revoked
//	 7 auditor_assigned          17 suspension (Active)
//	 8 submission                18 verdict (V2)
//	 9 verdict (V1)              19 gate_decision
//	10 site_check                20 gate_decision
func Populate(t testing.TB, s *store.SQLite) IDs {
	t.Helper()
	ctx := context.Background()
	var ids IDs
	must := func(err error) {
		t.Helper()
		require.NoError(t, err)
	}
	_, err := s.CreateOrganization(ctx, store.Organization{ID: "sato", Name: "佐藤精機", CorporateNumber: "1234567890123"})
	must(err)
	_, err = s.CreateSite(ctx, store.Site{ID: "sato-1", OrgID: "sato", Name: "諏訪工場"})
	must(err)
	_, err = s.CreateOrganization(ctx, store.Organization{ID: "tsubasa", Name: "Tsubasa Heavy"})
	must(err)
	_, err = s.CreateContract(ctx, store.Contract{ID: "C-1", PrimeOrgID: "tsubasa", SpecialClause: true,
		DesignationRef: "指定書 第2026-001号", Subcontractors: []string{"sato"}})
	must(err)
	must(s.AssignAuditor(ctx, "auditor-tanaka", "sato-1"))
	ev, _, err := s.PutEvidence(ctx, store.Evidence{OrgID: "sato", MediaType: "application/json",
		Content: []byte(`{"note":"` + Secret + `"}`), SubmittedBy: "sato-it"})
	must(err)
	ids.Evidence = ev.SHA256
	v, err := s.CreateVerdict(ctx, verdict(T0))
	must(err)
	ids.V1 = v.ID
	c, err := s.AddSiteCheck(ctx, store.SiteCheck{SiteID: "sato-1", Kind: store.CheckPre, Result: store.CheckPass,
		Auditor: "auditor-tanaka", Date: T0, ChecklistSHA256: strings.Repeat("a", 64)})
	must(err)
	ids.Check = c.ID
	ids.Decision = "g_0001"
	must(s.RecordGateDecisions(ctx, decision(ids.Decision)))
	sp, err := s.Suspend(ctx, store.Suspension{OrgID: "sato", Reason: "incident 2026-11-01", By: "mod-admin"})
	must(err)
	ids.Lifted = sp.ID
	must(s.LiftSuspension(ctx, "sato", "mod-admin", time.Time{}))
	tok, _, err := s.CreateToken(ctx, store.Token{Subject: "sato-it", Role: store.RoleCompany, OrgID: "sato"})
	must(err)
	ids.Token = tok.ID
	tok, _, err = s.CreateToken(ctx, store.Token{Subject: "sato-old", Role: store.RoleCompany, OrgID: "sato"})
	must(err)
	ids.Revoked = tok.ID
	must(s.RevokeToken(ctx, tok.ID))
	sp, err = s.Suspend(ctx, store.Suspension{OrgID: "sato", Reason: "audit finding", By: "mod-admin"})
	must(err)
	ids.Active = sp.ID
	v, err = s.CreateVerdict(ctx, verdict(T0.Add(time.Hour)))
	must(err)
	ids.V2 = v.ID
	must(s.RecordGateDecisions(ctx, decision("g_0002"), decision("g_0003")))
	return ids
}

// Template is a populated database that each case starts from a copy
// of: populating takes a score of synced commits.
type Template struct {
	file string
	IDs  IDs
}

// NewTemplate populates a database in t's temporary directory.
func NewTemplate(t testing.TB) *Template {
	t.Helper()
	file := filepath.Join(t.TempDir(), "mamori.db")
	s, err := store.Open(context.Background(), file, store.Options{})
	require.NoError(t, err)
	ids := Populate(t, s)
	require.NoError(t, s.Close())
	return &Template{file: file, IDs: ids}
}

// Open opens a copy of the template in t's temporary directory, and
// returns it with its file.
func (tm *Template) Open(t testing.TB) (*store.SQLite, string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "mamori.db")
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(tm.file + suffix)
		if suffix != "" && errors.Is(err, fs.ErrNotExist) {
			continue
		}
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(file+suffix, b, 0o600))
	}
	s, err := store.Open(context.Background(), file, store.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s, file
}

func verdict(at time.Time) store.Verdict {
	return store.Verdict{OrgID: "sato", SiteID: "sato-1", CatalogID: "nist-sp800-171-r2", CatalogVersion: "2.0",
		PolicyDigest: "sha256:abc", EvidenceDigests: []string{"d1", "d2"}, Assessor: "sato-it",
		CreatedAt: at, ValidUntil: at.AddDate(1, 0, 0),
		VerdictJSON:  []byte(`{"mamori":"verdict/v1","at":"` + at.Format(time.RFC3339) + `"}`),
		EnvelopeJSON: []byte(`{"payloadType":"x","at":"` + at.Format(time.RFC3339) + `"}`)}
}

func decision(id string) store.GateDecision {
	return store.GateDecision{ID: id, Gate: store.GateMembership, OrgID: "sato", SiteID: "sato-1",
		Decision: store.DecisionDeny, Signed: []byte(`{"payload":"` + id + `","signatures":[]}`)}
}

// Want is what verification must report.
type Want struct {
	Seq                      int64
	Kind, Table, Key, Column string
}

// Case is one tampering: SQL run directly against the database, or an
// edit in Go, and what audit verify must name. With Checkpoint, the
// populated ledger is checkpointed before the edit and verified against
// the checkpoint: without it, the edit passes (a ledger inside the
// database it protects cannot show it by itself).
type Case struct {
	Name       string
	SQL        func(IDs) []string
	Edit       func(t testing.TB, db *sql.DB)
	Checkpoint bool
	Want       func(IDs) Want
}

func sqls(qs ...string) func(IDs) []string { return func(IDs) []string { return qs } }

func want(seq int64, kind, table, key, column string) func(IDs) Want {
	return func(IDs) Want { return Want{seq, kind, table, key, column} }
}

// Cases are the tampering cases. The first group changes the ledger
// itself; the second the records it binds, each named by table, key
// and column; the third are the edits that passed before every record
// that decides access was bound to the ledger (migration 0007); the last
// rewrite or roll back the ledger, which only a checkpoint shows.
func Cases() []Case {
	return []Case{
		// The ledger.
		{Name: "subject altered", SQL: sqls(`UPDATE ledger SET subject = 'org:someone-else' WHERE seq = 11`),
			Want: want(11, store.ProblemAltered, "ledger", "11", "")},
		{Name: "payload digest altered", SQL: sqls(`UPDATE ledger SET payload_sha256 = 'ff' WHERE seq = 9`),
			Want: want(9, store.ProblemAltered, "ledger", "9", "")},
		{Name: "time altered", SQL: sqls(`UPDATE ledger SET time = '2020-01-01T00:00:00.000000000Z' WHERE seq = 1`),
			Want: want(1, store.ProblemAltered, "ledger", "1", "")},
		{Name: "middle entry deleted", SQL: sqls(`DELETE FROM ledger WHERE seq = 12`),
			Want: want(12, store.ProblemDeleted, "ledger", "12", "seq")},
		{Name: "two entries deleted", SQL: sqls(`DELETE FROM ledger WHERE seq IN (3, 4)`),
			Want: want(3, store.ProblemDeleted, "ledger", "3", "seq")},
		{Name: "first entry deleted", SQL: sqls(`DELETE FROM ledger WHERE seq = 1`),
			Want: want(1, store.ProblemDeleted, "ledger", "1", "seq")},
		{Name: "deleted and renumbered", SQL: sqls(
			`DELETE FROM ledger WHERE seq = 12`,
			`UPDATE ledger SET seq = seq - 1 WHERE seq > 12`,
			`UPDATE ledger_head SET seq = seq - 1`,
		), Want: want(12, store.ProblemRelinked, "ledger", "12", "prev_hash")},
		// Recomputing one hash is not enough: the next entry's prev_hash
		// gives it away.
		{Name: "entry altered and rehashed", SQL: sqls(`UPDATE ledger SET hash = '` + strings.Repeat("1", 64) + `' WHERE seq = 13`),
			Want: want(13, store.ProblemAltered, "ledger", "13", "")},
		{Name: "last entry deleted", SQL: sqls(`DELETE FROM ledger WHERE seq = 20`),
			Want: want(20, store.ProblemTruncated, "ledger_head", "1", "seq")},
		{Name: "tail deleted", SQL: sqls(`DELETE FROM ledger WHERE seq >= 15`),
			Want: want(15, store.ProblemTruncated, "ledger_head", "1", "seq")},
		{Name: "head deleted", SQL: sqls(`DELETE FROM ledger_head`),
			Want: want(20, store.ProblemHead, "ledger_head", "1", "")},
		{Name: "last entry deleted with head moved back, hash stale", SQL: sqls(
			`DELETE FROM ledger WHERE seq = 20`, `UPDATE ledger_head SET seq = 19`,
		), Want: want(19, store.ProblemHead, "ledger_head", "1", "hash")},
		{Name: "gate decision altered", SQL: sqls(`UPDATE ledger SET record = x'00' WHERE seq = 11`),
			Want: want(11, store.ProblemRecordAltered, "ledger", "11", "record")},
		{Name: "gate decision deleted", SQL: sqls(`UPDATE ledger SET record = NULL WHERE seq = 11`),
			Want: want(11, store.ProblemRecordMissing, "ledger", "11", "record")},
		{Name: "row record of an entry altered", SQL: sqls(`UPDATE ledger SET record = CAST(replace(CAST(record AS TEXT), 'company', 'admin') AS BLOB) WHERE seq = 14`),
			Want: want(14, store.ProblemRecordAltered, "ledger", "14", "record")},
		{Name: "row record of an entry removed", SQL: sqls(`UPDATE ledger SET record = NULL WHERE seq = 14`),
			Want: want(14, store.ProblemRecordMissing, "ledger", "14", "record")},
		{Name: "record added to the format entry", SQL: sqls(`UPDATE ledger SET record = x'00' WHERE seq = 1`),
			Want: want(1, store.ProblemRecordAltered, "ledger", "1", "record")},

		// Records against the entries that recorded them.
		{Name: "evidence content altered", SQL: func(ids IDs) []string {
			return []string{`UPDATE evidence SET content = x'00'`}
		}, Want: func(ids IDs) Want { return Want{8, store.ProblemRecordAltered, "evidence", ids.Evidence, "content"} }},
		{Name: "verdict altered", SQL: func(ids IDs) []string {
			return []string{`UPDATE verdicts SET verdict_json = '{"ready":true}' WHERE id = '` + ids.V1 + `'`}
		}, Want: func(ids IDs) Want { return Want{9, store.ProblemRecordAltered, "verdicts", ids.V1, "verdict_json"} }},
		{Name: "verdict's encoding altered", SQL: func(ids IDs) []string {
			return []string{`UPDATE verdicts SET verdict_encoding = '' WHERE id = '` + ids.V1 + `'`}
		}, Want: func(ids IDs) Want { return Want{9, store.ProblemRecordAltered, "verdicts", ids.V1, "verdict_json"} }},
		{Name: "verdict's block cut short", SQL: func(ids IDs) []string {
			return []string{`UPDATE verdicts SET verdict_json = substr(verdict_json, 1, 4) WHERE id = '` + ids.V1 + `'`}
		}, Want: func(ids IDs) Want { return Want{9, store.ProblemRecordAltered, "verdicts", ids.V1, "verdict_json"} }},
		{Name: "site check result flipped", SQL: sqls(`UPDATE site_checks SET result = 'fail'`),
			Want: func(ids IDs) Want { return Want{10, store.ProblemRecordAltered, "site_checks", ids.Check, "result"} }},
		{Name: "gate decision altered after a later record", SQL: sqls(
			`UPDATE ledger SET record = x'00' WHERE seq = 11`,
			`UPDATE suspensions SET reason = 'nothing happened'`,
		), Want: want(11, store.ProblemRecordAltered, "ledger", "11", "record")},
		{Name: "gate decision altered before an earlier record", SQL: sqls(
			`UPDATE ledger SET record = x'00' WHERE seq = 11`,
			`UPDATE site_checks SET result = 'fail'`,
		), Want: func(ids IDs) Want { return Want{10, store.ProblemRecordAltered, "site_checks", ids.Check, "result"} }},
		{Name: "suspension reason altered", SQL: func(ids IDs) []string {
			return []string{`UPDATE suspensions SET reason = 'nothing happened' WHERE id = '` + ids.Active + `'`}
		}, Want: func(ids IDs) Want { return Want{17, store.ProblemRecordAltered, "suspensions", ids.Active, "reason"} }},
		{Name: "verdict added outside the store", SQL: sqls(`INSERT INTO verdicts (id, org_id, site_id, catalog_id, catalog_version,
			policy_digest, evidence_digests, assessor, created_at, valid_until, verdict_json, envelope_json)
			VALUES ('v_forged', 'sato', 'sato-1', 'c', '1', 'p', '[]', 'x', '2026-01-01T00:00:00.000000000Z', '', '{}', '')`),
			Want: want(0, store.ProblemUnledgered, "verdicts", "v_forged", "")},
		{Name: "organization renamed", SQL: sqls(`UPDATE organizations SET name = 'Someone Else' WHERE id = 'sato'`),
			Want: want(2, store.ProblemRecordAltered, "organizations", "sato", "name")},
		{Name: "contract's special clause dropped", SQL: sqls(`UPDATE contracts SET special_clause = 0`),
			Want: want(5, store.ProblemRecordAltered, "contracts", "C-1", "special_clause")},
		{Name: "subcontractor moved under another", SQL: sqls(`UPDATE contract_subcontractors SET parent = 'tsubasa'`),
			Want: want(6, store.ProblemRecordAltered, "contract_subcontractors", "C-1/sato", "parent")},
		{Name: "site moved to another organisation", SQL: sqls(`UPDATE sites SET org_id = 'tsubasa'`),
			Want: want(3, store.ProblemRecordAltered, "sites", "sato-1", "org_id")},
		{Name: "organization added outside the store", SQL: sqls(`INSERT INTO organizations (id, name, created_at) VALUES ('ghost', 'Ghost', '')`),
			Want: want(0, store.ProblemUnledgered, "organizations", "ghost", "")},
		{Name: "token's hash swapped", SQL: func(ids IDs) []string {
			return []string{`UPDATE tokens SET hash = '` + strings.Repeat("b", 64) + `' WHERE id = '` + ids.Token + `'`}
		}, Want: func(ids IDs) Want { return Want{14, store.ProblemRecordAltered, "tokens", ids.Token, "hash"} }},
		{Name: "token moved to another organisation", SQL: func(ids IDs) []string {
			return []string{`UPDATE tokens SET org_id = 'tsubasa' WHERE id = '` + ids.Token + `'`}
		}, Want: func(ids IDs) Want { return Want{14, store.ProblemRecordAltered, "tokens", ids.Token, "org_id"} }},
		{Name: "token added outside the store", SQL: sqls(`INSERT INTO tokens (id, hash, subject, role, org_id, created_at)
			VALUES ('tok_forged', '` + strings.Repeat("c", 64) + `', 'x', 'admin', '', '')`),
			Want: want(0, store.ProblemUnledgered, "tokens", "tok_forged", "")},

		// Each of these passed "audit verify" before migration 0007
		// bound every row that decides access to the ledger.
		{Name: "active suspension lifted", SQL: func(ids IDs) []string {
			return []string{`UPDATE suspensions SET lifted_at = '2026-11-02T00:00:00.000000000Z', lifted_by = 'mod-admin' WHERE id = '` + ids.Active + `'`}
		}, Want: func(ids IDs) Want {
			return Want{17, store.ProblemRecordAltered, "suspensions", ids.Active, "lifted_at"}
		}},
		{Name: "suspension's since changed", SQL: func(ids IDs) []string {
			return []string{`UPDATE suspensions SET since = '2030-01-01T00:00:00.000000000Z' WHERE id = '` + ids.Active + `'`}
		}, Want: func(ids IDs) Want { return Want{17, store.ProblemRecordAltered, "suspensions", ids.Active, "since"} }},
		{Name: "company token made admin", SQL: func(ids IDs) []string {
			return []string{`UPDATE tokens SET role = 'admin' WHERE id = '` + ids.Token + `'`}
		}, Want: func(ids IDs) Want { return Want{14, store.ProblemRecordAltered, "tokens", ids.Token, "role"} }},
		{Name: "revoked token un-revoked", SQL: func(ids IDs) []string {
			return []string{`UPDATE tokens SET revoked_at = '' WHERE id = '` + ids.Revoked + `'`}
		}, Want: func(ids IDs) Want { return Want{16, store.ProblemRecordAltered, "tokens", ids.Revoked, "revoked_at"} }},
		{Name: "token deleted", SQL: func(ids IDs) []string {
			return []string{`DELETE FROM tokens WHERE id = '` + ids.Token + `'`}
		}, Want: func(ids IDs) Want { return Want{14, store.ProblemRecordMissing, "tokens", ids.Token, ""} }},
		{Name: "verdict's valid_until extended", SQL: func(ids IDs) []string {
			return []string{`UPDATE verdicts SET valid_until = '2036-01-01T00:00:00.000000000Z' WHERE id = '` + ids.V2 + `'`}
		}, Want: func(ids IDs) Want { return Want{18, store.ProblemRecordAltered, "verdicts", ids.V2, "valid_until"} }},
		{Name: "verdict's created_at moved", SQL: func(ids IDs) []string {
			return []string{`UPDATE verdicts SET created_at = '2030-01-01T00:00:00.000000000Z' WHERE id = '` + ids.V1 + `'`}
		}, Want: func(ids IDs) Want { return Want{9, store.ProblemRecordAltered, "verdicts", ids.V1, "created_at"} }},
		{Name: "verdict's assessor changed", SQL: func(ids IDs) []string {
			return []string{`UPDATE verdicts SET assessor = 'auditor-tanaka' WHERE id = '` + ids.V2 + `'`}
		}, Want: func(ids IDs) Want { return Want{18, store.ProblemRecordAltered, "verdicts", ids.V2, "assessor"} }},
		{Name: "verdict's evidence digests changed", SQL: func(ids IDs) []string {
			return []string{`UPDATE verdicts SET evidence_digests = '["d9"]' WHERE id = '` + ids.V2 + `'`}
		}, Want: func(ids IDs) Want {
			return Want{18, store.ProblemRecordAltered, "verdicts", ids.V2, "evidence_digests"}
		}},
		{Name: "two verdicts' envelopes swapped", SQL: func(ids IDs) []string {
			return []string{`UPDATE verdicts SET envelope_json = CASE id
				WHEN '` + ids.V1 + `' THEN (SELECT envelope_json FROM verdicts WHERE id = '` + ids.V2 + `')
				ELSE (SELECT envelope_json FROM verdicts WHERE id = '` + ids.V1 + `') END
				WHERE id IN ('` + ids.V1 + `', '` + ids.V2 + `')`}
		}, Want: func(ids IDs) Want { return Want{9, store.ProblemRecordAltered, "verdicts", ids.V1, "envelope_json"} }},
		{Name: "auditor assigned outside the store", SQL: sqls(`INSERT INTO auditor_assignments (subject, site_id, created_at)
			VALUES ('auditor-insider', 'sato-1', '2026-11-01T00:00:00.000000000Z')`),
			Want: want(0, store.ProblemUnledgered, "auditor_assignments", "auditor-insider/sato-1", "")},
		{Name: "subcontractor removed from a contract", SQL: sqls(`DELETE FROM contract_subcontractors WHERE contract_id = 'C-1' AND org_id = 'sato'`),
			Want: want(6, store.ProblemRecordMissing, "contract_subcontractors", "C-1/sato", "")},
		{Name: "tail rolled back with the head moved to match", SQL: sqls(
			`DELETE FROM ledger WHERE seq > 18`,
			`UPDATE ledger_head SET seq = 18, hash = (SELECT hash FROM ledger WHERE seq = 18)`,
		), Checkpoint: true, Want: want(19, store.ProblemRolledBack, "ledger", "19", "")},

		// A history rewritten and rehashed to the end: the chain and
		// every record are consistent again, and only a checkpoint shows.
		{Name: "gate decision removed and the rest renumbered and rehashed", Edit: func(t testing.TB, db *sql.DB) {
			Exec(t, db, `DELETE FROM ledger WHERE seq = 11`)
			Exec(t, db, `UPDATE ledger SET seq = seq - 1 WHERE seq > 11`)
			Rehash(t, db, 11)
		}, Checkpoint: true, Want: want(20, store.ProblemRolledBack, "ledger", "20", "")},
		{Name: "gate decision rewritten and the chain rehashed", Edit: func(t testing.TB, db *sql.DB) {
			forged := []byte(`{"payload":"allow","signatures":[]}`)
			sum := sha256.Sum256(forged)
			Exec(t, db, `UPDATE ledger SET record = ?, payload_sha256 = ? WHERE seq = 11`, forged, hex.EncodeToString(sum[:]))
			Rehash(t, db, 11)
		}, Checkpoint: true, Want: want(20, store.ProblemRewritten, "ledger", "20", "hash")},
	}
}

// Rehash recomputes the hash of every entry from seq on, each over the
// one before, and moves the head to the last: what an insider who knows
// the hashing (it is public) can do after changing an entry.
func Rehash(t testing.TB, db *sql.DB, seq int64) {
	t.Helper()
	rows, err := db.Query(`SELECT seq, time, kind, subject, payload_sha256 FROM ledger WHERE seq >= ? ORDER BY seq`, seq)
	require.NoError(t, err)
	var es []store.LedgerEntry
	for rows.Next() {
		var e store.LedgerEntry
		require.NoError(t, rows.Scan(&e.Seq, &e.Time, &e.Kind, &e.Subject, &e.PayloadSHA256))
		es = append(es, e)
	}
	require.NoError(t, rows.Err())
	rows.Close()
	prev := store.GenesisHash
	if seq > 1 {
		require.NoError(t, db.QueryRow(`SELECT hash FROM ledger WHERE seq = ?`, seq-1).Scan(&prev))
	}
	for _, e := range es {
		e.PrevHash = prev
		e.Hash = e.ComputeHash()
		Exec(t, db, `UPDATE ledger SET prev_hash = ?, hash = ? WHERE seq = ?`, e.PrevHash, e.Hash, e.Seq)
		prev = e.Hash
	}
	Exec(t, db, `UPDATE ledger_head SET seq = (SELECT MAX(seq) FROM ledger), hash = ?`, prev)
}

// Exec runs a statement as an insider would: with the store's triggers
// dropped and foreign keys off.
func Exec(t testing.TB, db *sql.DB, q string, args ...any) {
	t.Helper()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	require.NoError(t, err)
	defer conn.Close()
	_, err = conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`)
	require.NoError(t, err)
	defer conn.ExecContext(ctx, `PRAGMA foreign_keys = ON`)
	triggers := Strings(t, conn, `SELECT name FROM sqlite_master WHERE type = 'trigger' AND (name LIKE '%append_only%' OR name = 'evidence_immutable')`)
	tx, err := conn.BeginTx(ctx, nil)
	require.NoError(t, err)
	defer tx.Rollback()
	for _, n := range triggers {
		_, err := tx.ExecContext(ctx, `DROP TRIGGER `+n)
		require.NoError(t, err)
	}
	_, err = tx.ExecContext(ctx, q, args...)
	require.NoError(t, err, q)
	require.NoError(t, tx.Commit())
}

// Apply makes the case's edit.
func (c Case) Apply(t testing.TB, db *sql.DB, ids IDs) {
	t.Helper()
	if c.SQL != nil {
		for _, q := range c.SQL(ids) {
			Exec(t, db, q)
		}
	}
	if c.Edit != nil {
		c.Edit(t, db)
	}
}

// Checkpoint signs a checkpoint of the ledger as it is, with Key.
func Checkpoint(t testing.TB, s store.Store) (store.Checkpoint, []byte) {
	t.Helper()
	ctx := context.Background()
	var tree store.LedgerTree
	require.NoError(t, tree.Extend(ctx, s, 0))
	var first string
	require.NoError(t, s.LedgerHashes(ctx, 0, 1, func(_ int64, _, hash string) error { first = hash; return nil }))
	cp, err := tree.Checkpoint(store.Origin(first), T0.Add(24*time.Hour))
	require.NoError(t, err)
	signed, err := store.SignCheckpoint(cp, Key)
	require.NoError(t, err)
	return cp, signed
}

// Strings runs a query of one text column and returns its values.
func Strings(t testing.TB, db interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, q string, args ...any) []string {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), q, args...)
	require.NoError(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		require.NoError(t, rows.Scan(&v))
		out = append(out, v)
	}
	require.NoError(t, rows.Err())
	return out
}

package store_test

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/internal/store/tampertest"
)

func open(t *testing.T) *store.SQLite {
	t.Helper()
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "mamori.db"), store.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

func TestLedgerClean(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	rep, err := s.VerifyLedger(ctx)
	require.NoError(t, err)
	assert.True(t, rep.OK(), "%v", rep.Problem)
	assert.EqualValues(t, 1, rep.Entries, "the format entry")

	tampertest.Populate(t, s)
	rep, err = s.VerifyLedger(ctx)
	require.NoError(t, err)
	require.True(t, rep.OK(), "%v", rep.Problem)
	assert.EqualValues(t, tampertest.Entries, rep.Entries)
	assert.EqualValues(t, tampertest.Entries, rep.LastSeq)
	assert.EqualValues(t, 3, rep.Kept)
	assert.Zero(t, rep.Adopted)

	es, err := s.LedgerEntries(ctx)
	require.NoError(t, err)
	var kinds []string
	for _, e := range es {
		kinds = append(kinds, e.Kind)
	}
	assert.Equal(t, []string{store.KindLedgerFormat, store.KindOrganization, store.KindSite, store.KindOrganization,
		store.KindContract, store.KindContractParty, store.KindAuditorAssigned, store.KindSubmission, store.KindVerdict,
		store.KindSiteCheck, store.KindGateDecision, store.KindSuspension, store.KindSuspensionLifted,
		store.KindTokenCreated, store.KindTokenCreated, store.KindTokenRevoked, store.KindSuspension, store.KindVerdict,
		store.KindGateDecision, store.KindGateDecision}, kinds)
	assert.Equal(t, store.GenesisHash, es[0].PrevHash)
	for i := 1; i < len(es); i++ {
		assert.Equal(t, es[i-1].Hash, es[i].PrevHash)
	}
	assert.Equal(t, store.Origin(es[0].Hash), rep.Origin)

	// Every table is listed, with its rows: one of each but two
	// organisations, verdicts, suspensions and three tokens.
	rows := map[string]int64{}
	for _, tc := range rep.Tables {
		rows[tc.Table] = tc.Rows
	}
	assert.Equal(t, map[string]int64{"organizations": 2, "sites": 1, "contracts": 1, "contract_subcontractors": 1,
		"auditor_assignments": 1, "evidence": 1, "verdicts": 2, "site_checks": 1, "suspensions": 2, "tokens": 2,
		"ledger": tampertest.Entries, "ledger_head": 1, "generation": 1, "schema_migrations": int64(store.SchemaVersion())}, rows)
}

func TestLedgerNoEvidenceContent(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	tampertest.Populate(t, s)
	rows, err := s.DB().QueryContext(ctx, `SELECT seq, time, kind, subject, payload_sha256, prev_hash, hash, COALESCE(record, '') FROM ledger`)
	require.NoError(t, err)
	defer rows.Close()
	n := 0
	for rows.Next() {
		var cols [8]string
		require.NoError(t, rows.Scan(&cols[0], &cols[1], &cols[2], &cols[3], &cols[4], &cols[5], &cols[6], &cols[7]))
		for _, c := range cols {
			assert.NotContains(t, c, tampertest.Secret)
			assert.NotContains(t, c, "firewall")
			assert.NotContains(t, c, "incident", "a suspension's reason is kept as its digest")
		}
		n++
	}
	require.NoError(t, rows.Err())
	assert.Equal(t, tampertest.Entries, n)
}

// TestTampering edits the database directly, as an insider with write
// access to the file would, and expects verification to name the entry,
// the table, the row's key and the column of the first difference.
func TestTampering(t *testing.T) {
	var detected atomic.Int64
	cases := tampertest.Cases()
	tmpl := tampertest.NewTemplate(t)
	for _, tt := range cases {
		t.Run(tt.Name, func(t *testing.T) {
			ctx := context.Background()
			s, _ := tmpl.Open(t)
			ids := tmpl.IDs
			var cps []store.Checkpoint
			if tt.Checkpoint {
				cp, _ := tampertest.Checkpoint(t, s)
				cps = append(cps, cp)
			}
			tt.Apply(t, s.DB(), ids)
			if tt.Checkpoint {
				// Without the checkpoint, nothing inside the database shows it.
				rep, err := s.VerifyLedger(ctx)
				require.NoError(t, err)
				require.True(t, rep.OK(), "%v", rep.Problem)
			}
			rep, err := s.VerifyLedger(ctx, cps...)
			require.NoError(t, err)
			require.False(t, rep.OK(), "tampering not detected")
			p := rep.Problem
			assert.Equal(t, tt.Want(ids), tampertest.Want{Seq: p.Seq, Kind: p.Kind, Table: p.Table, Key: p.Key, Column: p.Column}, p.String())
			assert.NotEmpty(t, p.Detail)
			assert.NotEmpty(t, p.DetailJA)
			if !t.Failed() {
				detected.Add(1)
			}
		})
	}
	t.Logf("tampering cases: %d, detected with the table, key and column named: %d", len(cases), detected.Load())
}

// TestEveryColumnBound changes each column of each recorded table in
// turn, directly in the database, and expects verification to name it.
func TestEveryColumnBound(t *testing.T) {
	// Values that keep the table's CHECK constraints, and the column
	// reported when it is not the one changed.
	set := map[string]string{
		"site_checks.kind": "'final'", "site_checks.result": "'fail'", "tokens.role": "'admin'",
		"verdicts.verdict_encoding": "''",
	}
	reported := map[string]string{"verdicts.verdict_encoding": "verdict_json"}
	tmpl := tampertest.NewTemplate(t)
	for _, spec := range store.Tables() {
		for _, c := range spec.Columns {
			name := spec.Name + "." + c.Name
			t.Run(name, func(t *testing.T) {
				ctx := context.Background()
				s, _ := tmpl.Open(t)
				value, ok := set[name]
				if !ok {
					value = fmt.Sprintf(`CASE typeof(%[1]s) WHEN 'integer' THEN %[1]s + 1 WHEN 'blob' THEN CAST(%[1]s || 'x' AS BLOB) ELSE %[1]s || 'x' END`, c.Name)
				}
				tampertest.Exec(t, s.DB(), fmt.Sprintf(`UPDATE %s SET %s = %s WHERE rowid = (SELECT rowid FROM %[1]s ORDER BY %s LIMIT 1)`,
					spec.Name, c.Name, value, strings.Join(spec.Key, ", ")))
				rep, err := s.VerifyLedger(ctx)
				require.NoError(t, err)
				require.False(t, rep.OK(), "%s changed and not detected", name)
				assert.Equal(t, spec.Name, rep.Problem.Table, rep.Problem.String())
				if slices.Contains(spec.Key, c.Name) {
					// The row recorded is gone; one with another key is there.
					assert.Equal(t, store.ProblemRecordMissing, rep.Problem.Kind, rep.Problem.String())
					return
				}
				want := c.Name
				if r, ok := reported[name]; ok {
					want = r
				}
				assert.Equal(t, store.ProblemRecordAltered, rep.Problem.Kind, rep.Problem.String())
				assert.Equal(t, want, rep.Problem.Column, rep.Problem.String())
			})
		}
	}
}

// TestEveryTableCovered lists the schema's tables and columns and
// requires each to be declared in store.Tables: a table added by a
// migration fails here until it is said how the ledger covers it.
func TestEveryTableCovered(t *testing.T) {
	s := open(t)
	declared := map[string]store.TableSpec{}
	for _, spec := range store.Tables() {
		declared[spec.Name] = spec
	}
	tables := tampertest.Strings(t, s.DB(), `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	require.NotEmpty(t, tables)
	for _, name := range tables {
		spec, ok := declared[name]
		if !assert.True(t, ok, "table %s is not declared in store.Tables: say how the ledger covers it", name) {
			continue
		}
		delete(declared, name)
		switch spec.Coverage {
		case store.CoverAppendOnly, store.CoverLastChange:
		case store.CoverChain, store.CoverNothing:
			assert.NotEmpty(t, spec.Why, "table %s: say why", name)
			continue
		default:
			t.Errorf("table %s: unknown coverage %q", name, spec.Coverage)
			continue
		}
		assert.NotEmpty(t, spec.Kinds, "table %s: the entry kinds that record its rows", name)
		cols := tampertest.Strings(t, s.DB(), `SELECT name FROM pragma_table_info(?) ORDER BY cid`, name)
		var recorded []string
		for _, c := range spec.Columns {
			recorded = append(recorded, c.Name)
		}
		assert.ElementsMatch(t, cols, recorded, "table %s: every column must be in its row record", name)
		// Append-only tables refuse updates and deletes; the others,
		// deletes.
		triggers := tampertest.Strings(t, s.DB(), `SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name LIKE '%append_only%'`, name)
		assert.Contains(t, triggers, name+"_append_only_delete")
		if spec.Coverage == store.CoverAppendOnly && name != "evidence" { // evidence_immutable refuses updates
			assert.Contains(t, triggers, name+"_append_only_update")
		}
	}
	for name := range declared {
		t.Errorf("store.Tables declares %s, which the schema does not have", name)
	}
}

// A checkpoint signed by another key is refused; one from this key
// opens to what was signed.
func TestCheckpointKey(t *testing.T) {
	s := open(t)
	tampertest.Populate(t, s)
	cp, signed := tampertest.Checkpoint(t, s)
	got, err := store.OpenCheckpoint(signed, tampertest.Key.Public().(ed25519.PublicKey))
	require.NoError(t, err)
	assert.Equal(t, cp, got)
	_, err = store.OpenCheckpoint(signed, tampertest.OtherKey.Public().(ed25519.PublicKey))
	require.ErrorIs(t, err, store.ErrCheckpointKey)

	other, err := store.SignCheckpoint(cp, tampertest.OtherKey)
	require.NoError(t, err)
	_, err = store.OpenCheckpoint(other, tampertest.Key.Public().(ed25519.PublicKey))
	require.ErrorIs(t, err, store.ErrCheckpointKey)

	for name, b := range map[string][]byte{
		"empty":        nil,
		"not a ledger": []byte("example.com/log\n1\nAAAA\n\n— example.com/log AAAA\n"),
		"unsigned":     []byte(strings.SplitAfter(string(signed), "\n\n")[0]),
		"body altered": []byte(strings.Replace(string(signed), "\n20\n", "\n21\n", 1)),
	} {
		_, err := store.OpenCheckpoint(b, tampertest.Key.Public().(ed25519.PublicKey))
		assert.Error(t, err, name)
		assert.NotErrorIs(t, err, nil, name)
	}
}

package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine/attest"
	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/internal/store/tampertest"
)

func TestAuditVerifyFlags(t *testing.T) {
	tests := []flagCase[auditVerifyOptions]{
		{name: "default db", args: "", want: auditVerifyOptions{DB: "./mamori.db", Lang: "en"}},
		{name: "db", args: "--db /tmp/x.db", want: auditVerifyOptions{DB: "/tmp/x.db", Lang: "en"}},
		{name: "checkpoints", args: "--checkpoint a --checkpoint b --key k.pub --lang ja",
			want: auditVerifyOptions{DB: "./mamori.db", Checkpoints: []string{"a", "b"}, Keys: []string{"k.pub"}, Lang: "ja"}},
		{name: "checkpoint without key", args: "--checkpoint a", wantErr: "--checkpoint needs the server's public key"},
		{name: "empty db", args: "--db=", wantErr: "--db FILE must not be empty"},
		{name: "bad lang", args: "--lang fr", wantErr: `invalid --lang "fr"`},
		{name: "no arguments", args: "x.db", wantErr: "unknown command"},
	}
	testFlags(t, newAuditVerifyCmd, tests)
}

func TestAuditCheckpointFlags(t *testing.T) {
	tests := []flagCase[auditCheckpointOptions]{
		{name: "defaults", args: "-o cp", want: auditCheckpointOptions{DB: "./mamori.db", KeyFile: "./mamori-server.key", OutFile: "cp", Lang: "en"}},
		{name: "all", args: "--db d --key k --out cp --lang ja", want: auditCheckpointOptions{DB: "d", KeyFile: "k", OutFile: "cp", Lang: "ja"}},
		{name: "the old spelling", args: "--db d --key k --output cp", wantErr: "use -o/--out cp"},
		{name: "no output", args: "", wantErr: "-o/--out FILE is required"},
		{name: "empty key", args: "--key= -o cp", wantErr: "--db and --key must not be empty"},
	}
	testFlags(t, newAuditCheckpointCmd, tests)
}

func TestAuditConsistencyFlags(t *testing.T) {
	tests := []flagCase[auditConsistencyOptions]{
		{name: "proof", args: "a b --key k --proof p", want: auditConsistencyOptions{Old: "a", New: "b", Keys: []string{"k"}, ProofFile: "p", Lang: "en"}},
		{name: "db", args: "a b --key k --db d -o p", want: auditConsistencyOptions{Old: "a", New: "b", Keys: []string{"k"}, DB: "d", OutFile: "p", Lang: "en"}},
		{name: "no key", args: "a b", wantErr: "--key PUB is required"},
		{name: "proof and db", args: "a b --key k --proof p --db d", wantErr: "give one"},
		{name: "output without db", args: "a b --key k -o p", wantErr: "-o FILE writes the proof computed from --db"},
		{name: "one checkpoint", args: "a --key k", wantErr: "accepts 2 arg(s)"},
	}
	testFlags(t, newAuditConsistencyCmd, tests)
}

// keyFiles writes the tampering cases' signing key and its public key.
func keyFiles(t *testing.T, dir string) (priv, pub string) {
	t.Helper()
	priv, pub = filepath.Join(dir, "server.key"), filepath.Join(dir, "server.pub")
	b, err := attest.MarshalPrivateKey(tampertest.Key)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(priv, b, 0o600))
	b, err = attest.MarshalPublicKey(tampertest.Key.Public().(ed25519.PublicKey))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(pub, b, 0o644))
	return priv, pub
}

func testStreams() (*streams, *bytes.Buffer) {
	var out bytes.Buffer
	return &streams{In: &bytes.Buffer{}, Out: &out, Err: &bytes.Buffer{}}, &out
}

func TestAuditVerifyClean(t *testing.T) {
	ctx := context.Background()
	tmpl := tampertest.NewTemplate(t)
	_, db := tmpl.Open(t)
	s, out := testStreams()
	require.NoError(t, runAuditVerify(ctx, s, &auditVerifyOptions{DB: db, Lang: "en"}))
	for _, want := range []string{
		"20 entries: hash chain and head checked; 3 gate decisions",
		"tokens                           2  changed in place: each row against the entry that last changed it",
		"verdicts                         2  append-only",
		"generation                       1  decides no gate and no access",
		"20 entries ok\n",
	} {
		assert.Contains(t, out.String(), want)
	}
	s, out = testStreams()
	require.NoError(t, runAuditVerify(ctx, s, &auditVerifyOptions{DB: db, Lang: "ja"}))
	assert.Contains(t, out.String(), "20 件の記録を確認しました。問題ありません")
	assert.Contains(t, out.String(), "更新あり")
}

// TestAuditVerifyTampering runs every tampering case through "mamori
// audit verify": each must be reported, with its table, key and column,
// and exit 2.
func TestAuditVerifyTampering(t *testing.T) {
	tmpl := tampertest.NewTemplate(t)
	var detected atomic.Int64
	cases := tampertest.Cases()
	for _, tt := range cases {
		t.Run(tt.Name, func(t *testing.T) {
			ctx := context.Background()
			st, db := tmpl.Open(t)
			opts := &auditVerifyOptions{DB: db, Lang: "en"}
			if tt.Checkpoint {
				_, pub := keyFiles(t, t.TempDir())
				_, signed := tampertest.Checkpoint(t, st)
				cp := filepath.Join(t.TempDir(), "ledger.checkpoint")
				require.NoError(t, os.WriteFile(cp, signed, 0o644))
				opts.Checkpoints, opts.Keys = []string{cp}, []string{pub}
			}
			tt.Apply(t, st.DB(), tmpl.IDs)
			require.NoError(t, st.Close())

			s, out := testStreams()
			err := runAuditVerify(ctx, s, opts)
			require.ErrorIs(t, err, errLedgerBroken, out.String())
			w := tt.Want(tmpl.IDs)
			line := out.String()[strings.LastIndex(strings.TrimSuffix(out.String(), "\n"), "\n")+1:]
			assert.Contains(t, line, "ledger BROKEN")
			assert.Contains(t, line, "("+w.Kind+")")
			where := w.Table
			if w.Key != "" {
				where += " " + w.Key
			}
			if w.Column != "" {
				where += " column " + w.Column
			}
			assert.Contains(t, line, where)
			if !t.Failed() {
				detected.Add(1)
			}
		})
	}
	t.Logf("tampering cases through audit verify: %d, reported with table, key and column: %d", len(cases), detected.Load())
}

func TestAuditVerifyMissingDB(t *testing.T) {
	db := filepath.Join(t.TempDir(), "none.db")
	s, _ := testStreams()
	err := runAuditVerify(context.Background(), s, &auditVerifyOptions{DB: db, Lang: "en"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "does not exist")
	assert.NoFileExists(t, db)
}

// TestAuditCheckpoints writes checkpoints with "audit checkpoint",
// verifies the ledger against them, compares two without the database,
// and refuses a checkpoint of another key, a ledger that does not
// verify and a file that exists.
func TestAuditCheckpoints(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	priv, pub := keyFiles(t, dir)
	tmpl := tampertest.NewTemplate(t)
	st, db := tmpl.Open(t)
	require.NoError(t, st.Close())

	checkpoint := func(name string) (string, error) {
		file := filepath.Join(dir, name)
		s, _ := testStreams()
		return file, runAuditCheckpoint(ctx, s, &auditCheckpointOptions{DB: db, KeyFile: priv, OutFile: file})
	}
	old, err := checkpoint("old.checkpoint")
	require.NoError(t, err)
	_, err = checkpoint("old.checkpoint")
	require.ErrorContains(t, err, "already exists", "never overwritten")

	// More entries, then a second checkpoint.
	st, err = store.Open(ctx, db, store.Options{})
	require.NoError(t, err)
	for range 5 {
		require.NoError(t, st.RecordGateDecisions(ctx, store.GateDecision{Gate: store.GateMembership, OrgID: "sato",
			SiteID: "sato-1", Decision: store.DecisionDeny, Signed: []byte(`{}`)}))
	}
	require.NoError(t, st.Close())
	cur, err := checkpoint("new.checkpoint")
	require.NoError(t, err)

	s, out := testStreams()
	require.NoError(t, runAuditVerify(ctx, s, &auditVerifyOptions{DB: db, Lang: "en", Keys: []string{pub}, Checkpoints: []string{old, cur}}))
	assert.Contains(t, out.String(), "checkpoint "+old+": 20 entries")
	assert.Contains(t, out.String(), "checkpoint "+cur+": 25 entries")
	assert.Equal(t, 2, strings.Count(out.String(), "the ledger extends it"))

	// Without the database: the proof written by one party is checked
	// by another.
	proof := filepath.Join(dir, "proof.json")
	s, out = testStreams()
	require.NoError(t, runAuditConsistency(ctx, s, &auditConsistencyOptions{Old: old, New: cur, Keys: []string{pub}, DB: db, OutFile: proof, Lang: "en"}))
	assert.Contains(t, out.String(), "consistent: the ledger")
	s, out = testStreams()
	require.NoError(t, runAuditConsistency(ctx, s, &auditConsistencyOptions{Old: cur, New: old, Keys: []string{pub}, ProofFile: proof, Lang: "ja"}))
	assert.Contains(t, out.String(), "整合しています")
	s, out = testStreams()
	err = runAuditConsistency(ctx, s, &auditConsistencyOptions{Old: old, New: cur, Keys: []string{pub}, Lang: "en"})
	require.ErrorIs(t, err, errInconsistent)
	assert.Contains(t, out.String(), "need a consistency proof")

	// The ledger rolled back to before the second checkpoint, and a
	// checkpoint of that ledger signed again: the two checkpoints of
	// the same size differ, and the first shows the rollback.
	st, err = store.Open(ctx, db, store.Options{})
	require.NoError(t, err)
	tampertest.Exec(t, st.DB(), `DELETE FROM ledger WHERE seq > 20`)
	tampertest.Exec(t, st.DB(), `UPDATE ledger_head SET seq = 20, hash = (SELECT hash FROM ledger WHERE seq = 20)`)
	require.NoError(t, st.RecordGateDecisions(ctx, store.GateDecision{Gate: store.GateExchange, OrgID: "sato", SiteID: "sato-1",
		ContractID: "C-1", Decision: store.DecisionAllow, Signed: []byte(`{"forged":true}`)}))
	for range 4 {
		require.NoError(t, st.RecordGateDecisions(ctx, store.GateDecision{Gate: store.GateMembership, OrgID: "sato",
			SiteID: "sato-1", Decision: store.DecisionDeny, Signed: []byte(`{}`)}))
	}
	require.NoError(t, st.Close())
	forked, err := checkpoint("forked.checkpoint")
	require.NoError(t, err)
	s, out = testStreams()
	err = runAuditConsistency(ctx, s, &auditConsistencyOptions{Old: cur, New: forked, Keys: []string{pub}, Lang: "en"})
	require.ErrorIs(t, err, errInconsistent)
	assert.Contains(t, out.String(), "two histories were signed")
	s, out = testStreams()
	err = runAuditVerify(ctx, s, &auditVerifyOptions{DB: db, Lang: "en", Keys: []string{pub}, Checkpoints: []string{old, cur}})
	require.ErrorIs(t, err, errLedgerBroken)
	assert.Contains(t, out.String(), "ledger BROKEN at entry 25 (rewritten)")
	assert.Contains(t, out.String(), "checkpoint "+old+": 20 entries at")

	// A checkpoint signed by another key is refused.
	b, err := attest.MarshalPublicKey(tampertest.OtherKey.Public().(ed25519.PublicKey))
	require.NoError(t, err)
	otherPub := filepath.Join(dir, "other.pub")
	require.NoError(t, os.WriteFile(otherPub, b, 0o644))
	s, _ = testStreams()
	err = runAuditVerify(ctx, s, &auditVerifyOptions{DB: db, Lang: "en", Keys: []string{otherPub}, Checkpoints: []string{old}})
	require.ErrorIs(t, err, store.ErrCheckpointKey)
	s, _ = testStreams()
	err = runAuditConsistency(ctx, s, &auditConsistencyOptions{Old: old, New: cur, Keys: []string{otherPub}, Lang: "en"})
	require.ErrorIs(t, err, store.ErrCheckpointKey)

	// A ledger that does not verify is not signed.
	st, err = store.Open(ctx, db, store.Options{})
	require.NoError(t, err)
	tampertest.Exec(t, st.DB(), `UPDATE tokens SET role = 'admin'`)
	require.NoError(t, st.Close())
	_, err = checkpoint("broken.checkpoint")
	require.ErrorContains(t, err, "the ledger does not verify, so it is not signed")
	assert.NoFileExists(t, filepath.Join(dir, "broken.checkpoint"))
}

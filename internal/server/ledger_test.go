package server_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/internal/server"
	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/internal/store/tampertest"
)

// checkpoint fetches and opens the server's current checkpoint.
func (e *env) checkpoint(role string) store.Checkpoint {
	e.t.Helper()
	code, b, hdr := e.do(role, http.MethodGet, "/v1/ledger/checkpoint", "", nil)
	require.Equal(e.t, http.StatusOK, code, "%s", b)
	assert.Equal(e.t, "text/plain; charset=utf-8", hdr.Get("Content-Type"))
	cp, err := store.OpenCheckpoint(b, e.key.Public().(ed25519.PublicKey))
	require.NoError(e.t, err, "%s", b)
	return cp
}

// TestLedgerEndpoints fetches two checkpoints and the proof between
// them, and checks the proof as a party without the database would.
func TestLedgerEndpoints(t *testing.T) {
	e := newEnv(t)
	old := e.checkpoint("auditor")
	entries, err := e.st.LedgerEntries(context.Background())
	require.NoError(t, err)
	assert.EqualValues(t, len(entries), old.Size)
	assert.Equal(t, entries[len(entries)-1].Hash, old.Head)
	assert.Equal(t, store.Origin(entries[0].Hash), old.Origin)

	e.submit("company", "kobayashi-electronics")
	for range 3 {
		e.gate("membership", "kobayashi-electronics", "okaya-design", "")
	}
	cur := e.checkpoint("admin")
	require.Greater(t, cur.Size, old.Size)

	code, b := e.json("auditor", http.MethodGet, fmt.Sprintf("/v1/ledger/consistency?from=%d&to=%d", old.Size, cur.Size), nil)
	require.Equal(t, http.StatusOK, code, "%s", b)
	var proof store.ConsistencyProof
	require.NoError(t, json.Unmarshal(b, &proof))
	require.NoError(t, store.CheckConsistency(old, cur, &proof))
	// The proof does not prove another pair.
	forged := cur
	forged.Root[0] ^= 1
	require.ErrorIs(t, store.CheckConsistency(old, forged, &proof), store.ErrInconsistent)

	for _, q := range []string{"", "?from=0&to=3", "?from=5&to=4", "?from=x&to=4", fmt.Sprintf("?from=1&to=%d", cur.Size+100)} {
		code, b := e.json("admin", http.MethodGet, "/v1/ledger/consistency"+q, nil)
		assert.Equal(t, http.StatusUnprocessableEntity, code, "%s: %s", q, b)
	}
}

// TestCheckpointsWritten runs a server that writes checkpoints at an
// interval and on Close, then refuses to start again on a ledger rolled
// back past the last, or with a checkpoint signed by a key it was not
// told of.
func TestCheckpointsWritten(t *testing.T) {
	ctx := context.Background()
	eng, cats, cl := shared(t)
	file := filepath.Join(t.TempDir(), "mamori.db")
	st, err := store.Open(ctx, file, store.Options{})
	require.NoError(t, err)
	defer st.Close()
	dir := filepath.Join(t.TempDir(), "checkpoints")
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{3}, 32))
	cfg := server.Config{Store: st, Engine: eng, Catalogs: cats, Checklist: cl, Key: key,
		CheckpointDir: dir, CheckpointEvery: 20 * time.Millisecond}
	srv, err := server.New(ctx, cfg)
	require.NoError(t, err)
	record := func(n int) {
		for range n {
			require.NoError(t, st.RecordGateDecisions(ctx, store.GateDecision{Gate: store.GateMembership, OrgID: "sato",
				SiteID: "sato-1", Decision: store.DecisionDeny, Signed: []byte(`{}`)}))
		}
	}
	record(3)
	assert.Eventually(t, func() bool {
		_, err := os.Stat(filepath.Join(dir, "ledger-000000000004.checkpoint"))
		return err == nil
	}, 10*time.Second, 10*time.Millisecond, "a checkpoint at the interval")
	record(2)
	require.NoError(t, srv.Close())
	b, err := os.ReadFile(filepath.Join(dir, "ledger-000000000006.checkpoint"))
	require.NoError(t, err, "a checkpoint on Close")
	cp, err := store.OpenCheckpoint(b, key.Public().(ed25519.PublicKey))
	require.NoError(t, err)
	assert.EqualValues(t, 6, cp.Size)

	// It starts again on the same ledger, and on one that grew.
	srv, err = server.New(ctx, cfg)
	require.NoError(t, err)
	require.NoError(t, srv.Close())
	record(1)
	srv, err = server.New(ctx, cfg)
	require.NoError(t, err)
	require.NoError(t, srv.Close())
	require.FileExists(t, filepath.Join(dir, "ledger-000000000007.checkpoint"))

	// Rolled back past the last checkpoint: refused, until the ledger
	// is examined.
	tampertest.Exec(t, st.DB(), `DELETE FROM ledger WHERE seq > 5`)
	tampertest.Exec(t, st.DB(), `UPDATE ledger_head SET seq = 5, hash = (SELECT hash FROM ledger WHERE seq = 5)`)
	_, err = server.New(ctx, cfg)
	require.ErrorContains(t, err, "the ledger has 5 entries, the checkpoint "+filepath.Join(dir, "ledger-000000000007.checkpoint")+
		" counted 7: entries 6 to 7 were removed (rolled back)")

	// Rewritten to the same length: refused too.
	record(2)
	_, err = server.New(ctx, cfg)
	require.ErrorContains(t, err, "the ledger's first 7 entries are not those the checkpoint")

	// A checkpoint signed by another key is refused, unless that key is
	// a retired one.
	other := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{4}, 32))
	require.NoError(t, os.RemoveAll(dir))
	require.NoError(t, os.MkdirAll(dir, 0o755))
	var tree store.LedgerTree
	require.NoError(t, tree.Extend(ctx, st, 0))
	entries, err := st.LedgerEntries(ctx)
	require.NoError(t, err)
	c, err := tree.Checkpoint(store.Origin(entries[0].Hash), time.Now())
	require.NoError(t, err)
	signed, err := store.SignCheckpoint(c, other)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("ledger-%012d.checkpoint", c.Size)), signed, 0o644))
	_, err = server.New(ctx, cfg)
	require.ErrorIs(t, err, store.ErrCheckpointKey)
	cfg.RetiredKeys = []ed25519.PublicKey{other.Public().(ed25519.PublicKey)}
	srv, err = server.New(ctx, cfg)
	require.NoError(t, err)
	require.NoError(t, srv.Close())
}

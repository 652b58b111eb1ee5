package server

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mamori-dev/mamori/engine/attest"
	"github.com/mamori-dev/mamori/internal/store"
)

// checkpointer keeps the ledger's Merkle tree (a few dozen hashes) as
// entries are appended, by this server or another process, and signs
// checkpoints of it: at an interval and on shutdown into a directory,
// and on request for GET /v1/ledger/checkpoint.
type checkpointer struct {
	st     store.Store
	key    ed25519.PrivateKey
	dir    string
	origin string

	mu   sync.Mutex
	tree store.LedgerTree
	// written is the size of the last checkpoint written to dir.
	written int64
	// broken is set once the chain no longer links under the server:
	// it signs nothing more.
	broken error
}

// checkpointName is the file a checkpoint of n entries is written to;
// the sizes sort as the names do.
func checkpointName(n int64) string { return fmt.Sprintf("ledger-%012d.checkpoint", n) }

// newCheckpointer folds the ledger into its tree, checking that it
// extends the latest checkpoint in dir (signed by key or a retired
// one): a ledger rolled back or rewritten past it stops the server at
// start.
func newCheckpointer(ctx context.Context, st store.Store, key ed25519.PrivateKey, retired []ed25519.PublicKey, dir string) (*checkpointer, error) {
	c := &checkpointer{st: st, key: key, dir: dir}
	var latest *store.Checkpoint
	var latestFile string
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("checkpoint directory: %w", err)
		}
		var err error
		if latest, latestFile, err = latestCheckpoint(dir, append([]ed25519.PublicKey{key.Public().(ed25519.PublicKey)}, retired...)); err != nil {
			return nil, err
		}
	}
	if latest != nil {
		if err := c.tree.Extend(ctx, st, latest.Size); err != nil {
			return nil, fmt.Errorf("ledger: %w", err)
		}
		if c.tree.Size() < latest.Size {
			return nil, fmt.Errorf("the ledger has %d entries, the checkpoint %s counted %d: entries %d to %d were removed (rolled back); run mamori audit verify --checkpoint %[2]s",
				c.tree.Size(), latestFile, latest.Size, c.tree.Size()+1, latest.Size)
		}
		root, err := c.tree.Root()
		if err != nil {
			return nil, err
		}
		if root != latest.Root || c.tree.Head() != latest.Head {
			return nil, fmt.Errorf("the ledger's first %d entries are not those the checkpoint %s counted: its history was rewritten; run mamori audit verify --checkpoint %[2]s",
				latest.Size, latestFile)
		}
		c.written = latest.Size
	}
	if err := c.tree.Extend(ctx, st, 0); err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	if err := st.LedgerHashes(ctx, 0, 1, func(_ int64, _, hash string) error {
		c.origin = store.Origin(hash)
		return nil
	}); err != nil {
		return nil, err
	}
	if latest != nil && latest.Origin != c.origin {
		return nil, fmt.Errorf("the checkpoint %s is of ledger %s, this database's is %s", latestFile, latest.Origin, c.origin)
	}
	return c, nil
}

// latestCheckpoint reads the checkpoint of the most entries in dir.
func latestCheckpoint(dir string, keys []ed25519.PublicKey) (*store.Checkpoint, string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, "", fmt.Errorf("checkpoint directory: %w", err)
	}
	best, file := int64(-1), ""
	for _, e := range ents {
		num, ok := strings.CutPrefix(e.Name(), "ledger-")
		if num, ok = strings.CutSuffix(num, ".checkpoint"); !ok || e.IsDir() {
			continue
		}
		if n, err := strconv.ParseInt(num, 10, 64); err == nil && n > best {
			best, file = n, filepath.Join(dir, e.Name())
		}
	}
	if file == "" {
		return nil, "", nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, "", fmt.Errorf("checkpoint: %w", err)
	}
	var last error
	for _, k := range keys {
		cp, err := store.OpenCheckpoint(b, k)
		if err == nil {
			return &cp, file, nil
		}
		last = err
	}
	return nil, "", fmt.Errorf("checkpoint %s: %w (after a key rotation, pass the old public key with --retired-key)", file, last)
}

// errLedgerBroken is the answer while the chain does not link.
var errLedgerBroken = newProblem(http.StatusServiceUnavailable, "ledger-broken", "Ledger broken",
	"the ledger's hash chain no longer links; nothing more is signed until it is examined with mamori audit verify")

// extend folds the entries appended since the last. A chain found
// broken is reported once.
func (c *checkpointer) extend(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.broken != nil {
		return nil
	}
	return c.extendLocked(ctx)
}

func (c *checkpointer) extendLocked(ctx context.Context) error {
	if c.broken != nil {
		return c.broken
	}
	err := c.tree.Extend(ctx, c.st, 0)
	if errors.Is(err, store.ErrLedgerBroken) {
		c.broken = err
	}
	return err
}

// sign folds the entries appended since, and signs a checkpoint of the
// ledger as it is now.
func (c *checkpointer) sign(ctx context.Context, now time.Time) (store.Checkpoint, []byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.extendLocked(ctx); err != nil {
		return store.Checkpoint{}, nil, err
	}
	cp, err := c.tree.Checkpoint(c.origin, now)
	if err != nil {
		return cp, nil, err
	}
	signed, err := store.SignCheckpoint(cp, c.key)
	return cp, signed, err
}

// write signs a checkpoint and writes it to the directory, if the
// ledger grew since the last one written.
func (c *checkpointer) write(ctx context.Context, now time.Time) (string, error) {
	if c.dir == "" {
		return "", nil
	}
	cp, signed, err := c.sign(ctx, now)
	if err != nil {
		return "", err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if cp.Size <= c.written {
		return "", nil
	}
	// Written whole to a temporary file, then linked to its name, which
	// fails if it exists: a process killed while writing leaves no
	// partial checkpoint under a checkpoint's name.
	file := filepath.Join(c.dir, checkpointName(cp.Size))
	tmp, err := os.CreateTemp(c.dir, ".ledger-*.tmp")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(signed); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	if err := os.Link(tmp.Name(), file); errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("checkpoint %s exists: the ledger has had %d entries before; run mamori audit verify --checkpoint %[1]s", file, cp.Size)
	} else if err != nil {
		return "", err
	}
	c.written = cp.Size
	return file, nil
}

// foldEvery is how often the checkpointer folds the new entries into
// its tree between checkpoints: a little at a time (about 4 µs an
// entry), rather than ten minutes of a busy gate's entries at once.
const foldEvery = 5 * time.Second

// checkpoints folds new entries every foldEvery and writes a checkpoint
// at each interval, until the server stops.
func (s *Server) checkpoints() {
	defer s.wg.Done()
	t := time.NewTicker(min(foldEvery, s.cfg.CheckpointEvery))
	defer t.Stop()
	next := time.Now().Add(s.cfg.CheckpointEvery)
	for {
		select {
		case <-s.stop:
			return
		case now := <-t.C:
			if now.Before(next) {
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				if err := s.ckpt.extend(ctx); err != nil {
					s.log.Error("checkpoint", "err", err)
				}
				cancel()
				continue
			}
			s.writeCheckpoint()
			next = now.Add(s.cfg.CheckpointEvery)
		}
	}
}

func (s *Server) writeCheckpoint() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	file, err := s.ckpt.write(ctx, s.now())
	switch {
	case err != nil:
		s.log.Error("checkpoint", "err", err)
	case file != "":
		s.log.Info("checkpoint", "file", file, "key", attest.KeyID(s.cfg.Key.Public().(ed25519.PublicKey)))
	}
}

// getCheckpoint serves a checkpoint of the ledger as it is now, signed
// for the caller.
func (s *Server) getCheckpoint(w http.ResponseWriter, r *http.Request, _ *principal) error {
	_, signed, err := s.ckpt.sign(r.Context(), s.now())
	if errors.Is(err, store.ErrLedgerBroken) {
		return errLedgerBroken
	} else if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	_, err = w.Write(signed)
	return err
}

// getConsistency serves the proof that the ledger's first to entries
// begin with its first from (RFC 9162 §2.1.4), for two checkpoints of
// those sizes.
func (s *Server) getConsistency(w http.ResponseWriter, r *http.Request, _ *principal) error {
	q := r.URL.Query()
	from, err1 := strconv.ParseInt(q.Get("from"), 10, 64)
	to, err2 := strconv.ParseInt(q.Get("to"), 10, 64)
	if err1 != nil || err2 != nil || from < 1 || to < from {
		return unprocessable("from and to: the sizes of two checkpoints, 1 <= from <= to")
	}
	cp, _, err := s.ckpt.sign(r.Context(), s.now())
	if errors.Is(err, store.ErrLedgerBroken) {
		return errLedgerBroken
	} else if err != nil {
		return err
	}
	if to > cp.Size {
		return unprocessable("to: the ledger has %d entries", cp.Size)
	}
	p, err := store.ProveConsistency(r.Context(), s.st, cp.Origin, from, to)
	if errors.Is(err, store.ErrLedgerBroken) {
		return errLedgerBroken
	} else if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

package store

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	tlogfmt "github.com/transparency-dev/formats/log"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// A checkpoint is the ledger's signed tree head, in the manner of
// Certificate Transparency (RFC 6962 §3.5, RFC 9162 §4.10): a C2SP
// signed note (c2sp.org/signed-note) whose text is a C2SP tlog checkpoint
// (c2sp.org/tlog-checkpoint),
//
//	mamori.dev/ledger/3f2a9c0d1e2b4a5f     origin: this ledger, named by its first entry
//	1234                                   entries
//	CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=   RFC 6962 Merkle root over the entries' hashes
//	head 9d1c…                             the hash chain's hash of entry 1234
//	time 2026-11-24T09:00:00Z              when it was signed
//
//	— mamori.dev/ledger/3f2a9c0d1e2b4a5f <base64 key hash and Ed25519 signature>
//
// signed with the server's key. With the database, a checkpoint proves
// that the ledger still holds the entries it counted, unchanged (audit
// verify --checkpoint). Without it, two checkpoints of one ledger prove
// that the later extends the earlier only with a consistency proof
// (RFC 9162 §2.1.4) from someone who holds the ledger: the Merkle root
// is what makes such a proof a few hundred bytes. Alone, two checkpoints
// of the same size that differ prove that the server signed two
// histories.

// OriginPrefix starts every ledger's origin.
const OriginPrefix = "mamori.dev/ledger/"

// Origin is the origin of the ledger whose first entry has the hash
// first (hex).
func Origin(first string) string {
	if len(first) > 16 {
		first = first[:16]
	}
	return OriginPrefix + first
}

// Checkpoint is a ledger's tree head.
type Checkpoint struct {
	Origin string    `json:"origin"`
	Size   int64     `json:"size"`
	Root   tlog.Hash `json:"-"`
	// Head is the hash chain's hash of entry Size (hex).
	Head string    `json:"head"`
	Time time.Time `json:"time"`
}

// RootBase64 is the Merkle root as the checkpoint writes it.
func (c Checkpoint) RootBase64() string { return base64.StdEncoding.EncodeToString(c.Root[:]) }

// text is the checkpoint's note text.
func (c Checkpoint) text() []byte {
	b := tlogfmt.Checkpoint{Origin: c.Origin, Size: uint64(c.Size), Hash: c.Root[:]}.Marshal()
	b = fmt.Appendf(b, "head %s\n", c.Head)
	return fmt.Appendf(b, "time %s\n", c.Time.UTC().Format(time.RFC3339))
}

// Checkpoint errors.
var (
	// ErrCheckpointKey is a checkpoint signed by none of the keys given.
	ErrCheckpointKey = errors.New("checkpoint signed by another key")
	// ErrCheckpointMalformed is a checkpoint that cannot be read.
	ErrCheckpointMalformed = errors.New("malformed checkpoint")
)

// noteSigner signs notes with an Ed25519 key under a key name.
type noteSigner struct {
	name string
	hash uint32
	key  ed25519.PrivateKey
}

func (s noteSigner) Name() string                    { return s.name }
func (s noteSigner) KeyHash() uint32                 { return s.hash }
func (s noteSigner) Sign(msg []byte) ([]byte, error) { return ed25519.Sign(s.key, msg), nil }

// noteVerifier is the signed-note verifier of an Ed25519 public key
// under a key name.
func noteVerifier(name string, pub ed25519.PublicKey) (note.Verifier, error) {
	vkey, err := note.NewEd25519VerifierKey(name, pub)
	if err != nil {
		return nil, err
	}
	return note.NewVerifier(vkey)
}

// SignCheckpoint signs the checkpoint with key, under the key name of
// its origin.
func SignCheckpoint(c Checkpoint, key ed25519.PrivateKey) ([]byte, error) {
	if len(key) != ed25519.PrivateKeySize {
		return nil, errors.New("sign checkpoint: not an Ed25519 private key")
	}
	v, err := noteVerifier(c.Origin, key.Public().(ed25519.PublicKey))
	if err != nil {
		return nil, fmt.Errorf("sign checkpoint: %w", err)
	}
	b, err := note.Sign(&note.Note{Text: string(c.text())}, noteSigner{name: c.Origin, hash: v.KeyHash(), key: key})
	if err != nil {
		return nil, fmt.Errorf("sign checkpoint: %w", err)
	}
	return b, nil
}

// maxCheckpoint bounds a checkpoint file; a real one is about 300 bytes.
const maxCheckpoint = 16 << 10

// OpenCheckpoint verifies a signed checkpoint against the keys and reads
// it. A checkpoint signed by none of them is ErrCheckpointKey; one that
// cannot be read, ErrCheckpointMalformed.
func OpenCheckpoint(b []byte, keys ...ed25519.PublicKey) (Checkpoint, error) {
	var c Checkpoint
	if len(b) > maxCheckpoint {
		return c, fmt.Errorf("%w: %d bytes, more than a checkpoint holds", ErrCheckpointMalformed, len(b))
	}
	origin, _, ok := bytes.Cut(b, []byte("\n"))
	if !ok || !strings.HasPrefix(string(origin), OriginPrefix) {
		return c, fmt.Errorf("%w: the first line is not a mamori ledger's origin (%s…)", ErrCheckpointMalformed, OriginPrefix)
	}
	vs := make([]note.Verifier, 0, len(keys))
	for _, k := range keys {
		v, err := noteVerifier(string(origin), k)
		if err != nil {
			return c, fmt.Errorf("%w: %v", ErrCheckpointMalformed, err)
		}
		vs = append(vs, v)
	}
	n, err := note.Open(b, note.VerifierList(vs...))
	var unverified *note.UnverifiedNoteError
	switch {
	case errors.As(err, &unverified):
		return c, fmt.Errorf("%w: none of the %d key(s) given made its signature", ErrCheckpointKey, len(keys))
	case err != nil:
		return c, fmt.Errorf("%w: %v", ErrCheckpointMalformed, err)
	}
	var tc tlogfmt.Checkpoint
	rest, err := tc.Unmarshal([]byte(n.Text))
	if err != nil {
		return c, fmt.Errorf("%w: %v", ErrCheckpointMalformed, err)
	}
	if len(tc.Hash) != tlog.HashSize || tc.Size == 0 || tc.Size > 1<<62 {
		return c, fmt.Errorf("%w: a root of %d bytes for %d entries", ErrCheckpointMalformed, len(tc.Hash), tc.Size)
	}
	c.Origin, c.Size = tc.Origin, int64(tc.Size)
	copy(c.Root[:], tc.Hash)
	for _, line := range strings.Split(strings.TrimSuffix(string(rest), "\n"), "\n") {
		k, v, _ := strings.Cut(line, " ")
		switch k {
		case "head":
			c.Head = v
		case "time":
			if c.Time, err = time.Parse(time.RFC3339, v); err != nil {
				return c, fmt.Errorf("%w: time: %v", ErrCheckpointMalformed, err)
			}
		}
	}
	if len(c.Head) != 64 || c.Time.IsZero() {
		return c, fmt.Errorf("%w: the head and time lines are required", ErrCheckpointMalformed)
	}
	return c, nil
}

// LedgerTree folds the entries' hashes, in order, into the RFC 6962
// Merkle tree whose leaves are the entries' chain hashes (a leaf's hash
// is SHA-256(0x00 ‖ hash), a node's SHA-256(0x01 ‖ left ‖ right)),
// keeping only the roots of its complete subtrees: a few dozen hashes,
// however long the ledger. It hashes with golang.org/x/mod/sumdb/tlog.
type LedgerTree struct {
	n    int64
	head string
	// peaks are the stored hashes (tlog.StoredHashIndex) of the complete
	// subtrees that make up the tree of size n.
	peaks []storedHash
}

type storedHash struct {
	index int64
	hash  tlog.Hash
}

// Size is the number of entries folded.
func (t *LedgerTree) Size() int64 { return t.n }

// Head is the chain hash of the last entry folded.
func (t *LedgerTree) Head() string { return t.head }

// Add folds the entry whose chain hash is hash (hex).
func (t *LedgerTree) Add(hash string) error {
	var raw [32]byte
	if len(hash) != 64 {
		return fmt.Errorf("entry %d: hash %q is not SHA-256 hex", t.n+1, hash)
	}
	if _, err := hex.Decode(raw[:], []byte(hash)); err != nil {
		return fmt.Errorf("entry %d: hash %q is not SHA-256 hex", t.n+1, hash)
	}
	hs, err := tlog.StoredHashes(t.n, raw[:], t)
	if err != nil {
		return err
	}
	base := tlog.StoredHashIndex(0, t.n)
	for i, h := range hs {
		t.peaks = append(t.peaks, storedHash{base + int64(i), h})
	}
	t.n++
	t.head = hash
	// Keep the peaks of the tree of size n: one per bit of n.
	keep := t.peaks[:0]
	off := int64(0)
	for level := 62; level >= 0; level-- {
		if t.n&(1<<level) == 0 {
			continue
		}
		idx := tlog.StoredHashIndex(level, off>>level)
		for _, p := range t.peaks {
			if p.index == idx {
				keep = append(keep, p)
				break
			}
		}
		off += 1 << level
	}
	t.peaks = keep
	return nil
}

// ReadHashes serves the peaks to tlog.
func (t *LedgerTree) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, idx := range indexes {
		j := slices.IndexFunc(t.peaks, func(p storedHash) bool { return p.index == idx })
		if j < 0 {
			return nil, fmt.Errorf("ledger tree: hash %d is not kept", idx)
		}
		out[i] = t.peaks[j].hash
	}
	return out, nil
}

// Root is the Merkle root of the entries folded so far.
func (t *LedgerTree) Root() (tlog.Hash, error) {
	if t.n == 0 {
		return tlog.Hash{}, errors.New("ledger tree: no entries")
	}
	return tlog.TreeHash(t.n, t)
}

// Checkpoint is the tree's head for the ledger named origin, at time at.
func (t *LedgerTree) Checkpoint(origin string, at time.Time) (Checkpoint, error) {
	root, err := t.Root()
	if err != nil {
		return Checkpoint{}, err
	}
	return Checkpoint{Origin: origin, Size: t.n, Root: root, Head: t.head, Time: at.UTC().Truncate(time.Second)}, nil
}

// LedgerReader reads the ledger's hash chain in order: fn is called
// for each entry with after < seq <= upTo (upTo 0: to the end). The
// Store implementations provide it.
type LedgerReader interface {
	LedgerHashes(ctx context.Context, after, upTo int64, fn func(seq int64, prevHash, hash string) error) error
}

// ErrLedgerBroken is a chain that does not link while it is read for a
// tree: an entry missing, or its prev_hash not the hash before it.
var ErrLedgerBroken = errors.New("the ledger's hash chain does not link")

// Extend folds the entries after the tree's last, up to upTo (0: all),
// checking that each links to the one before.
func (t *LedgerTree) Extend(ctx context.Context, r LedgerReader, upTo int64) error {
	return r.LedgerHashes(ctx, t.n, upTo, func(seq int64, prevHash, hash string) error {
		prev := t.head
		if t.n == 0 {
			prev = GenesisHash
		}
		if seq != t.n+1 || prevHash != prev {
			return fmt.Errorf("%w at entry %d", ErrLedgerBroken, t.n+1)
		}
		return t.Add(hash)
	})
}

// ConsistencyProof proves that a ledger of NewSize entries begins with
// the OldSize entries of an earlier checkpoint of it (RFC 9162 §2.1.4,
// as golang.org/x/mod/sumdb/tlog proves and checks it).
type ConsistencyProof struct {
	Origin  string   `json:"origin"`
	OldSize int64    `json:"old_size"`
	NewSize int64    `json:"new_size"`
	Hashes  []string `json:"hashes"` // base64
}

// ProveConsistency computes the proof that the ledger's first newSize
// entries begin with its first oldSize, reading the ledger once and
// keeping a few dozen hashes.
func ProveConsistency(ctx context.Context, r LedgerReader, origin string, oldSize, newSize int64) (*ConsistencyProof, error) {
	if oldSize < 1 || oldSize > newSize {
		return nil, fmt.Errorf("prove consistency: sizes %d and %d: want 1 <= old <= new", oldSize, newSize)
	}
	p := &ConsistencyProof{Origin: origin, OldSize: oldSize, NewSize: newSize, Hashes: []string{}}
	if oldSize == newSize {
		return p, nil
	}
	// Which subtrees the proof holds, then their hashes from one pass
	// over the entries.
	var want []int64
	_, err := tlog.ProveTree(newSize, oldSize, tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		want = append(want, idx...)
		return make([]tlog.Hash, len(idx)), nil
	}))
	if err != nil {
		return nil, fmt.Errorf("prove consistency: %w", err)
	}
	type subtree struct {
		index, from, to int64 // leaves from < seq <= to
		tree            LedgerTree
	}
	subs := make([]*subtree, len(want))
	for i, idx := range want {
		level, k := tlog.SplitStoredHashIndex(idx)
		subs[i] = &subtree{index: idx, from: k << level, to: (k + 1) << level}
	}
	var prev string
	err = r.LedgerHashes(ctx, 0, newSize, func(seq int64, prevHash, hash string) error {
		if (seq == 1 && prevHash != GenesisHash) || (seq > 1 && prevHash != prev) {
			return fmt.Errorf("%w at entry %d", ErrLedgerBroken, seq)
		}
		prev = hash
		for _, s := range subs {
			if seq > s.from && seq <= s.to {
				if err := s.tree.Add(hash); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("prove consistency: %w", err)
	}
	hashes := map[int64]tlog.Hash{}
	for _, s := range subs {
		if s.tree.Size() != s.to-s.from {
			return nil, fmt.Errorf("prove consistency: the ledger has fewer than %d entries", newSize)
		}
		if hashes[s.index], err = s.tree.Root(); err != nil {
			return nil, fmt.Errorf("prove consistency: %w", err)
		}
	}
	proof, err := tlog.ProveTree(newSize, oldSize, tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			h, ok := hashes[x]
			if !ok {
				return nil, fmt.Errorf("hash %d was not computed", x)
			}
			out[i] = h
		}
		return out, nil
	}))
	if err != nil {
		return nil, fmt.Errorf("prove consistency: %w", err)
	}
	for _, h := range proof {
		p.Hashes = append(p.Hashes, base64.StdEncoding.EncodeToString(h[:]))
	}
	return p, nil
}

// Consistency errors.
var (
	// ErrInconsistent is two checkpoints of one ledger whose histories
	// differ: the server signed both.
	ErrInconsistent = errors.New("the checkpoints are not consistent")
	// ErrNoProof is two checkpoints of different sizes compared without a
	// proof: neither consistency nor its absence is shown.
	ErrNoProof = errors.New("a consistency proof is needed")
)

// CheckConsistency checks that checkpoint b extends checkpoint a (in
// either order of size), with the proof when their sizes differ. Both
// must have been verified (OpenCheckpoint).
func CheckConsistency(a, b Checkpoint, p *ConsistencyProof) error {
	if a.Origin != b.Origin {
		return fmt.Errorf("the checkpoints are of two ledgers (%s and %s)", a.Origin, b.Origin)
	}
	if a.Size > b.Size {
		a, b = b, a
	}
	if a.Size == b.Size {
		if a.Root != b.Root || a.Head != b.Head {
			return fmt.Errorf("%w: both count %d entries, with different hashes: two histories were signed", ErrInconsistent, a.Size)
		}
		return nil
	}
	if p == nil {
		return fmt.Errorf("%w to show that the ledger of %d entries extends the one of %d", ErrNoProof, b.Size, a.Size)
	}
	if p.Origin != a.Origin || p.OldSize != a.Size || p.NewSize != b.Size {
		return fmt.Errorf("the proof is from %d to %d entries of %s, not from %d to %d of %s",
			p.OldSize, p.NewSize, p.Origin, a.Size, b.Size, a.Origin)
	}
	proof := make(tlog.TreeProof, len(p.Hashes))
	for i, s := range p.Hashes {
		raw, err := base64.StdEncoding.DecodeString(s)
		if err != nil || len(raw) != tlog.HashSize {
			return fmt.Errorf("the proof's hash %d is not a base64 SHA-256", i+1)
		}
		copy(proof[i][:], raw)
	}
	if err := tlog.CheckTree(proof, b.Size, b.Root, a.Size, a.Root); err != nil {
		return fmt.Errorf("%w: the ledger of %d entries does not begin with the %d of the earlier checkpoint (%v)",
			ErrInconsistent, b.Size, a.Size, err)
	}
	return nil
}

// String describes a checkpoint in one line.
func (c Checkpoint) String() string {
	return c.Origin + " " + strconv.FormatInt(c.Size, 10) + " entries at " + c.Time.UTC().Format(time.RFC3339)
}

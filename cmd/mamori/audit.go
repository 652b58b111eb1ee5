package main

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/mattn/go-runewidth"
	"github.com/spf13/cobra"

	"github.com/mamori-dev/mamori/engine/attest"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/engine/i18n"
	"github.com/mamori-dev/mamori/internal/store"
)

func newAuditCmd(g *globalOptions, s *streams) *cobra.Command {
	return groupCmd("audit", "Check the verdict service's audit ledger",
		newAuditVerifyCmd(g, s, nil), newAuditCheckpointCmd(g, s, nil), newAuditConsistencyCmd(g, s, nil))
}

type auditVerifyOptions struct {
	DB          string
	Checkpoints []string
	Keys        []string
	Lang        string
}

func newAuditVerifyCmd(_ *globalOptions, s *streams, runF func(context.Context, *auditVerifyOptions) error) *cobra.Command {
	opts := &auditVerifyOptions{}
	cmd := &cobra.Command{
		Use:   "verify [--db FILE] [--checkpoint FILE --key PUB]...",
		Short: "Verify the audit ledger and every record that decides access",
		Long: `Verify walks the audit ledger of a "mamori serve" database from the first entry
and checks that every entry's hash matches its content and links to the entry
before it, and that the last entry is the one the ledger head records. Each
signed gate decision kept in an entry must still have the digest the entry
recorded.

Then it checks every row that decides a gate or an access against the entry
that recorded it, column by column: organisations, sites, contracts and their
subcontractors, auditor assignments, evidence, verdicts, site checks,
suspensions and tokens. A row changed, deleted, or added outside the store is
named by table, key and column.

With --checkpoint (a checkpoint signed by the server, kept outside the
database: see "mamori audit checkpoint") and the server's public key, it also
proves that the ledger still extends each checkpoint: entries removed (a
rollback) or a rewritten past show, which nothing inside the database can show
by itself. A checkpoint signed by another key is refused.

It prints what it checked (the entries, each table's rows, each checkpoint)
and "ok", or the first difference, and exits 2.`,
		Example: `  $ mamori audit verify --db /var/lib/mamori/mamori.db
  $ mamori audit verify --db mamori.db --key mamori-server.pub --checkpoint archive/ledger-418233.checkpoint
  $ mamori audit verify --db mamori.db --lang ja`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.DB == "" {
				return flagErrorf("--db FILE must not be empty")
			}
			if len(opts.Checkpoints) > 0 && len(opts.Keys) == 0 {
				return flagErrorf("--checkpoint needs the server's public key: --key PUB")
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runAuditVerify(cmd.Context(), s, opts)
		},
	}
	cmd.Flags().StringVar(&opts.DB, "db", "./mamori.db", "the service's SQLite database `FILE`")
	cmd.Flags().StringArrayVar(&opts.Checkpoints, "checkpoint", nil, "a signed checkpoint `FILE` the ledger must extend (repeatable)")
	cmd.Flags().StringArrayVar(&opts.Keys, "key", nil, "the server's public key `PUB` (PEM; repeatable, for keys retired since)")
	addLangFlag(cmd, &opts.Lang, "language of the report")
	return cmd
}

// errLedgerBroken reports a ledger that does not verify (exit 2); the
// problem has been printed.
var errLedgerBroken = errors.New("audit verify: the ledger does not verify")

// openExisting opens the service's database, which must exist: a
// command never creates one just to read it.
func openExisting(ctx context.Context, what, file string) (*store.SQLite, error) {
	if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %s does not exist", what, file)
	} else if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	st, err := store.Open(ctx, file, store.Options{})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return st, nil
}

// signedCheckpoint is a checkpoint file, verified, with the key that
// signed it.
type signedCheckpoint struct {
	file  string
	cp    store.Checkpoint
	keyID string
}

// readCheckpoints reads and verifies checkpoint files against the keys.
func readCheckpoints(keys []ed25519.PublicKey, files ...string) ([]signedCheckpoint, error) {
	var out []signedCheckpoint
	for _, f := range files {
		b, err := evidence.ReadFile(f, 64<<10)
		if err != nil {
			return nil, err
		}
		var cp store.Checkpoint
		keyID := ""
		for _, k := range keys {
			if cp, err = store.OpenCheckpoint(b, k); err == nil {
				keyID = attest.KeyID(k)
				break
			}
			if !errors.Is(err, store.ErrCheckpointKey) {
				break
			}
		}
		if err != nil {
			return nil, fmt.Errorf("checkpoint %s: %w", f, err)
		}
		out = append(out, signedCheckpoint{file: f, cp: cp, keyID: keyID})
	}
	return out, nil
}

func runAuditVerify(ctx context.Context, s *streams, opts *auditVerifyOptions) error {
	keys, err := attest.ReadPublicKeys(opts.Keys...)
	if err != nil {
		return fmt.Errorf("audit verify: --key: %w", err)
	}
	scps, err := readCheckpoints(keys, opts.Checkpoints...)
	if err != nil {
		return fmt.Errorf("audit verify: %w", err)
	}
	st, err := openExisting(ctx, "audit verify", opts.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	cps := make([]store.Checkpoint, len(scps))
	for i, c := range scps {
		cps[i] = c.cp
	}
	rep, err := st.VerifyLedger(ctx, cps...)
	if err != nil {
		return fmt.Errorf("audit verify: %w", err)
	}
	printAuditReport(s.Out, opts.Lang, &rep, scps)
	if p := rep.Problem; p != nil {
		detail := p.Detail
		if opts.Lang == i18n.JA {
			detail = p.DetailJA
		}
		if p.Seq == 0 { // a row that no entry recorded
			fmt.Fprintln(s.Out, i18n.T(opts.Lang, "audit.broken_row", p.Kind, p.Where(), detail))
			return fmt.Errorf("%w: %s: %s", errLedgerBroken, p.Kind, p.Where())
		}
		fmt.Fprintln(s.Out, i18n.T(opts.Lang, "audit.broken_entry", p.Seq, p.Kind, p.Where(), detail))
		return fmt.Errorf("%w: entry %d %s: %s", errLedgerBroken, p.Seq, p.Kind, p.Where())
	}
	fmt.Fprintln(s.Out, i18n.T(opts.Lang, "audit.ok", rep.Entries))
	return nil
}

// printAuditReport prints what verification read: the entries, each
// table and each checkpoint.
func printAuditReport(w io.Writer, lang string, rep *store.LedgerReport, scps []signedCheckpoint) {
	t := func(key string, args ...any) string { return i18n.T(lang, "audit."+key, args...) }
	fmt.Fprintln(w, t("ledger", rep.Origin, rep.Entries, rep.Kept))
	if rep.Adopted > 0 {
		fmt.Fprintln(w, t("adopted", rep.Adopted))
	}
	if len(rep.Tables) > 0 {
		fmt.Fprintf(w, "%s %s  %s\n", runewidth.FillRight(t("table"), 24), runewidth.FillLeft(t("rows"), 9), t("checked"))
	}
	for _, tc := range rep.Tables {
		how := ""
		switch {
		case tc.Coverage == store.CoverAppendOnly:
			how = t("append_only")
		case tc.Coverage == store.CoverLastChange:
			how = t("last_change")
		case tc.Table == "ledger":
			how = t("ledger_table")
		case tc.Table == "ledger_head":
			how = t("ledger_head")
		default:
			how = t("nothing")
		}
		fmt.Fprintf(w, "%-24s %9d  %s\n", tc.Table, tc.Rows, how)
	}
	for i, c := range rep.Checkpoints {
		res := t("extended")
		if !c.OK {
			res = t("not_extended")
		}
		fmt.Fprintln(w, t("checkpoint", scps[i].file, c.Size, c.Time.UTC().Format(time.RFC3339), scps[i].keyID, res))
	}
}

type auditCheckpointOptions struct {
	DB      string
	KeyFile string
	OutFile string
	Lang    string
}

func newAuditCheckpointCmd(_ *globalOptions, s *streams, runF func(context.Context, *auditCheckpointOptions) error) *cobra.Command {
	opts := &auditCheckpointOptions{}
	cmd := &cobra.Command{
		Use:   "checkpoint [--db FILE] [--key FILE] -o FILE",
		Short: "Sign a checkpoint of the audit ledger, to keep outside the database",
		Long: `Checkpoint verifies the ledger as "mamori audit verify" does, then signs a
checkpoint of it with the server's key and writes it to FILE: a C2SP signed
note (c2sp.org/tlog-checkpoint) naming the ledger, its number of entries, the
RFC 6962 Merkle root over the entries' hashes, the hash chain's last hash and
the time, like a Certificate Transparency signed tree head. It refuses to sign
a ledger that does not verify, and never overwrites a file.

Keep checkpoints where whoever can write to the database cannot: another
machine, the Ministry's archive. "mamori audit verify --checkpoint FILE" then
proves that the ledger still extends each, and "mamori audit consistency"
compares two without the database. "mamori serve" signs one at an interval and
on shutdown, and serves the current one at GET /v1/ledger/checkpoint.`,
		Example: `  $ mamori audit checkpoint --db mamori.db --key mamori-server.key -o ledger-$(date +%F).checkpoint`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.DB == "" || opts.KeyFile == "" {
				return flagErrorf("--db and --key must not be empty")
			}
			if opts.OutFile == "" {
				return flagErrorf("-o/--out FILE is required")
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runAuditCheckpoint(cmd.Context(), s, opts)
		},
	}
	cmd.Flags().StringVar(&opts.DB, "db", "./mamori.db", "the service's SQLite database `FILE`")
	cmd.Flags().StringVar(&opts.KeyFile, "key", "./mamori-server.key", "the server's Ed25519 signing key `FILE` (PKCS#8 PEM)")
	addOutFlag(cmd, &opts.OutFile, "write the checkpoint to `FILE` (never overwritten)")
	addLangFlag(cmd, &opts.Lang, "language of messages")
	return cmd
}

func runAuditCheckpoint(ctx context.Context, s *streams, opts *auditCheckpointOptions) error {
	b, err := evidence.ReadFile(opts.KeyFile, evidence.MaxInputBytes)
	if err != nil {
		return fmt.Errorf("audit checkpoint: --key: %w", err)
	}
	key, err := attest.ParsePrivateKey(b)
	if err != nil {
		return fmt.Errorf("audit checkpoint: --key %s: %w", opts.KeyFile, err)
	}
	st, err := openExisting(ctx, "audit checkpoint", opts.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	rep, err := st.VerifyLedger(ctx)
	if err != nil {
		return fmt.Errorf("audit checkpoint: %w", err)
	}
	if p := rep.Problem; p != nil {
		return fmt.Errorf("audit checkpoint: the ledger does not verify, so it is not signed: %s", p)
	}
	var tree store.LedgerTree
	if err := tree.Extend(ctx, st, rep.LastSeq); err != nil {
		return fmt.Errorf("audit checkpoint: %w", err)
	}
	cp, err := tree.Checkpoint(rep.Origin, time.Now())
	if err != nil {
		return fmt.Errorf("audit checkpoint: %w", err)
	}
	signed, err := store.SignCheckpoint(cp, key)
	if err != nil {
		return fmt.Errorf("audit checkpoint: %w", err)
	}
	if err := writeNewFile(opts.OutFile, signed, 0o644); err != nil {
		return fmt.Errorf("audit checkpoint: %w", err)
	}
	fmt.Fprintln(s.Err, i18n.T(opts.Lang, "audit.wrote_checkpoint", opts.OutFile, cp.Origin, cp.Size, cp.Time.UTC().Format(time.RFC3339)))
	return nil
}

type auditConsistencyOptions struct {
	Old, New  string
	Keys      []string
	ProofFile string
	DB        string
	OutFile   string
	Lang      string
}

func newAuditConsistencyCmd(_ *globalOptions, s *streams, runF func(context.Context, *auditConsistencyOptions) error) *cobra.Command {
	opts := &auditConsistencyOptions{}
	cmd := &cobra.Command{
		Use:   "consistency OLD NEW --key PUB [--proof FILE | --db FILE [-o FILE]]",
		Short: "Check that one ledger checkpoint extends another, without the database",
		Long: `Consistency checks that checkpoint NEW extends checkpoint OLD: that the ledger
NEW counted begins with the entries OLD counted, unchanged. Both must be signed
by a key given with --key, and be of the same ledger.

Two checkpoints of the same size are consistent when they are equal; two that
differ prove that the server signed two histories. For different sizes a
consistency proof is needed (RFC 9162 §2.1.4: a few dozen hashes), from someone
who holds the ledger: GET /v1/ledger/consistency?from=OLD&to=NEW, or --db FILE
here, which computes it (and with -o FILE writes it for others). With --proof
FILE the check needs no database: two parties can compare the checkpoints they
were shown. A checkpoint alone cannot prove this: it is only the head of a
tree.

Exit codes: 0 consistent, 2 not consistent, not proven, or an error.`,
		Example: `  $ mamori audit consistency old.checkpoint new.checkpoint --key mamori-server.pub --proof proof.json
  $ mamori audit consistency old.checkpoint new.checkpoint --key mamori-server.pub --db mamori.db -o proof.json`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Old, opts.New = args[0], args[1]
			if len(opts.Keys) == 0 {
				return flagErrorf("--key PUB is required")
			}
			if opts.ProofFile != "" && opts.DB != "" {
				return flagErrorf("--proof and --db are two ways to the same proof: give one")
			}
			if opts.OutFile != "" && opts.DB == "" {
				return flagErrorf("-o FILE writes the proof computed from --db FILE")
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runAuditConsistency(cmd.Context(), s, opts)
		},
	}
	cmd.Flags().StringArrayVar(&opts.Keys, "key", nil, "the server's public key `PUB` (PEM; repeatable)")
	cmd.Flags().StringVar(&opts.ProofFile, "proof", "", "the consistency proof `FILE` (JSON)")
	cmd.Flags().StringVar(&opts.DB, "db", "", "compute the proof from the service's SQLite database `FILE`")
	addOutFlag(cmd, &opts.OutFile, "write the proof computed from --db to `FILE`")
	addLangFlag(cmd, &opts.Lang, "language of the report")
	return cmd
}

// errInconsistent reports checkpoints that are not shown consistent
// (exit 2); the reason has been printed.
var errInconsistent = errors.New("audit consistency: the checkpoints are not shown consistent")

func runAuditConsistency(ctx context.Context, s *streams, opts *auditConsistencyOptions) error {
	keys, err := attest.ReadPublicKeys(opts.Keys...)
	if err != nil {
		return fmt.Errorf("audit consistency: --key: %w", err)
	}
	scps, err := readCheckpoints(keys, opts.Old, opts.New)
	if err != nil {
		return fmt.Errorf("audit consistency: %w", err)
	}
	older, newer := scps[0].cp, scps[1].cp
	if older.Size > newer.Size {
		older, newer = newer, older
	}
	var proof *store.ConsistencyProof
	switch {
	case opts.ProofFile != "":
		b, err := evidence.ReadFile(opts.ProofFile, 1<<20)
		if err != nil {
			return fmt.Errorf("audit consistency: --proof: %w", err)
		}
		proof = &store.ConsistencyProof{}
		if err := evidence.Decode(opts.ProofFile, b, proof); err != nil {
			return fmt.Errorf("audit consistency: --proof: %w", err)
		}
	case opts.DB != "" && older.Size != newer.Size && older.Origin == newer.Origin:
		st, err := openExisting(ctx, "audit consistency", opts.DB)
		if err != nil {
			return err
		}
		defer st.Close()
		if proof, err = store.ProveConsistency(ctx, st, older.Origin, older.Size, newer.Size); err != nil {
			return fmt.Errorf("audit consistency: %w", err)
		}
		if opts.OutFile != "" {
			b, err := json.MarshalIndent(proof, "", "  ")
			if err != nil {
				return err
			}
			if err := writeNewFile(opts.OutFile, append(b, '\n'), 0o644); err != nil {
				return fmt.Errorf("audit consistency: %w", err)
			}
		}
	}
	err = store.CheckConsistency(older, newer, proof)
	if err != nil {
		why := err.Error()
		switch {
		case errors.Is(err, store.ErrNoProof):
			why = i18n.T(opts.Lang, "audit.consistency.no_proof")
		case errors.Is(err, store.ErrInconsistent):
			why = i18n.T(opts.Lang, "audit.consistency.two_histories", err.Error())
		}
		fmt.Fprintln(s.Out, i18n.T(opts.Lang, "audit.consistency.not_shown", why))
		return fmt.Errorf("%w: %v", errInconsistent, err)
	}
	when := func(c store.Checkpoint) string { return c.Time.UTC().Format(time.RFC3339) }
	fmt.Fprintln(s.Out, i18n.T(opts.Lang, "audit.consistency.ok",
		newer.Origin, newer.Size, when(newer), older.Size, when(older)))
	return nil
}

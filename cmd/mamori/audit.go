package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/mamori-dev/mamori/engine/i18n"
	"github.com/mamori-dev/mamori/internal/store"
)

func newAuditCmd(g *globalOptions, s *streams) *cobra.Command {
	return groupCmd("audit", "Check the verdict service's audit ledger", newAuditVerifyCmd(g, s, nil))
}

type auditVerifyOptions struct {
	DB   string
	Lang string
}

func newAuditVerifyCmd(_ *globalOptions, s *streams, runF func(context.Context, *auditVerifyOptions) error) *cobra.Command {
	opts := &auditVerifyOptions{}
	cmd := &cobra.Command{
		Use:   "verify [--db FILE]",
		Short: "Verify the hash chain of the audit ledger",
		Long: `Verify walks the audit ledger of a "mamori serve" database from the first entry
and checks that every entry's hash matches its content and links to the entry
before it, and that the last entry is the one the ledger head records. Then it
checks the records against the entries that ledgered them: every submitted
evidence file, verdict, site check, gate decision and suspension must still
exist with the digest and IDs its entry recorded, and none may exist that no
entry recorded. It prints the number of entries and "ok", or the first
altered, deleted or truncated entry (or altered, missing or unledgered record)
and exits 2.`,
		Example: `  $ mamori audit verify --db /var/lib/mamori/mamori.db`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.DB == "" {
				return flagErrorf("--db FILE must not be empty")
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runAuditVerify(cmd.Context(), s, opts)
		},
	}
	cmd.Flags().StringVar(&opts.DB, "db", "./mamori.db", "the service's SQLite database `FILE`")
	addLangFlag(cmd, &opts.Lang, "language of messages")
	return cmd
}

// errLedgerBroken reports a ledger that does not verify (exit 2); the
// problem has been printed.
var errLedgerBroken = errors.New("audit verify: the ledger does not verify")

func runAuditVerify(ctx context.Context, s *streams, opts *auditVerifyOptions) error {
	// Never create a database just to verify it.
	if _, err := os.Stat(opts.DB); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("audit verify: %s does not exist", opts.DB)
	} else if err != nil {
		return fmt.Errorf("audit verify: %w", err)
	}
	st, err := store.Open(ctx, opts.DB, store.Options{})
	if err != nil {
		return fmt.Errorf("audit verify: %w", err)
	}
	defer st.Close()
	rep, err := st.VerifyLedger(ctx)
	if err != nil {
		return fmt.Errorf("audit verify: %w", err)
	}
	if !rep.OK() {
		if rep.Problem.Seq == 0 { // a record that no entry ledgered
			fmt.Fprintln(s.Out, i18n.T(opts.Lang, "audit.broken", rep.Entries, rep.Problem.Kind, rep.Problem.Detail))
			return fmt.Errorf("%w: %s", errLedgerBroken, rep.Problem.Kind)
		}
		fmt.Fprintln(s.Out, i18n.T(opts.Lang, "audit.broken_at", rep.Entries, rep.Problem.Seq, rep.Problem.Kind, rep.Problem.Detail))
		return fmt.Errorf("%w: entry %d %s", errLedgerBroken, rep.Problem.Seq, rep.Problem.Kind)
	}
	fmt.Fprintln(s.Out, i18n.T(opts.Lang, "audit.ok", rep.Entries))
	return nil
}

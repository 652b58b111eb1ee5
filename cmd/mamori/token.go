package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mamori-dev/mamori/engine/i18n"
	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/reports"
)

var tokenRoles = []string{store.RoleCompany, store.RoleAuditor, store.RolePrime, store.RoleGate, store.RoleAdmin}

func newTokenCmd(g *globalOptions, s *streams) *cobra.Command {
	return groupCmd("token", "Manage the verdict service's API tokens",
		newTokenCreateCmd(g, s, nil), newTokenListCmd(g, s), newTokenRevokeCmd(g, s))
}

type tokenCreateOptions struct {
	DB      string
	Role    string
	Org     string
	Subject string
	Lang    string
}

func newTokenCreateCmd(_ *globalOptions, s *streams, runF func(context.Context, *tokenCreateOptions) error) *cobra.Command {
	opts := &tokenCreateOptions{}
	cmd := &cobra.Command{
		Use:   "create --role ROLE [--org ORG] --subject NAME [--db FILE]",
		Short: "Create an API token",
		Long: `Create makes a bearer token for "mamori serve" and prints it once, on stdout;
only its SHA-256 is stored. The roles:

  company   its own organisation only (--org required): submit evidence, read
            its verdicts and gap report
  auditor   the sites assigned to it ("mamori admin import"): read their
            verdicts and reports, upload site checklists
  prime     summary verdicts of the subcontractors on its contracts (--org
            required), never their evidence or findings
  gate      the gate endpoints only
  admin     registration, suspensions and everything else

The subject names the holder (an auditor's subject is what sites are assigned
to). Creating and revoking tokens is recorded in the audit ledger.`,
		Example: `  $ mamori token create --role company --org sato-machining --subject "Sato IT"
  $ mamori token create --role gate --subject dsg-gateway`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(tokenRoles, opts.Role) { // checkFlags gives the values of a --role given
				return flagErrorf("%s", i18n.T(opts.Lang, "cli.flag.required", "--role ROLE"))
			}
			if opts.Subject == "" {
				return flagErrorf("%s", i18n.T(opts.Lang, "cli.flag.required", "--subject NAME"))
			}
			needsOrg := opts.Role == store.RoleCompany || opts.Role == store.RolePrime
			if needsOrg && opts.Org == "" {
				return flagErrorf("%s", i18n.T(opts.Lang, "token.org_required", opts.Role))
			}
			if !needsOrg && opts.Org != "" {
				return flagErrorf("%s", i18n.T(opts.Lang, "token.org_not_applicable"))
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runTokenCreate(cmd.Context(), s, opts)
		},
	}
	cmd.Flags().StringVar(&opts.DB, "db", "./mamori.db", "the service's SQLite database `FILE`")
	cmd.Flags().StringVar(&opts.Role, "role", "", "the token's `ROLE`: company, auditor, prime, gate or admin")
	cmd.Flags().StringVar(&opts.Org, "org", "", "the `ORG` of a company or prime token")
	cmd.Flags().StringVar(&opts.Subject, "subject", "", "who holds the token (`NAME`)")
	must(cmd.Flags().SetAnnotation("role", valuesAnnotation, tokenRoles))
	must(cmd.RegisterFlagCompletionFunc("role", cobra.FixedCompletions(tokenRoles, cobra.ShellCompDirectiveNoFileComp)))
	addLangFlag(cmd, &opts.Lang, "language of messages")
	return cmd
}

// openStore opens the service's database; create says whether a missing
// one may be created.
func openStore(ctx context.Context, file string, create bool) (*store.SQLite, error) {
	if !create {
		if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s does not exist", file)
		}
	}
	st, err := store.Open(ctx, file, store.Options{})
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(file, 0o600); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

func runTokenCreate(ctx context.Context, s *streams, opts *tokenCreateOptions) error {
	st, err := openStore(ctx, opts.DB, true)
	if err != nil {
		return fmt.Errorf("token create: %w", err)
	}
	defer st.Close()
	if opts.Org != "" {
		if _, err := st.GetOrganization(ctx, opts.Org); err != nil {
			return fmt.Errorf("token create: --org %s: %w (register it first with mamori admin import)", opts.Org, err)
		}
	}
	t, raw, err := st.CreateToken(ctx, store.Token{Subject: opts.Subject, Role: opts.Role, OrgID: opts.Org})
	if err != nil {
		return fmt.Errorf("token create: %w", err)
	}
	fmt.Fprintln(s.Out, raw)
	say(s, opts.Lang, "token.created", t.ID, t.Role, t.Subject)
	return nil
}

func newTokenListCmd(_ *globalOptions, s *streams) *cobra.Command {
	var db, lang string
	cmd := &cobra.Command{
		Use:   "list [--db FILE]",
		Short: "List API tokens (never the tokens themselves)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := openStore(cmd.Context(), db, false)
			if err != nil {
				return fmt.Errorf("token list: %w", err)
			}
			defer st.Close()
			ts, err := st.ListTokens(cmd.Context())
			if err != nil {
				return err
			}
			tb := reports.NewTable(strings.Split(i18n.T(lang, "token.head"), "\t")...)
			for _, t := range ts {
				revoked := "-"
				if !t.RevokedAt.IsZero() {
					revoked = t.RevokedAt.Format(time.RFC3339)
				}
				org := t.OrgID
				if org == "" {
					org = "-"
				}
				tb.Row(t.ID, t.Role, org, t.Subject, t.CreatedAt.Format(time.RFC3339), revoked)
			}
			_, err = tb.WriteTo(s.Out)
			return err
		},
	}
	cmd.Flags().StringVar(&db, "db", "./mamori.db", "the service's SQLite database `FILE`")
	addLangFlag(cmd, &lang, "language of the table")
	return cmd
}

func newTokenRevokeCmd(_ *globalOptions, s *streams) *cobra.Command {
	var db, lang string
	cmd := &cobra.Command{
		Use:   "revoke ID [--db FILE]",
		Short: "Revoke an API token; a running server stops accepting it within a second",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := openStore(cmd.Context(), db, false)
			if err != nil {
				return fmt.Errorf("token revoke: %w", err)
			}
			defer st.Close()
			if err := st.RevokeToken(cmd.Context(), args[0]); err != nil {
				return fmt.Errorf("token revoke: %w", err)
			}
			fmt.Fprintln(s.Out, i18n.T(lang, "token.revoked", args[0]))
			return nil
		},
	}
	cmd.Flags().StringVar(&db, "db", "./mamori.db", "the service's SQLite database `FILE`")
	addLangFlag(cmd, &lang, "language of messages")
	return cmd
}

package main

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/spf13/cobra"

	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/engine/i18n"
	"github.com/mamori-dev/mamori/internal/server"
)

func newAdminCmd(g *globalOptions, s *streams) *cobra.Command {
	return groupCmd("admin", "Administer the verdict service's registry", newAdminImportCmd(g, s, nil))
}

type adminImportOptions struct {
	File string
	DB   string
	Lang string
}

func newAdminImportCmd(_ *globalOptions, s *streams, runF func(context.Context, *adminImportOptions) error) *cobra.Command {
	opts := &adminImportOptions{}
	cmd := &cobra.Command{
		Use:   "import FILE [--db FILE]",
		Short: "Register organisations, sites, contracts and auditors from a YAML file",
		Long: `Import registers what a "mamori: registry/v1" file lists, as the admin
endpoints do: organisations with their sites (取扱施設), contracts (the prime,
the subcontractors the contract flows down to, whether the information-security
special clause applies, the 情報セキュリティ指定書 reference) and auditor
assignments. The whole file is checked first, and nothing is written if any of
it is wrong. Records that already exist unchanged are skipped, so importing the
same file again is safe; one that exists with different content is an error.
A running server sees the changes within a second.`,
		Example: `  $ mamori admin import registry.yaml --db /var/lib/mamori/mamori.db`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runAdminImport(cmd.Context(), s, opts)
		},
	}
	cmd.Flags().StringVar(&opts.DB, "db", "./mamori.db", "the service's SQLite database `FILE`")
	addLangFlag(cmd, &opts.Lang, "language of messages")
	return cmd
}

func runAdminImport(ctx context.Context, s *streams, opts *adminImportOptions) error {
	b, err := evidence.ReadFile(opts.File, evidence.MaxInputBytes)
	if err != nil {
		return err
	}
	reg, err := server.ParseRegistry(opts.File, b)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, opts.DB, true)
	if err != nil {
		return fmt.Errorf("admin import: %w", err)
	}
	defer db.Close()
	res, err := server.ApplyRegistry(ctx, db, opts.File, reg)
	if err != nil {
		return err
	}
	for _, k := range slices.Sorted(maps.Keys(res.Created)) {
		fmt.Fprintln(s.Out, i18n.T(opts.Lang, "admin.created", res.Created[k], k))
	}
	for _, k := range slices.Sorted(maps.Keys(res.Unchanged)) {
		fmt.Fprintln(s.Out, i18n.T(opts.Lang, "admin.unchanged", res.Unchanged[k], k))
	}
	return nil
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"

	"github.com/spf13/cobra"

	"github.com/mamori-dev/mamori/controls"
	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/i18n"
	"github.com/mamori-dev/mamori/policies"
)

// streams are the command's standard streams, injected so that tests
// can capture them.
type streams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

// Exit codes.
const (
	exitReady    = 0
	exitFindings = 1
	exitError    = 2
)

// errFindings reports that the assessment found gaps (exit 1). The
// result has already been printed.
var errFindings = errors.New("gaps found")

// globalOptions are the flags every command shares.
type globalOptions struct {
	controlsDir string
	policiesDir string
	// lang is the language of the command's messages, once its flags
	// are checked.
	lang string

	catOnce sync.Once
	cat     *engine.Catalog
	catErr  error
}

// controlsFS returns the catalogue directory: --controls or the
// embedded catalogues.
func (g *globalOptions) controlsFS() fs.FS {
	if g.controlsDir != "" {
		return os.DirFS(g.controlsDir)
	}
	return controls.FS
}

// policiesFS returns the policy directory: --policies or the embedded
// bundle.
func (g *globalOptions) policiesFS() fs.FS {
	if g.policiesDir != "" {
		return os.DirFS(g.policiesDir)
	}
	return policies.FS
}

func (g *globalOptions) engine(ctx context.Context, params map[string]any) (*engine.Engine, error) {
	return g.engineWithCloud(ctx, params, nil)
}

// engineWithCloud is engine with a cloud registry (--cloud-registry) to
// check the evidence's cloud services against.
func (g *globalOptions) engineWithCloud(ctx context.Context, params map[string]any, reg *engine.CloudRegistry) (*engine.Engine, error) {
	for flag, dir := range map[string]string{"--controls": g.controlsDir, "--policies": g.policiesDir} {
		if dir == "" {
			continue
		}
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("%s %s: not a directory", flag, dir)
		}
	}
	// MAMORI_FINDINGS_CACHE=off evaluates every package's findings anew
	// for each evidence set, for measuring what the cache saves.
	noCache := os.Getenv("MAMORI_FINDINGS_CACHE") == "off"
	return engine.New(ctx, engine.Options{Controls: g.controlsFS(), Policies: g.policiesFS(), Params: params, NoCache: noCache, CloudRegistry: reg})
}

func newRootCmd(s *streams) *cobra.Command {
	g := &globalOptions{}
	root := &cobra.Command{
		Use:   "mamori",
		Short: "Assess defence contractors against NIST SP 800-171 and the MoD standard",
		Long: `mamori (守り) assesses a company's evidence against NIST SP 800-171 and Japan's
Defense Industry Cybersecurity Standard (防衛産業サイバーセキュリティ基準). It gives
the DoD Assessment Methodology score, the CMMC Level 2 status, the Japanese
conformance view (実施済 / 未実施 / 該当なし) and the gaps worth fixing first.

Exit codes: 0 fully conformant, 1 gaps found, 2 error.`,
		SilenceUsage:      true,
		SilenceErrors:     true,
		DisableAutoGenTag: true,
	}
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		g.lang = langOf(cmd)
		return checkFlags(cmd)
	}
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	root.PersistentFlags().StringVar(&g.controlsDir, "controls", "", "load catalogues from `DIR` instead of the embedded ones")
	root.PersistentFlags().StringVar(&g.policiesDir, "policies", "", "load policies from `DIR` instead of the embedded ones")
	root.AddCommand(
		newAssessCmd(g, s, nil),
		newReportCmd(g, s),
		newExportCmd(g, s),
		newChecklistCmd(g, s),
		newCollectCmd(g, s),
		newFactsCmd(g, s),
		newTemplateCmd(g, s),
		newCatalogCmd(g, s),
		newKeyCmd(g, s),
		newAuditCmd(g, s),
		newVerifyCmd(g, s, nil),
		newSupplyChainCmd(g, s),
		newServeCmd(g, s, nil),
		newTokenCmd(g, s),
		newAdminCmd(g, s),
		newVersionCmd(s),
	)
	return root
}

// groupCmd is a command that only holds subcommands: alone it prints its
// help; with an unknown subcommand it is a usage error.
func groupCmd(use, short string, subs ...*cobra.Command) *cobra.Command {
	cmd := &cobra.Command{Use: use, Short: short, Args: cobra.ArbitraryArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return flagErrorf("%s", i18n.T(langOf(c), "cli.unknown_command", args[0], c.CommandPath()))
			}
			return c.Help()
		}}
	cmd.AddCommand(subs...)
	return cmd
}

// flagError is a usage mistake: it prints the usage line.
type flagError struct{ err error }

func (e *flagError) Error() string { return e.err.Error() }
func (e *flagError) Unwrap() error { return e.err }

func flagErrorf(format string, args ...any) error {
	return &flagError{fmt.Errorf(format, args...)}
}

// run executes the command line and returns the exit code.
func run(ctx context.Context, args []string, s *streams) int {
	root := newRootCmd(s)
	root.SetArgs(args)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return &flagError{err} })
	cmd, err := root.ExecuteContextC(ctx)
	switch {
	case err == nil:
		return exitReady
	case errors.Is(err, errFindings):
		return exitFindings
	}
	lang := langOf(cmd)
	fmt.Fprintln(s.Err, i18n.T(lang, "cli.error", err))
	var fe *flagError
	if errors.As(err, &fe) && cmd != nil {
		fmt.Fprintln(s.Err, i18n.T(lang, "cli.usage_hint", cmd.CommandPath()))
	}
	return exitError
}

package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/i18n"
	"github.com/mamori-dev/mamori/reports"
)

func newReportCmd(g *globalOptions, s *streams) *cobra.Command {
	return groupCmd("report", "Write Excel reports of an assessment", newReportGapCmd(g, s, nil))
}

type reportGapOptions struct {
	Paths      []string
	OutFile    string
	Lang       string
	ParamsFile string
	// CloudRegistry is the --cloud-registry file.
	CloudRegistry string
}

func newReportGapCmd(g *globalOptions, s *streams, runF func(context.Context, *reportGapOptions) error) *cobra.Command {
	opts := &reportGapOptions{}
	cmd := &cobra.Command{
		Use:   "gap EVIDENCE... -o FILE",
		Short: "Write the gap report workbook (.xlsx) of an evidence set",
		Long: `Gap assesses an evidence set (YAML or JSON files, directories of them, and
self-assessment workbooks, merged as assess does) and writes the gap report as an
Excel workbook: a summary with the DoD score, the CMMC status, the Japanese
conformance count, charts by family and CSF 2.0 function and the remediation
priorities; one row per requirement with its SP 800-53 source controls and the
evidence relied on; one row per objective with its provenance; and the POA&M,
pre-filled from the evidence's POA&M items, with rows to complete for the gaps
no item covers. When the evidence declares cloud services, a sheet lists each
with what it holds and the outcome of its check against --cloud-registry.

The workbook prints on A4 landscape and is marked 取扱注意 (handle with care):
it is written with mode 0600, and nothing is written if anything fails. Once
written, a line on standard error says what it holds and where to start.

Exit codes: 0 fully conformant, 1 gaps found (the report is written: the
command succeeded), 2 error.`,
		Example: `  $ mamori report gap examples/kobayashi-electronics -o gap.xlsx
  $ mamori report gap evidence/ -o gap.xlsx --lang ja --params thresholds.yaml
  $ mamori report gap evidence/ -o gap.xlsx --cloud-registry ismap-2026-10.csv`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if opts.OutFile == "" {
				return flagErrorf("%s", i18n.T(opts.Lang, "cli.flag.required_workbook", i18n.T(opts.Lang, "cli.what.gap")))
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runReportGap(cmd.Context(), g, s, opts)
		},
	}
	addOutFlag(cmd, &opts.OutFile, "write the workbook to `FILE` (mode 0600)")
	addLangFlag(cmd, &opts.Lang, "language of the workbook and messages")
	cmd.Flags().StringVar(&opts.ParamsFile, "params", "", "override thresholds with a YAML or JSON `FILE`")
	cmd.Flags().StringVar(&opts.CloudRegistry, "cloud-registry", "", cloudRegistryUsage)
	return cmd
}

func runReportGap(ctx context.Context, g *globalOptions, s *streams, opts *reportGapOptions) error {
	params, err := readParams(opts.ParamsFile)
	if err != nil {
		return err
	}
	reg, err := readCloudRegistry(opts.CloudRegistry, s.Err)
	if err != nil {
		return err
	}
	// The SP 800-53 text is a large catalogue: read it while the policies
	// compile.
	var (
		sp    *engine.Catalog
		spErr error
		done  = make(chan struct{})
	)
	go func() {
		defer close(done)
		sp, spErr = engine.LoadCatalog(g.controlsFS(), reports.SP80053Catalog)
	}()
	eng, err := g.engineWithCloud(ctx, params, reg)
	<-done
	if err != nil {
		return err
	}
	if spErr != nil {
		return fmt.Errorf("load catalogue: %w", spErr)
	}
	cats, err := engine.NewCatalogs(eng.Catalog(), sp)
	if err != nil {
		return err
	}
	// Like assess, this reads YAML, JSON and self-assessment workbooks.
	ev, err := g.readEvidence(opts.Paths...)
	if err != nil {
		return err
	}
	v, err := eng.Assess(ctx, ev)
	if err != nil {
		return err
	}
	r := &reports.GapReport{Verdict: v, Evidence: ev, Catalog: eng.Catalog(), Catalogs: cats, Lang: opts.Lang}
	if err := writeFileAtomic(opts.OutFile, 0o600, func(w io.Writer) error { return r.Write(w) }); err != nil {
		return err
	}
	say(s, opts.Lang, "cli.done.gap", opts.OutFile, decisionText(opts.Lang, v.Ready), scoreText(opts.Lang, v.DoD.Score),
		i18n.Code(opts.Lang, "cmmc", v.CMMC.Status), len(v.CMMC.Blocking), len(v.Gaps))
	return verdictDone(s, opts.Lang, v)
}

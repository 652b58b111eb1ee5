package main

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/i18n"
	"github.com/mamori-dev/mamori/reports"
)

type templateOptions struct {
	OutFile string
	Lang    string
}

func newTemplateCmd(g *globalOptions, s *streams) *cobra.Command {
	return groupCmd("template", "Write workbooks to fill in", newTemplateSelfAssessmentCmd(g, s, nil),
		newTemplateSupplyChainCmd(g, s, nil))
}

func newTemplateSelfAssessmentCmd(g *globalOptions, s *streams, runF func(context.Context, *templateOptions) error) *cobra.Command {
	opts := &templateOptions{}
	cmd := &cobra.Command{
		Use:   "self-assessment -o FILE",
		Short: "Write the SME self-assessment workbook (Excel) to fill in",
		Long: `Write an Excel workbook for a self-assessment against SP 800-171 Rev 2: one row per
SP 800-171A objective, grouped by requirement, with drop-downs for the
determination and method, columns for the justification and artifact
references, and sheets for the organisation, the artifacts and the facts.

IDs, texts and headers are locked by sheet protection (no password), and a
hidden sheet records the catalogue version and a SHA-256 of the locked cells.
Assess the filled workbook with "mamori assess FILE.xlsx" (it may be combined
with YAML files, for example a POA&M). A workbook whose IDs, texts or
structure were edited is rejected, naming the sheet and cell. Once written, a
line on standard error says what to do next.`,
		Example: `  $ mamori template self-assessment -o sa.xlsx
  $ mamori template self-assessment -o sa-en.xlsx --lang en
  $ mamori assess sa.xlsx poam.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.OutFile == "" {
				return flagErrorf("%s", i18n.T(opts.Lang, "cli.flag.required_workbook", i18n.T(opts.Lang, "cli.what.self_assessment")))
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runTemplateSelfAssessment(g, s, opts)
		},
	}
	addOutFlag(cmd, &opts.OutFile, "write the workbook to `FILE`")
	addLangFlag(cmd, &opts.Lang, "language of the workbook (en: Japanese and English instructions, English texts) and messages")
	return cmd
}

func runTemplateSelfAssessment(g *globalOptions, s *streams, opts *templateOptions) error {
	cat, err := engine.LoadCatalog(g.controlsFS(), engine.DefaultCatalog)
	if err != nil {
		return err
	}
	// An empty template holds no company data: it is written 0644.
	if err := writeFileAtomic(opts.OutFile, 0o644, func(w io.Writer) error {
		return reports.WriteSelfAssessmentTemplate(w, cat, opts.Lang)
	}); err != nil {
		return err
	}
	objectives := 0
	for _, r := range cat.Requirements() {
		objectives += len(r.Objectives)
	}
	say(s, opts.Lang, "cli.done.template_self_assessment", opts.OutFile, objectives)
	return nil
}

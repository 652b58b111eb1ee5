package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mamori-dev/mamori/controls"
	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/engine/i18n"
	"github.com/mamori-dev/mamori/reports"
)

func newChecklistCmd(g *globalOptions, s *streams) *cobra.Command {
	return groupCmd("checklist", "Write checklists for auditors to fill in", newChecklistSiteCmd(g, s, nil))
}

type checklistSiteOptions struct {
	Paths     []string
	Site      string
	OutFile   string
	Lang      string
	Checklist string
}

func newChecklistSiteCmd(g *globalOptions, s *streams, runF func(context.Context, *checklistSiteOptions) error) *cobra.Command {
	opts := &checklistSiteOptions{}
	cmd := &cobra.Command{
		Use:   "site EVIDENCE... --site SITE -o FILE",
		Short: "Write the pre-onboarding site checklist (事前現地確認チェックリスト) for a handling facility",
		Long: `Site reads an evidence set (as assess does) and writes the pre-onboarding site
checklist for one handling facility (取扱施設) as an Excel form to print on A4
and fill in on site: per item, what the evidence claims for the linked SP 800-171
objectives, with any contradictions the policies found, and the artifacts to
inspect; columns for the auditor's result (pass / fail / not applicable / not
checked), remarks and photo references; and a sign-off block.

The items come from the embedded checklist, a provisional list that mamori
derived from the SP 800-171 physical protection requirements and the published
DSG joining steps; --checklist loads another (the Ministry's official list, when
published) of the same YAML form.

Read filled forms back with "mamori assess EVIDENCE... --site-visit FILE": the
auditors' results become auditor-verified determinations.

The form is marked 取扱注意 and written with mode 0600; nothing is written if
anything fails. Once written, a line on standard error says what to do next.`,
		Example: `  $ mamori checklist site examples/sato-machining --site suwa-honsha -o checklist.xlsx
  $ mamori assess examples/sato-machining --site-visit filled-1.xlsx --site-visit filled-2.xlsx`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if opts.OutFile == "" {
				return flagErrorf("%s", i18n.T(opts.Lang, "cli.flag.required_workbook", i18n.T(opts.Lang, "cli.what.checklist")))
			}
			if opts.Site == "" {
				return flagErrorf("%s", i18n.T(opts.Lang, "cli.flag.required", "--site SITE"))
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runChecklistSite(cmd.Context(), g, s, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Site, "site", "", "the `SITE` ID of the handling facility to check")
	must(cmd.RegisterFlagCompletionFunc("site", g.completeSites))
	addOutFlag(cmd, &opts.OutFile, "write the workbook to `FILE` (mode 0600)")
	addLangFlag(cmd, &opts.Lang, "language of the form and messages")
	cmd.Flags().StringVar(&opts.Checklist, "checklist", "", "load the checklist items from a YAML `FILE` instead of the embedded provisional list")
	return cmd
}

func runChecklistSite(ctx context.Context, g *globalOptions, s *streams, opts *checklistSiteOptions) error {
	eng, err := g.engine(ctx, nil)
	if err != nil {
		return err
	}
	cl, err := loadChecklist(opts.Checklist, eng.Catalog())
	if err != nil {
		return err
	}
	ev, err := g.readEvidence(opts.Paths...)
	if err != nil {
		return err
	}
	if len(ev.Sites) > 0 && !slices.ContainsFunc(ev.Sites, func(s evidence.Site) bool { return s.ID == opts.Site }) {
		ids := make([]string, len(ev.Sites))
		for i, s := range ev.Sites {
			ids[i] = s.ID
		}
		return flagErrorf("%s", i18n.T(opts.Lang, "cli.flag.unknown_site", opts.Site, strings.Join(ids, ", ")))
	}
	v, err := eng.Assess(ctx, ev)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(opts.OutFile, 0o600, func(w io.Writer) error {
		return reports.WriteSiteChecklist(w, cl, ev, v, opts.Site, opts.Lang)
	}); err != nil {
		return err
	}
	say(s, opts.Lang, "cli.done.checklist", opts.OutFile, opts.Site, len(cl.Items))
	return nil
}

// loadChecklist reads a checklist file, or the embedded one.
func loadChecklist(file string, cat *engine.Catalog) (*engine.Checklist, error) {
	name := file
	var b []byte
	var err error
	if file == "" {
		name = "controls/" + engine.DefaultChecklist
		b, err = controls.FS.ReadFile(engine.DefaultChecklist)
	} else {
		b, err = evidence.ReadFile(file, evidence.MaxInputBytes)
	}
	if err != nil {
		return nil, err
	}
	return engine.ParseChecklist(name, b, cat)
}

// applySiteVisits reads filled site checklists and applies them to ev,
// printing the conflicts between auditors to w.
func applySiteVisits(ev *evidence.Evidence, files []string, cat *engine.Catalog, w io.Writer, lang string) (*evidence.Evidence, error) {
	if len(files) == 0 {
		return ev, nil
	}
	cl, err := loadChecklist("", cat)
	if err != nil {
		return nil, err
	}
	var checks []*engine.SiteCheck
	for _, p := range files {
		sc, err := readSiteCheck(p, cl, lang)
		if err != nil {
			return nil, err
		}
		checks = append(checks, sc)
	}
	out, conflicts, err := engine.ApplySiteChecks(ev, checks...)
	if err != nil {
		return nil, err
	}
	for _, c := range conflicts {
		fmt.Fprintln(w, i18n.T(lang, "cli.site_visit_conflict", c))
	}
	return out, nil
}

func readSiteCheck(path string, cl *engine.Checklist, lang string) (*engine.SiteCheck, error) {
	return readWorkbookFile(path, lang, func(r io.ReaderAt, size int64) (*engine.SiteCheck, error) {
		return reports.ReadSiteChecklist(r, size, path, cl)
	})
}

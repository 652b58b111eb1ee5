package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/i18n"
)

func newCatalogCmd(g *globalOptions, s *streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "catalog",
		Short: "Validate, show and import control catalogues",
		Long: `Catalogues are YAML files: a standard with its families, requirements,
objectives, parameters and mappings to other catalogues. mamori embeds
NIST SP 800-171 Rev 2 and Rev 3 and the SP 800-53 Rev 5 moderate baseline;
--controls DIR loads another directory of catalogues instead.`,
	}
	cmd.AddCommand(newCatalogValidateCmd(g, s), newCatalogShowCmd(g, s), newCatalogImportCmd(s), newCatalogExportCmd(g, s))
	return cmd
}

type catalogValidateOptions struct {
	Dir  string
	Lang string
}

func newCatalogValidateCmd(g *globalOptions, s *streams) *cobra.Command {
	opts := &catalogValidateOptions{}
	cmd := &cobra.Command{
		Use:   "validate [DIR]",
		Short: "Check catalogues against their schema and invariants",
		Long: `Validate loads every catalogue in DIR (default: the catalogues in use) and
checks unique IDs, objectives for every requirement, DoD points summing to
313, known CSF functions and POA&M rules, and mappings that resolve.`,
		Example: `  $ mamori catalog validate
  $ mamori catalog validate ./my-controls`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			return runCatalogValidate(g, s, opts)
		},
	}
	addLangFlag(cmd, &opts.Lang, "language of messages")
	return cmd
}

func runCatalogValidate(g *globalOptions, s *streams, opts *catalogValidateOptions) error {
	fsys := g.controlsFS()
	if opts.Dir != "" {
		fsys = os.DirFS(opts.Dir)
	}
	cats, err := engine.LoadCatalogs(fsys)
	if err != nil {
		return err
	}
	if errs := cats.Validate(); len(errs) > 0 {
		for _, e := range errs {
			fmt.Fprintln(s.Err, e)
		}
		return errors.New(i18n.T(opts.Lang, "catalog.problems", len(errs)))
	}
	for _, c := range cats.All() {
		reqs, objs := 0, 0
		for _, r := range c.Requirements() {
			if !r.Withdrawn {
				reqs++
			}
			objs += len(r.Objectives)
		}
		fmt.Fprintln(s.Out, i18n.T(opts.Lang, "catalog.ok", c.ID, reqs, objs, c.Version))
	}
	return nil
}

type catalogShowOptions struct {
	ID      string
	Lang    string
	Catalog string
}

func newCatalogShowCmd(g *globalOptions, s *streams) *cobra.Command {
	opts := &catalogShowOptions{}
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Print one requirement with its objectives and SP 800-53 text",
		Example: `  $ mamori catalog show 3.5.3
  $ mamori catalog show 3.5.3 --lang ja
  $ mamori catalog show 03.05.03 --catalog nist-sp800-171-r3
  $ mamori catalog show AC-2`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			return runCatalogShow(g, s, opts)
		},
	}
	addLangFlag(cmd, &opts.Lang, "language of the requirement's text and labels")
	cmd.Flags().StringVar(&opts.Catalog, "catalog", "", "look in this catalogue `ID` first (default: SP 800-171 Rev 2)")
	return cmd
}

func runCatalogShow(g *globalOptions, s *streams, opts *catalogShowOptions) error {
	cats, err := engine.LoadCatalogs(g.controlsFS())
	if err != nil {
		return err
	}
	prefer := []string{engine.DefaultCatalog}
	if opts.Catalog != "" {
		if _, ok := cats.Get(opts.Catalog); !ok {
			return flagErrorf("%s", i18n.T(opts.Lang, "cli.flag.unknown_catalog", opts.Catalog))
		}
		prefer = []string{opts.Catalog}
	}
	c, r, ok := cats.Lookup(opts.ID, prefer...)
	if !ok {
		return errors.New(i18n.T(opts.Lang, "catalog.not_found", opts.ID))
	}
	showRequirement(s.Out, cats, c, r, opts.Lang)
	return nil
}

func showRequirement(w io.Writer, cats *engine.Catalogs, c *engine.Catalog, r *engine.Requirement, lang string) {
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	title := r.Title.In(lang)
	if title != "" {
		title = " " + title
	}
	fmt.Fprintf(w, "%s%s  [%s, %s]\n", r.ID, title, c.ID, r.Family().Title.In(lang))
	if r.Withdrawn {
		fmt.Fprintln(w, t("catalog.withdrawn"))
	}
	fmt.Fprintf(w, "\n%s\n", indent(r.Text.In(lang), "  "))
	if lang == engine.LangJA && r.Text.JA != "" {
		fmt.Fprintf(w, "  %s\n", t("catalog.unofficial"))
	}
	if sc := r.Scoring; sc != nil {
		pts := fmt.Sprint(sc.Points)
		if sc.Partial > 0 {
			pts = t("catalog.partial", sc.Points, sc.Partial)
		}
		if sc.NoValue {
			pts = t("catalog.no_value")
		}
		csf := make([]string, len(r.CSF))
		for i, f := range r.CSF {
			csf[i] = i18n.Code(lang, "csf", f)
		}
		fmt.Fprintf(w, "\n%s %s · %s %s · %s %s · %s %s\n", t("catalog.type"), i18n.Code(lang, "req_type", r.Type),
			t("catalog.points"), pts, t("catalog.far"), i18n.Code(lang, "bool", strconv.FormatBool(sc.FAR52204)),
			t("catalog.csf"), strings.Join(csf, ", "))
		fmt.Fprintf(w, "%s %s\n", t("catalog.poam"), i18n.Code(lang, "poam_rule", sc.POAM))
	}
	if len(r.Objectives) > 0 {
		fmt.Fprintf(w, "\n%s (%d)\n", t("catalog.objectives"), len(r.Objectives))
		for _, o := range r.Objectives {
			fmt.Fprintf(w, "  %-16s %s\n", o.ID, o.Text.In(lang))
		}
	}
	if len(r.Parameters) > 0 {
		fmt.Fprintf(w, "\n%s\n", t("catalog.parameters"))
		for _, p := range r.Parameters {
			fmt.Fprintf(w, "  %-24s %s\n", p.ID, p.Label.In(lang))
		}
	}
	if len(r.Mappings) > 0 {
		fmt.Fprintf(w, "\n%s\n", t("catalog.mappings"))
		for _, m := range r.Mappings {
			line := fmt.Sprintf("  %s: %s %s", i18n.Code(lang, "mapping", m.Relation), m.Catalog, m.ID)
			if m.AsPublished != "" {
				line += fmt.Sprintf(" (%s %s)", t("catalog.published_as"), m.AsPublished)
			}
			if m.Note != "" {
				line += " — " + m.Note
			}
			fmt.Fprintln(w, line)
			if m.ID == "" {
				continue
			}
			if tc, ok := cats.Get(m.Catalog); ok {
				if tr, ok := tc.Requirement(m.ID); ok {
					fmt.Fprintf(w, "    %s\n", tr.Title.In(lang))
					fmt.Fprintf(w, "%s\n", indent(tr.Text.In(lang), "      "))
				}
			}
		}
	}
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return strings.Join(lines, "\n")
}

package main

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
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
313, POA&M rules, CSF placements (known functions of their version, each
resting on a named source or a rationale), and mappings that resolve, each
named once, none at a withdrawn entry unless it says so.`,
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
		Long: `Show prints a requirement with its objectives, parameters and mappings, and
for each SP 800-53 control it derives from, the control's statement and
discussion (supplemental guidance). With --lang ja the text is Japanese:
the SP 800-171 translation and, for the SP 800-53 controls, the project's
unofficial translation where there is one, NIST's English where there is
not, each labelled.`,
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
	if d := r.Discussion.In(lang); d != "" {
		fmt.Fprintf(w, "\n%s\n%s\n", t("catalog.discussion"), indent(d, "  "))
	}
	if sc := r.Scoring; sc != nil {
		pts := fmt.Sprint(sc.Points)
		if sc.Partial > 0 {
			pts = t("catalog.partial", sc.Points, sc.Partial)
		}
		if sc.NoValue {
			pts = t("catalog.no_value")
		}
		fmt.Fprintf(w, "\n%s %s · %s %s · %s %s\n", t("catalog.type"), i18n.Code(lang, "req_type", r.Type),
			t("catalog.points"), pts, t("catalog.far"), i18n.Code(lang, "bool", strconv.FormatBool(sc.FAR52204)))
		fmt.Fprintf(w, "%s %s\n", t("catalog.poam"), i18n.Code(lang, "poam_rule", sc.POAM))
	}
	if len(r.CSF) > 0 {
		// The version the roll-ups show first, then the others.
		shown, _ := c.CSFShown()
		versions := []string{shown}
		for _, v := range slices.Sorted(maps.Keys(r.CSF)) {
			if v != shown {
				versions = append(versions, v)
			}
		}
		fmt.Fprintf(w, "\n%s\n", t("catalog.csf"))
		for _, v := range versions {
			p, ok := r.CSF[v]
			if !ok {
				continue
			}
			fns := make([]string, len(p.Functions))
			for i, f := range p.Functions {
				fns[i] = i18n.Code(lang, "csf", f)
			}
			line := fmt.Sprintf("  CSF %s  %s", v, strings.Join(fns, ", "))
			if len(p.Subcategories) > 0 {
				line += " (" + strings.Join(p.Subcategories, ", ") + ")"
			}
			fmt.Fprintf(w, "%s  [%s]\n", line, p.Basis)
			if p.Rationale != "" {
				fmt.Fprintf(w, "%s\n", indent(p.Rationale, "    "))
			}
		}
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
					showSource(w, tr, lang)
				}
			}
		}
	}
}

// showSource prints a requirement's source control (an SP 800-53
// control) under its mapping: title, statement and discussion. In
// Japanese it gives the project's unofficial translation, labelled as
// such, or NIST's English where there is none yet, saying so.
func showSource(w io.Writer, r *engine.Requirement, lang string) {
	title := r.Title.In(lang)
	if lang == engine.LangJA && r.Title.JA != "" && r.Title.EN != "" {
		title += "（" + r.Title.EN + "）"
	}
	fmt.Fprintf(w, "    %s\n", title)
	if lang == engine.LangJA {
		if r.Text.JA != "" {
			fmt.Fprintln(w, "      （非公式訳。原文はNISTの英語）")
		} else {
			fmt.Fprintln(w, "      （日本語訳なし。NISTの英語原文）")
		}
	}
	stmt, disc := "Statement", "Discussion"
	if lang == engine.LangJA {
		stmt, disc = "本文", "解説（補足ガイダンス）"
	}
	fmt.Fprintf(w, "      %s:\n%s\n", stmt, indent(r.Text.In(lang), "        "))
	if d := r.Discussion.In(lang); d != "" {
		fmt.Fprintf(w, "      %s:\n%s\n", disc, indent(d, "        "))
	}
}

// indent prefixes each line of s, leaving blank lines empty.
func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}

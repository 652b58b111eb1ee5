package main

import (
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mamori-dev/mamori/engine"
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
	Dir string
}

func newCatalogValidateCmd(g *globalOptions, s *streams) *cobra.Command {
	opts := &catalogValidateOptions{}
	return &cobra.Command{
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
		return fmt.Errorf("%d catalogue problems", len(errs))
	}
	for _, c := range cats.All() {
		reqs, objs := 0, 0
		for _, r := range c.Requirements() {
			if !r.Withdrawn {
				reqs++
			}
			objs += len(r.Objectives)
		}
		fmt.Fprintf(s.Out, "ok  %-28s %4d requirements %5d objectives  %s\n", c.ID, reqs, objs, c.Version)
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
			if opts.Lang != engine.LangEN && opts.Lang != engine.LangJA {
				return flagErrorf("invalid --lang %q: valid values are en, ja", opts.Lang)
			}
			return runCatalogShow(g, s, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Lang, "lang", engine.LangEN, "language: en or ja")
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
			return flagErrorf("unknown catalogue %q", opts.Catalog)
		}
		prefer = []string{opts.Catalog}
	}
	c, r, ok := cats.Lookup(opts.ID, prefer...)
	if !ok {
		return fmt.Errorf("no requirement %q in any catalogue", opts.ID)
	}
	showRequirement(s.Out, cats, c, r, opts.Lang)
	return nil
}

func showRequirement(w io.Writer, cats *engine.Catalogs, c *engine.Catalog, r *engine.Requirement, lang string) {
	ja := lang == engine.LangJA
	pick := func(en, j string) string {
		if ja {
			return j
		}
		return en
	}
	title := r.Title.In(lang)
	if title != "" {
		title = " " + title
	}
	fmt.Fprintf(w, "%s%s  [%s, %s]\n", r.ID, title, c.ID, r.Family().Title.In(lang))
	if r.Withdrawn {
		fmt.Fprintln(w, pick("(withdrawn)", "(廃止)"))
	}
	fmt.Fprintf(w, "\n%s\n", indent(r.Text.In(lang), "  "))
	if ja && r.Text.JA != "" {
		fmt.Fprintln(w, "  （非公式訳）")
	}
	if d := r.Discussion.In(lang); d != "" {
		fmt.Fprintf(w, "\n%s\n%s\n", pick("Discussion", "解説（補足ガイダンス）"), indent(d, "  "))
	}
	if sc := r.Scoring; sc != nil {
		pts := fmt.Sprintf("%d", sc.Points)
		if sc.Partial > 0 {
			pts = fmt.Sprintf("%d (%s %d)", sc.Points, pick("partial", "部分"), sc.Partial)
		}
		if sc.NoValue {
			pts = pick("none (no score without it)", "なし(未実施ならスコアなし)")
		}
		fmt.Fprintf(w, "\n%s %s · %s %s · FAR 52.204-21 %v\n", pick("Type", "区分"), r.Type,
			pick("DoD points", "DoD点数"), pts, sc.FAR52204)
		fmt.Fprintf(w, "%s %s\n", pick("CMMC POA&M:", "CMMC POA&M記載:"), sc.POAM)
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
		fmt.Fprintf(w, "\n%s\n", pick("Cybersecurity Framework", "サイバーセキュリティフレームワーク"))
		for _, v := range versions {
			p, ok := r.CSF[v]
			if !ok {
				continue
			}
			line := fmt.Sprintf("  CSF %s  %s", v, strings.Join(p.Functions, ", "))
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
		fmt.Fprintf(w, "\n%s (%d)\n", pick("Assessment objectives", "評価目標"), len(r.Objectives))
		for _, o := range r.Objectives {
			fmt.Fprintf(w, "  %-16s %s\n", o.ID, o.Text.In(lang))
		}
	}
	if len(r.Parameters) > 0 {
		fmt.Fprintf(w, "\n%s\n", pick("Parameters", "パラメータ"))
		for _, p := range r.Parameters {
			fmt.Fprintf(w, "  %-24s %s\n", p.ID, p.Label.In(lang))
		}
	}
	if len(r.Mappings) > 0 {
		fmt.Fprintf(w, "\n%s\n", pick("Mappings", "対応関係"))
		for _, m := range r.Mappings {
			line := fmt.Sprintf("  %s %s %s", m.Relation, m.Catalog, m.ID)
			if m.AsPublished != "" {
				line += fmt.Sprintf(" (%s %s)", pick("published as", "原典表記"), m.AsPublished)
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

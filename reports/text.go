// Package reports renders verdicts: as a terminal table, JSON or YAML,
// and as Excel workbooks. It never evaluates policy.
package reports

import (
	"fmt"
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
	"go.yaml.in/yaml/v3"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/engine/i18n"
)

// Text output formats.
const (
	FormatTable = "table"
	FormatJSON  = "json"
	FormatYAML  = "yaml"
)

// TextFormats lists the text formats, for flag help.
func TextFormats() []string { return []string{FormatTable, FormatJSON, FormatYAML} }

// Text renders a verdict as text.
type Text struct {
	format, lang string
	cat          *engine.Catalog
	width        int
}

// NewText returns a renderer for format in lang. The catalogue supplies
// requirement text for the table.
func NewText(format, lang string, cat *engine.Catalog) *Text {
	return &Text{format: format, lang: lang, cat: cat, width: 100}
}

// Write renders v to w.
func (t *Text) Write(w io.Writer, v *engine.Verdict) error {
	switch t.format {
	case FormatJSON:
		return engine.WriteVerdictJSON(w, v, "  ")
	case FormatYAML:
		enc := yaml.NewEncoder(w)
		enc.SetIndent(2)
		if err := enc.Encode(v); err != nil {
			return err
		}
		return enc.Close()
	case FormatTable:
		return t.table(w, v)
	}
	return fmt.Errorf("unknown format %q", t.format)
}

// l is the table's message key in the table's language.
func (t *Text) l(k string, args ...any) string { return i18n.T(t.lang, "table."+k, args...) }

func (t *Text) table(w io.Writer, v *engine.Verdict) error {
	var b strings.Builder
	org := v.Organization.Name
	if v.Organization.NameEN != "" && t.lang == engine.LangEN {
		org += " (" + v.Organization.NameEN + ")"
	}
	fmt.Fprintf(&b, "%s — %s\n", t.l("title"), org)
	if v.Site != nil {
		fmt.Fprintf(&b, "%s %s (%s)\n", t.pad(t.l("site")), v.Site.Name, v.Site.ID)
	}
	kind := i18n.Code(t.lang, "assessment", v.Assessment.Type)
	if v.AuditorVerified {
		kind += ", " + i18n.Code(t.lang, "assessor", evidence.AssessmentAuditor)
	}
	fmt.Fprintf(&b, "%s %s, %s, %s\n", t.pad(t.l("assessment")), kind, v.Assessment.Date, v.Assessment.Assessor.Name)
	fmt.Fprintf(&b, "%s %s · %s %s\n\n", t.pad(t.l("catalog")), v.Catalog.ID, t.l("policies"), shortDigest(v.PolicyDigest))

	if v.DoD.Score != nil {
		fmt.Fprintf(&b, "%s %d / %d\n", t.pad(t.l("score")), *v.DoD.Score, v.DoD.Max)
	} else {
		fmt.Fprintf(&b, "%s %s — %s\n", t.pad(t.l("score")), i18n.T(t.lang, "score.none"), v.DoD.NoScore.In(t.lang))
	}
	fmt.Fprintf(&b, "%s %s\n", t.pad(t.l("cmmc")), i18n.Code(t.lang, "cmmc", v.CMMC.Status))
	if v.CMMC.CloseoutDue != nil {
		fmt.Fprintf(&b, "%s %s\n", t.pad(""), t.l("closeout")+" "+v.CMMC.CloseoutDue.String())
	}
	for i, r := range v.CMMC.Blocking {
		if i == 5 {
			fmt.Fprintf(&b, "%s … %d %s\n", t.pad(""), len(v.CMMC.Blocking)-5, t.l("more"))
			break
		}
		fmt.Fprintf(&b, "%s %s %s\n", t.pad(""), t.l("blocking"), t.truncate(r.Message.In(t.lang), t.width-26))
	}
	c := v.Conformance
	fmt.Fprintf(&b, "%s %s %d · %s %d · %s %d · %s %d (%s %d)\n", t.pad(t.l("conformance")),
		engine.JPImplemented, c.Implemented, engine.JPNotImplemented, c.NotImplemented,
		engine.JPNotApplicable, c.NotApplicable, engine.JPNotAssessed, c.NotAssessed, t.l("of"), c.Total)
	cv := v.Coverage
	fmt.Fprintf(&b, "%s %s\n", t.pad(t.l("coverage")), t.l("coverage.value", cv.Determined, cv.Objectives, cv.Percent, cv.Unverified, cv.Stale))
	by := cv.DeterminedBy
	fmt.Fprintf(&b, "%s %s %d · %s %d · %s %d\n", t.pad(t.l("determined_by")),
		i18n.Code(t.lang, "assessor", evidence.AssessmentSelf), by.Self,
		i18n.Code(t.lang, "assessor", evidence.AssessmentPrime), by.Prime,
		i18n.Code(t.lang, "assessor", evidence.AssessmentAuditor), by.Auditor)
	fmt.Fprintf(&b, "%s %s\n\n", t.pad(t.l("corroborated")), t.l("corroborated.value", cv.CorroboratedCollected, cv.CorroboratedPartial, cv.CorroboratedDeclared))

	nameW := 0
	for _, f := range v.Families {
		if n := runewidth.StringWidth(f.Title.In(t.lang)); n > nameW {
			nameW = n
		}
	}
	for _, f := range v.Families {
		title := runewidth.FillRight(f.Title.In(t.lang), nameW)
		fmt.Fprintf(&b, "%-5s %s %s %3d/%-3d", f.ID, title, bar(f, 20), f.Met+f.NA, f.Total)
		if f.PointsLost > 0 {
			fmt.Fprintf(&b, "  -%d %s", f.PointsLost, t.l("pts"))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n" + t.l("gaps") + "\n")
	if len(v.Gaps) == 0 {
		b.WriteString("  " + t.l("nogaps") + "\n")
	}
	for i, g := range v.Gaps {
		if i == 10 {
			fmt.Fprintf(&b, "  … %d %s\n", len(v.Gaps)-10, t.l("more"))
			break
		}
		text := ""
		if r, ok := t.cat.Requirement(g.Requirement); ok {
			text = r.Text.In(t.lang)
		}
		fmt.Fprintf(&b, "  %2d %-8s %s\n", g.Points, g.Requirement, t.truncate(text, t.width-14))
	}
	var contradicted []engine.Finding
	for _, f := range v.Findings {
		if f.Contradiction {
			contradicted = append(contradicted, f)
		}
	}
	if len(contradicted) > 0 {
		fmt.Fprintf(&b, "\n%s (%d)\n", t.l("findings"), len(contradicted))
		for i, f := range contradicted {
			if i == 5 {
				fmt.Fprintf(&b, "  … %d %s\n", len(contradicted)-5, t.l("more"))
				break
			}
			fmt.Fprintf(&b, "  %-8s %s\n", f.Requirement, t.truncate(f.Message.In(t.lang), t.width-12))
			if f.Origin != nil {
				fmt.Fprintf(&b, "  %-8s ↳ %s\n", "", t.truncate(f.Origin.In(t.lang), t.width-14))
			}
		}
	}
	t.cloudTable(&b, v.Cloud)
	if v.Ready {
		fmt.Fprintf(&b, "\n%s\n", t.l("ready"))
	} else {
		fmt.Fprintf(&b, "\n%s\n", t.l("notready"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// pad fills a label to the width of the table's label column, counting
// display width (a Japanese character takes two cells).
func (t *Text) pad(s string) string { return runewidth.FillRight(s, 14) }

func (t *Text) truncate(s string, w int) string {
	return runewidth.Truncate(s, w, "…")
}

func shortDigest(d string) string {
	d = strings.TrimPrefix(d, "sha256:")
	if len(d) > 12 {
		d = d[:12]
	}
	return d
}

// bar draws met / not met / not assessed as a bar of width cells.
func bar(f engine.Rollup, width int) string {
	if f.Total == 0 {
		return strings.Repeat(" ", width)
	}
	ok := (f.Met + f.NA) * width / f.Total
	bad := f.NotMet * width / f.Total
	rest := width - ok - bad
	return strings.Repeat("█", ok) + strings.Repeat("▒", bad) + strings.Repeat("·", rest)
}

// SummaryRow is one evidence set in a batch summary.
type SummaryRow struct {
	Path    string
	Verdict *engine.Verdict
	Err     error
}

// WriteSummary prints one line per evidence set: the organisation, the
// score, the CMMC status, the requirements met, not met, not applicable
// and not assessed, and readiness, with headings in lang.
func WriteSummary(w io.Writer, lang string, rows []SummaryRow) error {
	l := func(k string) string { return i18n.T(lang, "table."+k) }
	cell := func(s string, w int) string { return runewidth.Truncate(s, w, "…") }
	tb := NewTable(strings.Split(l("head.summary"), "\t")...).AlignRight(2)
	for _, r := range rows {
		if r.Err != nil {
			tb.Row(cell(r.Path, 40), l("err_row"))
			continue
		}
		v := r.Verdict
		score := i18n.T(lang, "score.none")
		if v.DoD.Score != nil {
			score = fmt.Sprint(*v.DoD.Score)
		}
		c := v.Conformance
		ready := i18n.T(lang, "verdict.not_ready")
		if v.Ready {
			ready = i18n.T(lang, "verdict.ready")
		}
		tb.Row(cell(r.Path, 40), cell(v.Organization.Name, 30), score, i18n.Code(lang, "cmmc", v.CMMC.Status),
			fmt.Sprintf("%d/%d/%d/%d", c.Implemented, c.NotImplemented, c.NotApplicable, c.NotAssessed), ready)
	}
	_, err := tb.WriteTo(w)
	return err
}

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

// labels are the table's words in each language.
var labels = map[string]map[string]string{
	engine.LangEN: {
		"title": "mamori assessment", "site": "Site", "assessment": "Assessment", "catalog": "Catalogue",
		"score": "DoD score", "cmmc": "CMMC Level 2", "conformance": "Conformance", "coverage": "Coverage",
		"family": "Family", "gaps": "Top gaps by points recovered", "nogaps": "No gaps.",
		"findings": "Contradicted claims", "more": "more", "objectives": "objectives determined",
		"unverified": "unverified", "stale": "stale", "blocking": "Blocking",
		"closeout": "POA&M closeout due", "ready": "Ready: fully conformant", "notready": "Not ready",
		"auditor": "auditor-verified", "of": "of", "policies": "Policies", "pts": "pts",
		"self": "self-assessment", "prime": "prime-led", "auditor_t": "Ministry auditor", "org": "ORGANISATION", "score_h": "SCORE",
		"path_h": "PATH", "counts_h": "MET/NOT MET/N/A/NOT ASSESSED", "err_row": "error: see below",
		"corroborated": "Corroborated", "by_collected": "by collected facts", "by_partial": "partly collected", "by_declared": "by declared facts",
	},
	engine.LangJA: {
		"title": "mamori 評価結果", "site": "取扱施設", "assessment": "評価", "catalog": "カタログ",
		"score": "DoDスコア", "cmmc": "CMMCレベル2", "conformance": "適合状況", "coverage": "網羅率",
		"family": "ファミリー", "gaps": "回復点数の大きい未実施要件", "nogaps": "未実施の要件はない。",
		"findings": "事実と矛盾する自己申告", "more": "件ほか", "objectives": "評価目標に判定あり",
		"unverified": "裏付けなし", "stale": "見直し期限切れ", "blocking": "阻害要因",
		"closeout": "POA&M完了期限", "ready": "判定: 完全適合", "notready": "判定: 未適合",
		"auditor": "監査員確認済", "of": "/", "policies": "ポリシー", "pts": "点",
		"self": "自己評価", "prime": "元請評価", "auditor_t": "防衛省監査員", "org": "組織", "score_h": "スコア",
		"path_h": "パス", "counts_h": "実施済/未実施/該当なし/未評価", "err_row": "エラー: 下記参照",
		"corroborated": "裏付け", "by_collected": "収集した事実", "by_partial": "一部収集", "by_declared": "申告の事実",
	},
}

func (t *Text) l(k string) string { return labels[t.lang][k] }

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
	kind := t.l(v.Assessment.Type)
	if v.Assessment.Type == evidence.AssessmentAuditor {
		kind = t.l("auditor_t") + ", " + t.l("auditor")
	}
	fmt.Fprintf(&b, "%s %s, %s, %s\n", t.pad(t.l("assessment")), kind, v.Assessment.Date, v.Assessment.Assessor.Name)
	fmt.Fprintf(&b, "%s %s · %s %s\n\n", t.pad(t.l("catalog")), v.Catalog.ID, t.l("policies"), shortDigest(v.PolicyDigest))

	if v.DoD.Score != nil {
		fmt.Fprintf(&b, "%s %d / %d\n", t.pad(t.l("score")), *v.DoD.Score, v.DoD.Max)
	} else {
		fmt.Fprintf(&b, "%s NO_SCORE — %s\n", t.pad(t.l("score")), v.DoD.NoScore.In(t.lang))
	}
	fmt.Fprintf(&b, "%s %s\n", t.pad(t.l("cmmc")), strings.ToUpper(v.CMMC.Status))
	if v.CMMC.CloseoutDue != nil {
		fmt.Fprintf(&b, "%s %s\n", t.pad(""), t.l("closeout")+" "+v.CMMC.CloseoutDue.String())
	}
	for i, r := range v.CMMC.Blocking {
		if i == 5 {
			fmt.Fprintf(&b, "%s … %d %s\n", t.pad(""), len(v.CMMC.Blocking)-5, t.l("more"))
			break
		}
		fmt.Fprintf(&b, "%s %s %s\n", t.pad(""), t.l("blocking")+":", t.truncate(r.Message.In(t.lang), t.width-26))
	}
	c := v.Conformance
	fmt.Fprintf(&b, "%s %s %d · %s %d · %s %d · %s %d (%s %d)\n", t.pad(t.l("conformance")),
		engine.JPImplemented, c.Implemented, engine.JPNotImplemented, c.NotImplemented,
		engine.JPNotApplicable, c.NotApplicable, engine.JPNotAssessed, c.NotAssessed, t.l("of"), c.Total)
	cv := v.Coverage
	fmt.Fprintf(&b, "%s %d/%d %s (%.1f%%) · %d %s · %d %s\n", t.pad(t.l("coverage")), cv.Determined, cv.Objectives,
		t.l("objectives"), cv.Percent, cv.Unverified, t.l("unverified"), cv.Stale, t.l("stale"))
	fmt.Fprintf(&b, "%s %d %s · %d %s · %d %s\n\n", t.pad(t.l("corroborated")), cv.CorroboratedCollected, t.l("by_collected"),
		cv.CorroboratedPartial, t.l("by_partial"), cv.CorroboratedDeclared, t.l("by_declared"))

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
	t := &Text{lang: lang}
	var b strings.Builder
	pathW, orgW := 4, 12
	for _, r := range rows {
		pathW = max(pathW, runewidth.StringWidth(r.Path))
		if r.Verdict != nil {
			orgW = max(orgW, runewidth.StringWidth(r.Verdict.Organization.Name))
		}
	}
	pathW, orgW = min(pathW, 40), min(orgW, 30)
	cell := func(s string, w int) string { return runewidth.FillRight(runewidth.Truncate(s, w, "…"), w) }
	fmt.Fprintf(&b, "%s  %s  %s  %-11s  %s\n", cell(t.l("path_h"), pathW), cell(t.l("org"), orgW),
		runewidth.FillLeft(t.l("score_h"), 8), "CMMC", t.l("counts_h"))
	for _, r := range rows {
		if r.Err != nil {
			fmt.Fprintf(&b, "%s  %s\n", cell(r.Path, pathW), t.l("err_row"))
			continue
		}
		v := r.Verdict
		score := "NO_SCORE"
		if v.DoD.Score != nil {
			score = fmt.Sprint(*v.DoD.Score)
		}
		c := v.Conformance
		ready := t.l("notready")
		if v.Ready {
			ready = t.l("ready")
		}
		fmt.Fprintf(&b, "%s  %s  %8s  %-11s  %d/%d/%d/%d  %s\n", cell(r.Path, pathW), cell(v.Organization.Name, orgW), score,
			v.CMMC.Status, c.Implemented, c.NotImplemented, c.NotApplicable, c.NotAssessed, ready)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

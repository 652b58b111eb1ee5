package reports

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/mattn/go-runewidth"
	"github.com/xuri/excelize/v2"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// SP80053Catalog is the catalogue that SP 800-171 requirements derive
// from.
const SP80053Catalog = "nist-sp800-53-r5-moderate"

// GapReport renders the gap report workbook: a summary with charts and
// remediation priorities, one row per requirement and per objective,
// and the POA&M to complete. It only renders the verdict; the evidence
// supplies what the verdict does not carry (scope, POA&M items).
type GapReport struct {
	Verdict *engine.Verdict
	// Evidence is optional: without it the POA&M sheet has only rows to
	// complete and the summary has no scope.
	Evidence *evidence.Evidence
	// Catalog is the catalogue assessed against; Catalogs supplies the
	// SP 800-53 control text (optional).
	Catalog  *engine.Catalog
	Catalogs *engine.Catalogs
	Lang     string
}

// gapLabels are the workbook's words in each language.
var gapLabels = map[string]map[string]string{
	engine.LangEN: {
		"s.summary": "Summary", "s.reqs": "Requirements", "s.objs": "Objectives", "s.poam": "POA&M", "s.sp80053": "SP 800-53",
		"title": "Gap report", "marking": "取扱注意 Handle with care",
		"org": "Organisation", "site": "Site", "scope": "Scope", "atype": "Assessment type", "assessor": "Assessor",
		"date": "Assessment date", "catalog": "Catalogue", "score": "DoD score", "noscore": "NO_SCORE",
		"cmmc": "CMMC Level 2 status", "blocking": "Blocking reasons", "closeout": "POA&M closeout due",
		"conformance": "Conformance (Japanese view)", "total": "Total", "coverage": "Coverage",
		"cov.fmt": "%d of %d objectives determined (%.1f%%); %d unverified, %d stale; corroborated by collected facts %d, partly by collected facts %d, by declared facts %d", "ready": "Result",
		"ready.yes": "Ready: fully conformant", "ready.no": "Not ready: gaps found", "auditor": "auditor-verified",
		"self": "Self-assessment", "prime": "Prime-led assessment", "auditor_t": "Ministry auditor",
		"final": "Final", "conditional": "Conditional", "none": "None",
		"byfamily": "By family", "byfunction": "By CSF %s function", "family": "Family", "function": "Function",
		"title_h": "Title", "met": "Met", "not_met": "Not met", "not_applicable": "N/A", "not_assessed": "Not assessed",
		"ptslost": "Points lost", "priorities": "Remediation priorities (points recovered, cheapest first)",
		"nogaps": "No gaps.", "rank": "#", "req": "Requirement", "text": "Text", "points": "Points",
		"open": "Open objectives", "status": "Status", "eligibility": "CMMC POA&M eligibility", "onpoam": "On POA&M",
		"yes": "yes", "no": "no",
		"eligible": "Eligible", "never": "Never (may not be on a POA&M)", "partial-only": "Only if encryption is employed but not FIPS-validated",
		"id": "ID", "text.ja": "Text (ja)", "text.en": "Text (en)", "sp80053": "SP 800-53 Rev 5 source controls",
		"sp80053.text": "SP 800-53 control text (full text on the SP 800-53 sheet)",
		"control":      "Control", "statement": "Statement", "discussion": "Discussion", "derived": "SP 800-171 requirements derived from it", "jp": "JP label", "basis": "Basis", "findings": "Findings",
		"evidence": "Evidence relied on", "contradictions": "Contradictions", "methods": "Methods", "dates": "Dates",
		"objective": "Objective", "determination": "Determination", "claimed": "Claimed", "contradicted": "Contradicted",
		"unverified": "Unverified", "stale": "Stale", "method": "Method", "justification": "Justification", "artifacts": "Artifacts",
		"claimed.fmt": "claimed %s", "poamid": "POA&M item",
		"factsources": "Facts and their sources", "src.collected": "Corroborated by collected facts", "src.partial": "Corroborated partly by collected facts", "src.declared": "Corroborated by declared facts", "ptype": "Type", "weakness": "Weakness", "remediation": "Remediation",
		"milestones": "Milestones", "owner": "Owner", "scheduled": "Scheduled completion", "istatus": "Item status",
		"deduction": "Deduction", "gapstatus": "Gap status", "tocomplete": "(to complete)", "notagap": "(not a gap)",
		"done": "done", "page": "Page &P of &N",
		"basis.objectives": "All objectives met or N/A", "basis.enduring_exception": "Enduring exception in the SSP",
		"basis.temporary_deficiency": "Temporary deficiency under an operational plan of action",
		"basis.not_permitted":        "Capability not permitted", "basis.dod_cio_adjudication": "DoD CIO adjudication",
		"subject": "NIST SP 800-171 / Defense Industry Cybersecurity Standard gap report",
	},
	engine.LangJA: {
		"s.summary": "概要", "s.reqs": "要件", "s.objs": "評価目標", "s.poam": "POA&M", "s.sp80053": "SP 800-53",
		"title": "ギャップ報告書", "marking": "取扱注意",
		"org": "組織", "site": "取扱施設", "scope": "対象範囲", "atype": "評価の種類", "assessor": "評価者",
		"date": "評価日", "catalog": "カタログ", "score": "DoDスコア", "noscore": "スコアなし（NO_SCORE）",
		"cmmc": "CMMCレベル2ステータス", "blocking": "阻害要因", "closeout": "POA&M完了期限",
		"conformance": "適合状況", "total": "合計", "coverage": "網羅率",
		"cov.fmt": "評価目標%d件中%d件に判定あり（%.1f%%）、裏付けなし%d件、見直し期限切れ%d件、収集した事実による裏付け%d件、一部を収集した事実による裏付け%d件、申告の事実による裏付け%d件", "ready": "判定",
		"ready.yes": "完全適合", "ready.no": "未適合（不足あり）", "auditor": "監査員確認済",
		"self": "自己評価", "prime": "元請評価", "auditor_t": "防衛省監査員",
		"final": "最終（Final）", "conditional": "条件付き（Conditional）", "none": "なし（None）",
		"byfamily": "ファミリー別", "byfunction": "CSF %s 機能別", "family": "ファミリー", "function": "機能",
		"title_h": "名称", "met": engine.JPImplemented, "not_met": engine.JPNotImplemented, "not_applicable": engine.JPNotApplicable,
		"not_assessed": engine.JPNotAssessed,
		"ptslost":      "失点", "priorities": "改善の優先順位（回復点数の大きい順、同点は少ない作業から）",
		"nogaps": "未実施の要件はない。", "rank": "順位", "req": "要件", "text": "要件文", "points": "点数",
		"open": "未達の評価目標", "status": "状況", "eligibility": "CMMC POA&M記載可否", "onpoam": "POA&M記載",
		"yes": "あり", "no": "なし",
		"eligible": "記載可", "never": "記載不可", "partial-only": "暗号化済みだがFIPS検証済みでない場合のみ記載可",
		"id": "ID", "text.ja": "要件文（日本語）", "text.en": "要件文（英語）", "sp80053": "出典 SP 800-53 Rev 5 管理策",
		"sp80053.text": "SP 800-53 管理策の本文（日本語は非公式訳。全文は「SP 800-53」シート）",
		"control":      "管理策", "statement": "本文", "discussion": "解説（補足ガイダンス）", "derived": "この管理策に由来する SP 800-171 要件", "jp": "適合区分", "basis": "根拠", "findings": "指摘事項",
		"translation": "日本語訳", "translation.unofficial": "非公式訳", "translation.none": "なし（NISTの英語原文）",
		"evidence": "依拠した証跡", "contradictions": "矛盾", "methods": "評価方法", "dates": "評価日",
		"objective": "評価目標", "determination": "判定", "claimed": "申告", "contradicted": "矛盾",
		"unverified": "裏付けなし", "stale": "期限切れ", "method": "評価方法", "justification": "判定理由", "artifacts": "証跡",
		"claimed.fmt": "申告は%s", "poamid": "POA&M項目",
		"factsources": "事実とその出所", "src.collected": "収集した事実で裏付け", "src.partial": "一部を収集した事実で裏付け", "src.declared": "申告の事実で裏付け", "ptype": "種類", "weakness": "弱点", "remediation": "是正措置",
		"milestones": "マイルストーン", "owner": "責任者", "scheduled": "完了予定日", "istatus": "項目の状況",
		"deduction": "減点", "gapstatus": "要件の状況", "tocomplete": "（記入してください）", "notagap": "（不足ではない）",
		"done": "完了", "page": "&P / &N ページ",
		"basis.objectives": "全評価目標を満たす（又は該当なし）", "basis.enduring_exception": "SSPに記載された恒久的例外",
		"basis.temporary_deficiency": "運用上の行動計画による一時的不備", "basis.not_permitted": "当該機能を許可していない",
		"basis.dod_cio_adjudication": "DoD CIOの裁定",
		"subject":                    "防衛産業サイバーセキュリティ基準（NIST SP 800-171）ギャップ報告書",
	},
}

var gapMethodLabels = map[string]map[string]string{
	engine.LangEN: {"examine": "examine", "interview": "interview", "test": "test"},
	engine.LangJA: {"examine": "文書確認", "interview": "聞き取り", "test": "試験"},
}

type gapWriter struct {
	*xlsxBook
	r                              *GapReport
	v                              *engine.Verdict
	lang                           string
	sum, reqs, objs, poam, orgName string
	ctrl                           string
	findings                       map[string][]engine.Finding
	// controls are the SP 800-53 controls cited, with the requirements
	// that derive from each.
	controls    []*engine.Requirement
	controlReqs map[string][]string
	// cloud is the cloud services sheet, when the verdict has them.
	cloud string
}

func (g *gapWriter) l(k string) string {
	if s, ok := gapLabels[g.lang][k]; ok {
		return s
	}
	if s, ok := gapCloudLabels[g.lang][k]; ok {
		return s
	}
	return k
}

// statusLabel is a determination in the report's language.
func (g *gapWriter) statusLabel(s string) string {
	if s == "" {
		return ""
	}
	return g.l(s)
}

// Write renders the workbook to w.
func (r *GapReport) Write(w io.Writer) error {
	if r.Verdict == nil || r.Catalog == nil {
		return fmt.Errorf("gap report: verdict and catalogue are required")
	}
	lang := r.Lang
	if lang != engine.LangJA {
		lang = engine.LangEN
	}
	b, err := newXLSXBook()
	if err != nil {
		return fmt.Errorf("gap report: %w", err)
	}
	defer b.f.Close()
	g := &gapWriter{xlsxBook: b, r: r, v: r.Verdict, lang: lang, findings: map[string][]engine.Finding{}, controlReqs: map[string][]string{}}
	for _, f := range g.v.Findings {
		g.findings[f.Requirement] = append(g.findings[f.Requirement], f)
	}
	g.orgName = engine.NameIn(lang, g.v.Organization.Name, g.v.Organization.NameEN)
	g.sum, g.reqs, g.objs, g.poam, g.ctrl = g.l("s.summary"), g.l("s.reqs"), g.l("s.objs"), g.l("s.poam"), g.l("s.sp80053")
	if err := b.f.SetSheetName("Sheet1", g.sum); err != nil {
		return err
	}
	sheets := []string{g.sum, g.reqs, g.objs, g.poam, g.ctrl}
	if g.v.Cloud != nil {
		g.cloud = g.l("s.cloud")
		sheets = append(sheets, g.cloud)
	}
	for _, s := range sheets[1:] {
		if _, err := b.f.NewSheet(s); err != nil {
			return err
		}
	}
	steps := []struct {
		name string
		fn   func() error
	}{
		{"summary", g.summary}, {"requirements", g.requirements}, {"objectives", g.objectives}, {"poam", g.poamSheet}, {"sp800-53", g.controlSheet},
		{"cloud", g.cloudSheet}, {"properties", g.props},
	}
	for _, s := range steps {
		if err := s.fn(); err != nil {
			return fmt.Errorf("gap report: %s: %w", s.name, err)
		}
	}
	for _, s := range sheets {
		if err := b.printSetup(s, g.orgName, g.l("marking"), g.l("title")+" — "+s, g.l("page")); err != nil {
			return fmt.Errorf("gap report: print setup: %w", err)
		}
	}
	b.f.SetActiveSheet(0)
	if err := b.fitRows(); err != nil {
		return err
	}
	if err := b.f.Write(w); err != nil {
		return fmt.Errorf("gap report: %w", err)
	}
	return nil
}

func (g *gapWriter) props() error {
	created := g.v.Assessment.Date.Format("2006-01-02T15:04:05Z")
	if err := g.f.SetDocProps(&excelize.DocProperties{
		Title:          g.l("title") + " — " + xlClean(g.orgName),
		Subject:        g.l("subject"),
		Creator:        "mamori",
		LastModifiedBy: "mamori",
		Keywords:       "mamori; NIST SP 800-171; CMMC; POA&M; gap report; 取扱注意",
		Description:    fmt.Sprintf("%s %s (%s)", g.v.Catalog.ID, g.v.Catalog.Version, g.v.PolicyDigest),
		Category:       g.l("marking"),
		Language:       map[string]string{engine.LangEN: "en-GB", engine.LangJA: "ja-JP"}[g.lang],
		Created:        created,
		Modified:       created,
	}); err != nil {
		return err
	}
	return g.f.SetAppProps(&excelize.AppProperties{Application: "mamori", Company: xlClean(g.v.Organization.Name)})
}

// summary writes the Summary sheet.
func (g *gapWriter) summary() error {
	s, v := g.sum, g.v
	if err := g.setWidths(s, []float64{24, 34, 11, 11, 11, 11, 11, 11, 4}); err != nil {
		return err
	}
	if err := g.str(s, 1, 1, g.l("title")+" — "+g.orgName, g.st.title); err != nil {
		return err
	}
	if err := g.f.MergeCell(s, "A1", "H1"); err != nil {
		return err
	}
	row := 3
	kv := func(k, val string, style int) error {
		label := ""
		if k != "" {
			label = g.l(k)
		}
		if err := g.str(s, 1, row, label, g.st.label); err != nil {
			return err
		}
		if err := g.str(s, 2, row, val, style); err != nil {
			return err
		}
		if err := g.f.MergeCell(s, xlCell(2, row), xlCell(8, row)); err != nil {
			return err
		}
		row++
		return nil
	}
	org := v.Organization.Name
	if v.Organization.NameEN != "" {
		org += "\n" + v.Organization.NameEN
	}
	site := ""
	if v.Site != nil {
		site = v.Site.Name + " (" + v.Site.ID + ")"
		if v.Site.Address != "" {
			site += "\n" + v.Site.Address
		}
	}
	var scope []string
	if ev := g.r.Evidence; ev != nil && ev.Scope != nil {
		if ev.Scope.Description != "" {
			scope = append(scope, strings.TrimSpace(ev.Scope.Description))
		}
		scope = append(scope, ev.Scope.Systems...)
		scope = append(scope, ev.Scope.Contracts...)
	} else if v.Site != nil && v.Site.Scope != "" {
		scope = append(scope, v.Site.Scope)
	}
	atype := g.l(v.Assessment.Type)
	if v.AuditorVerified {
		atype = g.l("auditor_t") + " (" + g.l("auditor") + ")"
	}
	a := v.Assessment.Assessor
	assessor := strings.Join(gapNonEmpty(a.Name, a.Role, a.Organization), "\n")
	score := ""
	if v.DoD.Score != nil {
		score = fmt.Sprintf("%d / %d", *v.DoD.Score, v.DoD.Max)
	} else {
		score = g.l("noscore")
		if v.DoD.NoScore != nil {
			score += " — " + v.DoD.NoScore.In(g.lang)
		}
	}
	ready := g.l("ready.no")
	if v.Ready {
		ready = g.l("ready.yes")
	}
	cv := v.Coverage
	pairs := []struct{ k, v string }{
		{"org", org}, {"site", site}, {"scope", strings.Join(scope, "\n")}, {"atype", atype}, {"assessor", assessor},
		{"date", v.Assessment.Date.String()}, {"catalog", v.Catalog.ID + " " + v.Catalog.Version},
		{"score", score}, {"cmmc", g.l(v.CMMC.Status)},
	}
	if v.CMMC.CloseoutDue != nil {
		pairs = append(pairs, struct{ k, v string }{"closeout", v.CMMC.CloseoutDue.String()})
	}
	for i, r := range v.CMMC.Blocking {
		k := "blocking"
		if i > 0 {
			k = ""
		}
		pairs = append(pairs, struct{ k, v string }{k, "• " + r.Message.In(g.lang)})
	}
	if cl := g.cloudSummary(); cl != "" {
		pairs = append(pairs, struct{ k, v string }{"cloud", cl})
	}
	pairs = append(pairs,
		struct{ k, v string }{"coverage", fmt.Sprintf(g.l("cov.fmt"), cv.Determined, cv.Objectives, cv.Percent, cv.Unverified, cv.Stale, cv.CorroboratedCollected, cv.CorroboratedPartial, cv.CorroboratedDeclared)},
		struct{ k, v string }{"ready", ready})
	if g.lang == engine.LangJA { // the coverage format names the total first
		pairs[len(pairs)-2].v = fmt.Sprintf(g.l("cov.fmt"), cv.Objectives, cv.Determined, cv.Percent, cv.Unverified, cv.Stale, cv.CorroboratedCollected, cv.CorroboratedPartial, cv.CorroboratedDeclared)
	}
	for _, p := range pairs {
		style := g.st.wrap
		if p.k == "score" || p.k == "cmmc" || p.k == "ready" {
			style = g.st.label
			if !v.Ready {
				style = g.st.flag
			}
		}
		if err := kv(p.k, p.v, style); err != nil {
			return err
		}
		if lines := gapLines(p.v, 95); lines > 1 {
			if err := g.f.SetRowHeight(s, row-1, float64(min(lines*14, 400))); err != nil {
				return err
			}
		}
	}

	// Japanese conformance count.
	row++
	c := v.Conformance
	if err := g.str(s, 1, row, g.l("conformance"), g.st.label); err != nil {
		return err
	}
	heads := []string{engine.JPImplemented, engine.JPNotImplemented, engine.JPNotApplicable, engine.JPNotAssessed, g.l("total")}
	counts := []int{c.Implemented, c.NotImplemented, c.NotApplicable, c.NotAssessed, c.Total}
	for i := range heads {
		if err := g.str(s, 2+i, row, heads[i], g.st.header); err != nil {
			return err
		}
		if err := g.num(s, 2+i, row+1, counts[i], g.st.number); err != nil {
			return err
		}
	}
	row += 3

	// Roll-ups, with a chart each.
	var err error
	famTop := row
	if row, err = g.rollup(row, g.l("byfamily"), "family", v.Families); err != nil {
		return err
	}
	// The functions of the CSF version the verdict counts by (2.0, with
	// Govern, for SP 800-171 Rev 2).
	byFunction := strings.Replace(fmt.Sprintf(g.l("byfunction"), v.CSFVersion), "  ", " ", 1)
	fnTop := row
	if row, err = g.rollup(row, byFunction, "function", v.Functions); err != nil {
		return err
	}
	if err := g.chart("J3", famTop, len(v.Families), g.l("byfamily"), 720, 420); err != nil {
		return err
	}
	if err := g.chart("J26", fnTop, len(v.Functions), byFunction, 720, 300); err != nil {
		return err
	}

	// Remediation priorities.
	if err := g.str(s, 1, row, g.l("priorities"), g.st.title); err != nil {
		return err
	}
	row++
	if len(v.Gaps) == 0 {
		return g.str(s, 1, row, g.l("nogaps"), g.st.plain)
	}
	heads = []string{g.l("rank"), g.l("req"), g.l("points"), g.l("open"), g.l("status"), g.l("eligibility"), g.l("onpoam")}
	for i, h := range heads {
		if err := g.str(s, 1+i, row, h, g.st.header); err != nil {
			return err
		}
	}
	onPOAM := map[string]bool{}
	for _, r := range v.Results {
		onPOAM[r.ID] = r.OnPOAM
	}
	for i, gp := range v.Gaps {
		row++
		text := gp.Requirement
		if req, ok := g.r.Catalog.Requirement(gp.Requirement); ok {
			text += " " + req.Text.In(g.lang)
		}
		yn := g.l("no")
		if onPOAM[gp.Requirement] {
			yn = g.l("yes")
		}
		if err := g.num(s, 1, row, i+1, g.st.number); err != nil {
			return err
		}
		if err := g.str(s, 2, row, text, g.st.wrap); err != nil {
			return err
		}
		if err := g.num(s, 3, row, gp.Points, g.st.number); err != nil {
			return err
		}
		if err := g.num(s, 4, row, gp.Objectives, g.st.number); err != nil {
			return err
		}
		if err := g.str(s, 5, row, g.statusLabel(gp.Status), g.statusStyle(gp.Status)); err != nil {
			return err
		}
		if err := g.str(s, 6, row, g.l(gp.POAM), g.st.wrap); err != nil {
			return err
		}
		if err := g.str(s, 7, row, yn, g.st.plain); err != nil {
			return err
		}
	}
	return nil
}

func (g *gapWriter) statusStyle(s string) int {
	if id, ok := g.st.status[s]; ok {
		return id
	}
	return g.st.plain
}

// rollup writes a roll-up table at row and returns the next free row.
func (g *gapWriter) rollup(row int, title, idHead string, rs []engine.Rollup) (int, error) {
	s := g.sum
	if err := g.str(s, 1, row, title, g.st.title); err != nil {
		return 0, err
	}
	row++
	heads := []string{g.l(idHead), g.l("title_h"), g.l("met"), g.l("not_met"), g.l("not_applicable"), g.l("not_assessed"), g.l("total"), g.l("ptslost")}
	for i, h := range heads {
		if err := g.str(s, 1+i, row, h, g.st.header); err != nil {
			return 0, err
		}
	}
	for _, r := range rs {
		row++
		if err := g.str(s, 1, row, r.ID, g.st.plain); err != nil {
			return 0, err
		}
		if err := g.str(s, 2, row, r.Title.In(g.lang), g.st.plain); err != nil {
			return 0, err
		}
		for i, n := range []int{r.Met, r.NotMet, r.NA, r.NotAssessed, r.Total, r.PointsLost} {
			if err := g.num(s, 3+i, row, n, g.st.number); err != nil {
				return 0, err
			}
		}
	}
	return row + 2, nil
}

// chart adds a stacked bar chart of the roll-up table whose title row is
// top.
func (g *gapWriter) chart(at string, top, n int, title string, w, h uint) error {
	ref := xlSheetRef(g.sum)
	head, first, last := top+1, top+2, top+1+n
	colors := []string{xlFillMet, xlFillNotMet, xlFillNA, xlFillNotAssessed}
	var series []excelize.ChartSeries
	for i := range 4 {
		col := xlCol(3 + i)
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("%s!$%s$%d", ref, col, head),
			Categories: fmt.Sprintf("%s!$B$%d:$B$%d", ref, first, last),
			Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", ref, col, first, col, last),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colors[i]}},
		})
	}
	font := &excelize.Font{Family: xlsxFont, Size: 9}
	return g.f.AddChart(g.sum, at, &excelize.Chart{
		Type:      excelize.BarStacked,
		Series:    series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title, Font: &excelize.Font{Family: xlsxFont, Size: 12, Bold: true}}}},
		Legend:    excelize.ChartLegend{Position: "bottom", Font: font},
		Dimension: excelize.ChartDimension{Width: w, Height: h},
		XAxis:     excelize.ChartAxis{ReverseOrder: true, Font: *font},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, Font: *font},
		Format:    excelize.GraphicOptions{OffsetX: 5, OffsetY: 5},
	})
}

// requirements writes one row per requirement.
func (g *gapWriter) requirements() error {
	s := g.reqs
	heads := []string{g.l("family"), g.l("id"), g.l("text.ja"), g.l("text.en"), g.l("sp80053"), g.l("sp80053.text"), g.l("points"),
		g.l("status"), g.l("jp"), g.l("ptslost"), g.l("basis"), g.l("findings"), g.l("evidence"), g.l("contradictions")}
	widths := []float64{16, 8, 40, 40, 24, 50, 7, 11, 9, 7, 14, 40, 40, 30}
	if err := g.table(s, heads, widths, len(g.v.Results)); err != nil {
		return err
	}
	var sp *engine.Catalog
	if g.r.Catalogs != nil {
		sp, _ = g.r.Catalogs.Get(SP80053Catalog)
	}
	for i, r := range g.v.Results {
		row := i + 2
		req, _ := g.r.Catalog.Requirement(r.ID)
		fam, textJA, textEN := r.Family, "", ""
		var ctrls, ctrlText []string
		if req != nil {
			if f := req.Family(); f != nil {
				fam = f.ID + " " + f.Title.In(g.lang)
			}
			textJA, textEN = req.Text.JA, req.Text.EN
			for _, m := range req.Mappings {
				if m.Catalog != SP80053Catalog {
					continue
				}
				line := m.ID
				if sp != nil {
					if c, ok := sp.Requirement(m.ID); ok {
						line += " " + c.Title.In(g.lang)
						ctrlText = append(ctrlText, m.ID+" "+c.Title.In(g.lang)+"\n"+gapShorten(strings.TrimSpace(c.Text.In(g.lang)), 280))
						if _, seen := g.controlReqs[m.ID]; !seen {
							g.controls = append(g.controls, c)
						}
						g.controlReqs[m.ID] = gapAppendNew(g.controlReqs[m.ID], r.ID)
					}
				}
				ctrls = append(ctrls, line)
			}
		}
		var finds, contra []string
		for _, f := range g.findings[r.ID] {
			finds = append(finds, "• "+f.Describe(g.lang))
			if f.Contradiction {
				contra = append(contra, "• "+f.Describe(g.lang))
			}
		}
		for _, o := range r.Objectives {
			if o.Contradicted {
				contra = append(contra, "• "+o.ID+": "+fmt.Sprintf(g.l("claimed.fmt"), g.statusLabel(o.Claimed))+" → "+g.statusLabel(o.Status))
			}
		}
		vals := []struct {
			s     string
			style int
		}{
			{fam, g.st.wrap}, {r.ID, g.st.plain}, {textJA, g.st.wrap}, {textEN, g.st.wrap},
			{strings.Join(ctrls, "\n"), g.st.wrap}, {strings.Join(ctrlText, "\n\n"), g.st.wrap},
		}
		for c, val := range vals {
			if err := g.str(s, c+1, row, val.s, val.style); err != nil {
				return err
			}
		}
		if err := g.num(s, 7, row, r.Points, g.st.number); err != nil {
			return err
		}
		if err := g.str(s, 8, row, g.statusLabel(r.Status), g.statusStyle(r.Status)); err != nil {
			return err
		}
		if err := g.str(s, 9, row, r.JP, g.statusStyle(r.Status)); err != nil {
			return err
		}
		if err := g.num(s, 10, row, r.Deducted, g.st.number); err != nil {
			return err
		}
		cStyle := g.st.wrap
		if len(contra) > 0 {
			cStyle = g.st.flag
		}
		rest := []struct {
			s     string
			style int
		}{
			{g.basis(r.Basis), g.st.wrap}, {strings.Join(finds, "\n"), g.st.wrap}, {g.evidenceOf(r), g.st.wrap}, {strings.Join(contra, "\n"), cStyle},
		}
		for c, val := range rest {
			if err := g.str(s, 11+c, row, val.s, val.style); err != nil {
				return err
			}
		}
	}
	n := len(g.v.Results) + 1
	if err := g.statusFormat(s, fmt.Sprintf("H2:H%d", n), g.statusLabel); err != nil {
		return err
	}
	return g.statusFormat(s, fmt.Sprintf("I2:I%d", n), gapJPLabel)
}

func gapJPLabel(s string) string {
	return map[string]string{"met": engine.JPImplemented, "not_met": engine.JPNotImplemented,
		"not_applicable": engine.JPNotApplicable, "not_assessed": engine.JPNotAssessed}[s]
}

// evidenceOf summarises the provenance of a requirement's objectives:
// methods, dates and artifacts with a short digest.
func (g *gapWriter) evidenceOf(r engine.ReqResult) string {
	var methods, dates, arts []string
	for _, o := range r.Objectives {
		p := o.Provenance
		if p == nil {
			continue
		}
		if p.Method != "" {
			methods = gapAppendNew(methods, g.method(p.Method))
		}
		if d := p.Date.String(); d != "" {
			dates = gapAppendNew(dates, d)
		}
		for _, a := range p.Artifacts {
			arts = gapAppendNew(arts, gapArtifactLine(a))
		}
	}
	var out []string
	if len(methods) > 0 {
		out = append(out, g.l("methods")+": "+strings.Join(methods, ", "))
	}
	if len(dates) > 0 {
		slices.Sort(dates)
		out = append(out, g.l("dates")+": "+strings.Join(dates, ", "))
	}
	out = append(out, arts...)
	return strings.Join(out, "\n")
}

func (g *gapWriter) basis(b string) string {
	if b == "" {
		return ""
	}
	return g.l("basis." + b)
}

func (g *gapWriter) method(m string) string {
	if s, ok := gapMethodLabels[g.lang][m]; ok {
		return s
	}
	return m
}

func gapArtifactLine(a engine.ArtifactRef) string {
	s := a.ID
	if a.Title != "" {
		s += " " + a.Title
	}
	if a.Version != "" {
		s += " v" + a.Version
	}
	if a.SHA256 != "" {
		h := strings.TrimPrefix(a.SHA256, "sha256:")
		s += " (sha256:" + h[:min(12, len(h))] + ")"
	}
	return s
}

func gapAppendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

func gapNonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// objectives writes one row per objective.
func (g *gapWriter) objectives() error {
	s := g.objs
	heads := []string{g.l("req"), g.l("objective"), g.l("text"), g.l("determination"), g.l("claimed"), g.l("contradicted"),
		g.l("unverified"), g.l("stale"), g.l("assessor"), g.l("method"), g.l("date"), g.l("justification"), g.l("artifacts"),
		g.l("factsources")}
	widths := []float64{9, 11, 50, 12, 11, 9, 9, 9, 16, 10, 11, 45, 40, 60}
	facts := map[string]*engine.FactSummary{}
	for i := range g.v.Facts {
		facts[g.v.Facts[i].Fact] = &g.v.Facts[i]
	}
	// The findings that contradict an objective or leave it unverified,
	// with where their facts came from.
	against := map[string][]string{}
	for i := range g.v.Findings {
		f := &g.v.Findings[i]
		if f.Origin == nil || (f.Effect != engine.EffectNotMet && f.Effect != engine.EffectUnverified) {
			continue
		}
		for _, o := range f.Objectives {
			against[o] = append(against[o], "✗ "+f.Describe(g.lang))
		}
	}
	n := 0
	for _, r := range g.v.Results {
		n += len(r.Objectives)
	}
	if err := g.table(s, heads, widths, n); err != nil {
		return err
	}
	row := 1
	flag := func(b bool) (string, int) {
		if b {
			return "✔", g.st.flag
		}
		return "", g.st.plain
	}
	for _, r := range g.v.Results {
		for _, o := range r.Objectives {
			row++
			text := ""
			if obj, ok := g.r.Catalog.Objective(o.ID); ok {
				text = obj.Text.In(g.lang)
			}
			var assessor, method, date, just string
			var arts []string
			if p := o.Provenance; p != nil {
				assessor, method, date, just = p.Assessor, g.method(p.Method), p.Date.String(), p.Justification
				for _, a := range p.Artifacts {
					arts = append(arts, gapArtifactLine(a))
				}
			}
			cells := []struct {
				s     string
				style int
			}{
				{r.ID, g.st.plain}, {o.ID, g.st.plain}, {text, g.st.wrap}, {g.statusLabel(o.Status), g.statusStyle(o.Status)},
				{g.statusLabel(o.Claimed), g.st.plain},
			}
			for _, b := range []bool{o.Contradicted, o.Unverified, o.Stale} {
				v, st := flag(b)
				cells = append(cells, struct {
					s     string
					style int
				}{v, st})
			}
			cells = append(cells, []struct {
				s     string
				style int
			}{{assessor, g.st.wrap}, {method, g.st.plain}, {date, g.st.plain}, {just, g.st.wrap}, {strings.Join(arts, "\n"), g.st.wrap},
				{g.factSources(o, facts, against[o.ID]), g.st.wrap}}...)
			for c, val := range cells {
				if err := g.str(s, c+1, row, val.s, val.style); err != nil {
					return err
				}
			}
		}
	}
	return g.statusFormat(s, fmt.Sprintf("D2:D%d", max(row, 2)), g.statusLabel)
}

// factSources says, for an objective, what corroborates the claim that
// it is met (collected or declared facts, each with its sources) or
// which facts, from which hosts, contradict it or leave it unverified.
func (g *gapWriter) factSources(o engine.ObjResult, facts map[string]*engine.FactSummary, against []string) string {
	var lines []string
	if o.Corroboration != "" {
		lines = append(lines, g.l("src."+o.Corroboration)+":")
		for _, p := range o.CorroboratedBy {
			if s := facts[p]; s != nil {
				lines = append(lines, "• "+s.Text().In(g.lang))
			}
		}
	}
	return strings.Join(append(lines, against...), "\n")
}

// poamSheet writes one row per gap and POA&M item covering it, and an
// input row for each gap that no item covers.
func (g *gapWriter) poamSheet() error {
	s := g.poam
	heads := []string{g.l("req"), g.l("text"), g.l("deduction"), g.l("eligibility"), g.l("gapstatus"), g.l("poamid"), g.l("ptype"),
		g.l("weakness"), g.l("remediation"), g.l("milestones"), g.l("owner"), g.l("scheduled"), g.l("istatus")}
	widths := []float64{9, 40, 8, 18, 11, 11, 12, 40, 40, 40, 18, 12, 10}
	var items []evidence.POAMItem
	if g.r.Evidence != nil {
		items = g.r.Evidence.POAM
	}
	used := make([]bool, len(items))
	type prow struct {
		gap  *engine.Gap
		item *evidence.POAMItem
	}
	var rows []prow
	for i := range g.v.Gaps {
		gp := &g.v.Gaps[i]
		found := false
		for j := range items {
			if slices.Contains(items[j].Requirements, gp.Requirement) {
				rows = append(rows, prow{gp, &items[j]})
				used[j], found = true, true
			}
		}
		if !found {
			rows = append(rows, prow{gp, nil})
		}
	}
	for j := range items {
		if !used[j] {
			rows = append(rows, prow{nil, &items[j]})
		}
	}
	if err := g.table(s, heads, widths, len(rows)); err != nil {
		return err
	}
	for i, pr := range rows {
		row := i + 2
		var req, text, elig, status string
		var points = -1
		if pr.gap != nil {
			req, elig, status, points = pr.gap.Requirement, g.l(pr.gap.POAM), pr.gap.Status, pr.gap.Points
		} else {
			req, text = strings.Join(pr.item.Requirements, ", "), g.l("notagap")
		}
		if r, ok := g.r.Catalog.Requirement(req); ok {
			text = r.Text.In(g.lang)
		}
		for c, val := range []string{req, text} {
			if err := g.str(s, c+1, row, val, g.st.wrap); err != nil {
				return err
			}
		}
		if points >= 0 {
			if err := g.num(s, 3, row, points, g.st.number); err != nil {
				return err
			}
		} else if err := g.str(s, 3, row, "", g.st.plain); err != nil {
			return err
		}
		if err := g.str(s, 4, row, elig, g.st.wrap); err != nil {
			return err
		}
		if err := g.str(s, 5, row, g.statusLabel(status), g.statusStyle(status)); err != nil {
			return err
		}
		var vals []string
		style := g.st.wrap
		if it := pr.item; it != nil {
			var ms []string
			for _, m := range it.Milestones {
				line := m.Due.String() + " " + m.Description
				if m.Done {
					line += " (" + g.l("done") + ")"
				}
				ms = append(ms, line)
			}
			due := ""
			if it.Due != nil {
				due = it.Due.String()
			}
			vals = []string{it.ID, it.Type, it.Weakness, it.Remediation, strings.Join(ms, "\n"), it.Owner, due, it.Status}
		} else {
			vals = []string{"", "", g.l("tocomplete"), "", "", "", "", ""}
			style = g.st.input
		}
		for c, val := range vals {
			if err := g.str(s, 6+c, row, val, style); err != nil {
				return err
			}
		}
	}
	if len(rows) > 0 {
		if err := g.statusFormat(s, fmt.Sprintf("E2:E%d", len(rows)+1), g.statusLabel); err != nil {
			return err
		}
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(fmt.Sprintf("M2:M%d", len(rows)+1))
		if err := dv.SetDropList([]string{"open", "closed"}); err != nil {
			return err
		}
		if err := g.f.AddDataValidation(s, dv); err != nil {
			return err
		}
	}
	return nil
}

// gapShorten cuts s to n runes, marking the cut.
func gapShorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return strings.TrimSpace(string([]rune(s)[:n])) + " …"
}

// controlSheet lists the SP 800-53 controls that the requirements
// derive from, with their full statements and discussions: one row per
// paragraph of the discussion, each carrying the control's ID so that
// filtering by control keeps them together. In Japanese the text is the
// project's unofficial translation where there is one, else NIST's
// English, and a last column says which.
func (g *gapWriter) controlSheet() error {
	s := g.ctrl
	ja := g.lang == engine.LangJA
	heads := []string{g.l("control"), g.l("title_h"), g.l("statement"), g.l("discussion"), g.l("derived")}
	widths := []float64{9, 20, 56, 75, 20}
	if ja {
		heads, widths = append(heads, g.l("translation")), append(widths, 11)
	}
	if len(g.controls) > 0 {
		sp, _ := g.r.Catalogs.Get(SP80053Catalog)
		slices.SortStableFunc(g.controls, func(a, b *engine.Requirement) int {
			if sp.Less(a.ID, b.ID) {
				return -1
			}
			if sp.Less(b.ID, a.ID) {
				return 1
			}
			return 0
		})
	}
	paras := make([][]string, len(g.controls))
	rows := 0
	for i, c := range g.controls {
		paras[i] = strings.Split(strings.TrimSpace(c.Discussion.In(g.lang)), "\n\n")
		rows += len(paras[i])
	}
	if err := g.table(s, heads, widths, rows); err != nil {
		return err
	}
	row := 2
	for i, c := range g.controls {
		title := c.Title.In(g.lang)
		if ja && c.Title.JA != "" && c.Title.EN != "" {
			title += "\n" + c.Title.EN
		}
		status := g.l("translation.none")
		if c.Text.JA != "" {
			status = g.l("translation.unofficial")
		}
		for j, p := range paras[i] {
			vals := []string{c.ID, "", "", p, "", ""}
			if j == 0 {
				vals = []string{c.ID, title, strings.TrimSpace(c.Text.In(g.lang)), p, strings.Join(g.controlReqs[c.ID], ", "), status}
			}
			for col, val := range vals[:len(heads)] {
				style := g.st.wrap
				if col == 0 {
					style = g.st.plain
				}
				if err := g.str(s, col+1, row, val, style); err != nil {
					return err
				}
			}
			row++
		}
	}
	return nil
}

// gapLines estimates how many lines s takes in a merged cell width
// characters wide (East Asian characters count double), since
// spreadsheet programs do not fit the height of merged cells.
func gapLines(s string, width int) int {
	n := 0
	for _, line := range strings.Split(s, "\n") {
		n += max(1, (runewidth.StringWidth(line)+width-1)/width)
	}
	return n
}

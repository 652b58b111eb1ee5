package reports

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/chain"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// The supply-chain workbook: a prime's view of every tier of its
// subcontractors. The Summary is small and written cell by cell; the
// list sheets (Contracts, Suppliers, Blockers, Alerts and, when the prime
// assessed a supplier's own evidence, Findings) can hold tens of
// thousands of rows and go through excelize's StreamWriter, so memory
// stays bounded: rows are encoded as they are written and spill to a
// temporary file past 16 MiB.

// WriteChainWorkbook writes the supply-chain workbook for r in lang
// ("ja" or "en"; anything else is English).
func WriteChainWorkbook(w io.Writer, r *chain.Report, lang string) error {
	if r == nil {
		return fmt.Errorf("supply-chain workbook: report is required")
	}
	if lang != engine.LangJA {
		lang = engine.LangEN
	}
	b, err := newXLSXBook()
	if err != nil {
		return fmt.Errorf("supply-chain workbook: %w", err)
	}
	defer b.f.Close()
	c := &chainWriter{xlsxBook: b, r: r, lang: lang, contractTitles: make(map[string]string, len(r.Contracts))}
	c.prime = engine.NameIn(lang, r.Prime.Name, r.Prime.NameEN)
	for _, ct := range r.Contracts {
		c.contractTitles[ct.ID] = ct.Title
	}
	for _, s := range r.Suppliers {
		if len(s.Findings) > 0 {
			c.findings += len(s.Findings)
		}
	}
	sheets := []string{c.l("s.summary"), c.l("s.contracts"), c.l("s.suppliers"), c.l("s.blockers"), c.l("s.alerts")}
	if c.findings > 0 {
		sheets = append(sheets, c.l("s.findings"))
	}
	if err := b.f.SetSheetName("Sheet1", sheets[0]); err != nil {
		return err
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
		{"summary", c.summary}, {"contracts", c.contracts}, {"suppliers", c.suppliers}, {"blockers", c.blockers},
		{"alerts", c.alerts}, {"findings", c.findingSheet}, {"properties", c.props},
	}
	for _, s := range steps {
		if err := s.fn(); err != nil {
			return fmt.Errorf("supply-chain workbook: %s: %w", s.name, err)
		}
	}
	if err := c.printSetup(sheets[0], c.prime, c.l("marking"), c.l("title")+" — "+sheets[0], c.l("page")); err != nil {
		return fmt.Errorf("supply-chain workbook: print setup: %w", err)
	}
	// The Summary, the first sheet, is already the active one. Do not
	// call SetActiveSheet: it would read every streamed sheet back into
	// memory and encode it again.
	if err := b.fitRows(); err != nil {
		return err
	}
	if err := b.f.Write(w); err != nil {
		return fmt.Errorf("supply-chain workbook: %w", err)
	}
	return nil
}

// chainLabels are the workbook's words in each language.
var chainLabels = map[string]map[string]string{
	engine.LangEN: {
		"s.summary": "Summary", "s.contracts": "Contracts", "s.suppliers": "Suppliers", "s.blockers": "Blockers",
		"s.alerts": "Alerts", "s.findings": "Findings",
		"title": "Supply chain report", "marking": "取扱注意 Handle with care", "page": "Page &P of &N",
		"subject": "Defense Industry Cybersecurity Standard (NIST SP 800-171) supply-chain check",
		"prime":   "Prime", "asof": "As of", "source": "Chain", "result": "Result",
		"ready.yes": "Ready: every contract's receivers are conformant", "ready.no": "Not ready: %d of %d contracts blocked",
		"contracts.n": "Contracts", "contracts.fmt": "%d ready, %d blocked (of %d)",
		"suppliers.n": "Suppliers", "suppliers.fmt": "%d rows (%d companies), %d companies blocking, deepest tier %d",
		"blockers.n": "Blockers", "alerts.n": "Alerts", "alerts.fmt": "%d due within 90 days of the as-of date",
		"byverdict": "Suppliers by verdict", "bystatus": "Suppliers by CMMC status", "bytype": "Suppliers by assessment type",
		"bytier": "Suppliers by tier", "keyalerts": "Key alerts (soonest first)", "noalerts": "Nothing falls due within 90 days.",
		"morealerts": "%d more on the Alerts sheet", "total": "Total",
		"v.valid": "Valid", "v.expired": "Expired", "v.invalid": "Invalid signature", "v.none": "No verdict",
		"st.final": "Final", "st.conditional": "Conditional", "st.none": "None", "st.noverdict": "No valid verdict",
		"at.self": "Self-assessment", "at.prime_led": "Prime-led", "at.auditor_verified": "Auditor-verified",
		"tier": "Tier", "tier.fmt": "Tier %d", "tier.clear": "Clear", "tier.blocking": "Blocking",
		"tier.norecv": "Receives no protected information", "tier.due": "Falls due within 90 days",
		"contract": "Contract", "ctitle": "Title", "clause": "Special clause", "designation": "Designation reference",
		"requirement": "Requirement", "cstatus": "Status", "parties": "Parties", "receivers": "Receivers",
		"maxtier": "Deepest tier", "blockingcos": "Blocking companies", "nblockers": "Blocker paths",
		"c.ready": "Ready", "c.blocked": "Blocked", "c.noclause": "No special clause", "c.unused": "—",
		"yes": "yes", "no": "no",
		"req.final": "Final", "req.conditional": "Conditional", "req.conditional.until": "Conditional until %s",
		"req.minscore": "score ≥ %d", "req.sitecheck": "site checked", "req.maxage": "assessed within %d days",
		"company": "Company", "name": "Name", "site": "Site", "verdict": "Verdict", "score": "DoD score",
		"status": "CMMC status", "conformant": "Decision", "conf.yes": "Conformant", "conf.no": "Not conformant",
		"atype": "Assessment type", "assessor": "Assessor", "adate": "Assessment date", "vdate": "Verdict date",
		"expires": "Expires", "days": "Days", "affirmation": "Affirmation due", "reassessment": "Reassessment due",
		"closeout": "POA&M closeout due", "vsource": "Source", "file": "File", "keyid": "Key ID",
		"oncontracts": "Contracts", "receives": "Receives protected information on", "blocks": "Blocks",
		"suspension": "Suspension", "problem": "Problem", "gaps": "Gaps (own evidence)",
		"src.signed_verdict": "Signed verdict", "src.evidence": "Evidence (assessed by the prime)",
		"reason": "Reason", "path": "Path from the prime", "message": "Detail",
		"r.no_verdict": "No verdict", "r.invalid_signature": "Invalid signature", "r.expired": "Expired",
		"r.below_requirement": "Below requirement", "r.suspended": "Suspended", "r.site_not_checked": "Site not checked", "r.flow_down_not_declared": "Flow-down not declared",
		"due": "Due", "daysleft": "Days left", "window": "Window (days)", "kind": "What falls due", "affected": "Contracts it would block",
		"k.verdict_expiry": "Verdict expiry", "k.affirmation": "Annual affirmation", "k.reassessment": "Reassessment",
		"k.closeout": "POA&M closeout", "k.conditional_acceptance": "End of conditional acceptance",
		"frequirement": "Requirement", "code": "Code", "effect": "Effect", "contradiction": "Contradiction",
	},
	engine.LangJA: {
		"s.summary": "概要", "s.contracts": "契約", "s.suppliers": "取引先", "s.blockers": "阻害要因",
		"s.alerts": "アラート", "s.findings": "指摘事項",
		"title": "サプライチェーン確認報告書", "marking": "取扱注意", "page": "&P / &N ページ",
		"subject": "防衛産業サイバーセキュリティ基準（NIST SP 800-171）サプライチェーン確認",
		"prime":   "元請", "asof": "基準日", "source": "サプライチェーン定義", "result": "判定",
		"ready.yes": "全契約の受領者が適合", "ready.no": "未充足：%[2]d件中%[1]d件の契約に阻害要因あり",
		"contracts.n": "契約", "contracts.fmt": "充足%d件、阻害あり%d件（計%d件）",
		"suppliers.n": "取引先", "suppliers.fmt": "%d行（%d社）、阻害要因となる企業%d社、最深%d次",
		"blockers.n": "阻害要因", "alerts.n": "アラート", "alerts.fmt": "基準日から90日以内に期限が来るもの%d件",
		"byverdict": "判定の状態別", "bystatus": "CMMCステータス別", "bytype": "評価の種類別",
		"bytier": "階層別の取引先", "keyalerts": "主なアラート（期限の近い順）", "noalerts": "90日以内に期限が来るものはない。",
		"morealerts": "ほか%d件は「アラート」シート", "total": "合計",
		"v.valid": "有効", "v.expired": "期限切れ", "v.invalid": "署名不正", "v.none": "判定なし",
		"st.final": "最終（Final）", "st.conditional": "条件付き（Conditional）", "st.none": "なし（None）", "st.noverdict": "有効な判定なし",
		"at.self": "自己評価", "at.prime_led": "元請評価", "at.auditor_verified": "監査員確認済",
		"tier": "階層", "tier.fmt": "%d次", "tier.clear": "適合", "tier.blocking": "阻害要因",
		"tier.norecv": "保護すべき情報を受領しない", "tier.due": "90日以内に期限",
		"contract": "契約", "ctitle": "件名", "clause": "特約条項", "designation": "指定書番号",
		"requirement": "要求水準", "cstatus": "状況", "parties": "参加企業数", "receivers": "受領企業数",
		"maxtier": "最深階層", "blockingcos": "阻害要因となる企業", "nblockers": "阻害経路数",
		"c.ready": "充足", "c.blocked": "阻害あり", "c.noclause": "特約なし", "c.unused": "—",
		"yes": "あり", "no": "なし",
		"req.final": "最終（Final）", "req.conditional": "条件付き（Conditional）可", "req.conditional.until": "%sまで条件付き（Conditional）可",
		"req.minscore": "スコア%d以上", "req.sitecheck": "現地確認済", "req.maxage": "評価から%d日以内",
		"company": "企業", "name": "名称", "site": "取扱施設", "verdict": "判定", "score": "DoDスコア",
		"status": "CMMCステータス", "conformant": "判定結果", "conf.yes": "適合", "conf.no": "未適合",
		"atype": "評価の種類", "assessor": "評価者", "adate": "評価日", "vdate": "判定日",
		"expires": "有効期限", "days": "残日数", "affirmation": "年次確認期限", "reassessment": "再評価期限",
		"closeout": "POA&M完了期限", "vsource": "根拠", "file": "ファイル", "keyid": "鍵ID",
		"oncontracts": "契約", "receives": "保護すべき情報を受領する契約", "blocks": "阻害している契約",
		"suspension": "取引停止", "problem": "問題", "gaps": "不足（自社証跡）",
		"src.signed_verdict": "署名付き判定", "src.evidence": "証跡（元請が評価）",
		"reason": "理由", "path": "元請からの経路", "message": "詳細",
		"r.no_verdict": "判定なし", "r.invalid_signature": "署名不正", "r.expired": "期限切れ",
		"r.below_requirement": "要求水準未満", "r.suspended": "取引停止", "r.site_not_checked": "現地確認なし", "r.flow_down_not_declared": "特約の再委託先への適用なし",
		"due": "期限", "daysleft": "残日数", "window": "通知区分（日）", "kind": "期限の種類", "affected": "阻害されうる契約",
		"k.verdict_expiry": "判定の有効期限", "k.affirmation": "年次確認", "k.reassessment": "再評価",
		"k.closeout": "POA&M完了", "k.conditional_acceptance": "条件付き受入の終了",
		"frequirement": "要件", "code": "コード", "effect": "影響", "contradiction": "矛盾",
	},
}

type chainWriter struct {
	*xlsxBook
	r              *chain.Report
	lang, prime    string
	contractTitles map[string]string
	findings       int
}

func (c *chainWriter) l(k string) string {
	if s, ok := chainLabels[c.lang][k]; ok {
		return s
	}
	return k
}

// code labels a code (reason, alert kind, verdict state, ...) under
// prefix, or returns it as it is when it has no label.
func (c *chainWriter) code(prefix, code string) string {
	if code == "" {
		return ""
	}
	if s, ok := chainLabels[c.lang][prefix+code]; ok {
		return s
	}
	return code
}

// cmmcStatus labels a supplier's CMMC status.
func (c *chainWriter) cmmcStatus(s string) string { return c.code("st.", s) }

// statusStyle is the fill of a determination class (met, not_met,
// not_applicable, not_assessed).
func (c *chainWriter) statusStyle(class string) int {
	if id, ok := c.st.status[class]; ok {
		return id
	}
	return c.st.plain
}

// verdictClass maps a verdict state to a status fill.
var verdictClass = map[string]string{
	chain.VerdictValid: "met", chain.VerdictExpired: "not_met", chain.VerdictInvalid: "not_met", chain.VerdictNone: "not_assessed",
}

// cmmcClass maps a CMMC status to a status fill.
var cmmcClass = map[string]string{
	engine.CMMCFinal: "met", engine.CMMCConditional: "not_assessed", engine.CMMCNone: "not_met",
}

// alertWindowClass colours the alert windows: 30 days red, 60 yellow,
// 90 grey.
var alertWindowClass = map[int]string{30: "not_met", 60: "not_assessed", 90: "not_applicable"}

func (c *chainWriter) props() error {
	created := ""
	if !c.r.AsOf.IsZero() {
		created = c.r.AsOf.Format("2006-01-02T15:04:05Z")
	}
	if err := c.f.SetDocProps(&excelize.DocProperties{
		Title:          c.l("title") + " — " + xlClean(c.prime),
		Subject:        c.l("subject"),
		Creator:        "mamori",
		LastModifiedBy: "mamori",
		Keywords:       "mamori; NIST SP 800-171; CMMC; supply chain; flow-down; 取扱注意",
		Description:    xlClean(fmt.Sprintf("%s (%s, %s)", c.r.Schema, c.r.Source, c.r.AsOf)),
		Category:       c.l("marking"),
		Language:       map[string]string{engine.LangEN: "en-GB", engine.LangJA: "ja-JP"}[c.lang],
		Created:        created,
		Modified:       created,
	}); err != nil {
		return err
	}
	return c.f.SetAppProps(&excelize.AppProperties{Application: "mamori", Company: xlClean(c.r.Prime.Name)})
}

// tierCounts are the suppliers of one tier by their standing on the
// Summary chart.
type tierCounts struct{ clear, blocking, noRecv, due int }

// summary writes the Summary sheet: the figures, the suppliers by
// verdict, status, assessment type and tier (with a chart), and the key
// alerts.
func (c *chainWriter) summary() error {
	s, r := c.l("s.summary"), c.r
	// The widths are set last: most values here span merged cells,
	// whose heights are set below rather than fitted from one column.
	widths := []float64{26, 34, 13, 13, 13, 13, 13, 13, 4}
	if err := c.title(s, 1, c.l("title")+" — "+c.prime); err != nil {
		return err
	}
	if err := c.f.MergeCell(s, "A1", "H1"); err != nil {
		return err
	}
	sm := r.Summary
	prime := r.Prime.Name
	if r.Prime.NameEN != "" {
		prime += "\n" + r.Prime.NameEN
	}
	if r.Prime.ID != "" {
		prime += "\n(" + r.Prime.ID + ")"
	}
	result, resultStyle := c.l("ready.yes"), c.st.label
	if !sm.Ready {
		result, resultStyle = fmt.Sprintf(c.l("ready.no"), sm.ContractsBlocked, sm.Contracts), c.st.flag
	}
	pairs := []struct {
		k, v  string
		style int
	}{
		{"prime", prime, c.st.wrap}, {"asof", r.AsOf.String(), c.st.plain}, {"source", r.Source, c.st.wrap},
		{"result", result, resultStyle},
		{"contracts.n", fmt.Sprintf(c.l("contracts.fmt"), sm.ContractsReady, sm.ContractsBlocked, sm.Contracts), c.st.wrap},
		{"suppliers.n", fmt.Sprintf(c.l("suppliers.fmt"), sm.Suppliers, sm.Companies, sm.BlockingCompanies, sm.MaxTier), c.st.wrap},
		{"blockers.n", strconv.Itoa(sm.Blockers), c.st.wrap},
		{"alerts.n", fmt.Sprintf(c.l("alerts.fmt"), sm.Alerts), c.st.wrap},
	}
	row := 3
	for _, p := range pairs {
		if err := c.str(s, 1, row, c.l(p.k), c.st.label); err != nil {
			return err
		}
		if err := c.str(s, 2, row, p.v, p.style); err != nil {
			return err
		}
		if err := c.f.MergeCell(s, xlCell(2, row), xlCell(8, row)); err != nil {
			return err
		}
		if n := gapLines(p.v, int(widths[1]+5*widths[2])); n > 1 {
			if err := c.f.SetRowHeight(s, row, float64(n)*14); err != nil {
				return err
			}
		}
		row++
	}

	// Suppliers by verdict, by CMMC status and by assessment type.
	status := map[string]int{}
	atype := map[string]int{}
	for _, sp := range r.Suppliers {
		switch {
		case sp.Verdict != chain.VerdictValid:
			status["noverdict"]++
		default:
			status[sp.Status]++
			atype[sp.AssessmentType]++
		}
	}
	counts := []struct {
		title  string
		labels []string
		fills  []string
		n      []int
	}{
		{"byverdict", []string{"v.valid", "v.expired", "v.invalid", "v.none"}, []string{"met", "not_met", "not_met", "not_assessed"},
			[]int{sm.VerdictsValid, sm.VerdictsExpired, sm.VerdictsInvalid, sm.VerdictsMissing}},
		{"bystatus", []string{"st.final", "st.conditional", "st.none", "st.noverdict"}, []string{"met", "not_assessed", "not_met", "not_applicable"},
			[]int{status[engine.CMMCFinal], status[engine.CMMCConditional], status[engine.CMMCNone], status["noverdict"]}},
		{"bytype", []string{"at.self", "at.prime_led", "at.auditor_verified"}, nil,
			[]int{atype[chain.AssessmentSelf], atype[chain.AssessmentPrimeLed], atype[chain.AssessmentAuditorVerified]}},
	}
	row++
	for _, t := range counts {
		if err := c.str(s, 1, row, c.l(t.title), c.st.label); err != nil {
			return err
		}
		total := 0
		for i, k := range t.labels {
			// The labels wrap in the header; the counts carry the fill.
			style := c.st.number
			if t.fills != nil {
				style = c.statusStyle(t.fills[i])
			}
			if err := c.str(s, 2+i, row, c.l(k), c.st.header); err != nil {
				return err
			}
			if err := c.num(s, 2+i, row+1, t.n[i], style); err != nil {
				return err
			}
			total += t.n[i]
		}
		if err := c.str(s, 2+len(t.labels), row, c.l("total"), c.st.header); err != nil {
			return err
		}
		if err := c.num(s, 2+len(t.labels), row+1, total, c.st.number); err != nil {
			return err
		}
		if err := c.f.SetRowHeight(s, row, 30); err != nil {
			return err
		}
		row += 3
	}

	// Suppliers by tier, with a chart.
	tiers := c.tiers()
	top := row
	if err := c.title(s, row, c.l("bytier")); err != nil {
		return err
	}
	row++
	heads := []string{c.l("tier"), "", c.l("tier.clear"), c.l("tier.blocking"), c.l("tier.norecv"), c.l("tier.due"), c.l("total")}
	for i, h := range heads {
		if err := c.str(s, 1+i, row, h, c.st.header); err != nil {
			return err
		}
	}
	if err := c.f.SetRowHeight(s, row, 42); err != nil {
		return err
	}
	for tier, tc := range tiers {
		row++
		if err := c.num(s, 1, row, tier+1, c.st.number); err != nil {
			return err
		}
		if err := c.str(s, 2, row, fmt.Sprintf(c.l("tier.fmt"), tier+1), c.st.plain); err != nil {
			return err
		}
		for i, n := range []int{tc.clear, tc.blocking, tc.noRecv, tc.due, tc.clear + tc.blocking + tc.noRecv + tc.due} {
			if err := c.num(s, 3+i, row, n, c.st.number); err != nil {
				return err
			}
		}
	}
	if len(tiers) > 0 {
		// The gap report's stacked bar chart reads the same layout: a
		// title row, a header row, then categories in B and four series
		// in C:F coloured met, not met, N/A and not assessed.
		chart := &gapWriter{xlsxBook: c.xlsxBook, sum: s}
		if err := chart.chart("J3", top, len(tiers), c.l("bytier"), 640, 300+uint(min(len(tiers), 10))*20); err != nil {
			return err
		}
	}
	row += 2
	if err := c.keyAlerts(s, row); err != nil {
		return err
	}
	return c.setWidths(s, widths)
}

// title writes a section title in a row tall enough for its font:
// LibreOffice does not grow rows to fit when it opens a workbook.
func (c *chainWriter) title(s string, row int, text string) error {
	if err := c.str(s, 1, row, text, c.st.title); err != nil {
		return err
	}
	return c.f.SetRowHeight(s, row, 20)
}

// tiers counts the suppliers of each tier (index 0 is tier 1): blocking
// a contract, receiving protected information with a date falling due
// within 90 days, receiving it and clear, or receiving none.
func (c *chainWriter) tiers() []tierCounts {
	due := map[string]bool{}
	for _, a := range c.r.Alerts {
		due[a.Company+"\x00"+a.Site] = true
	}
	var out []tierCounts
	for _, sp := range c.r.Suppliers {
		if sp.Tier < 1 {
			continue
		}
		for len(out) < sp.Tier {
			out = append(out, tierCounts{})
		}
		tc := &out[sp.Tier-1]
		switch {
		case len(sp.Blocks) > 0:
			tc.blocking++
		case len(sp.Receives) == 0:
			tc.noRecv++
		case due[sp.Company+"\x00"+sp.Site]:
			tc.due++
		default:
			tc.clear++
		}
	}
	return out
}

// keyAlerts lists the ten soonest alerts from row.
func (c *chainWriter) keyAlerts(s string, row int) error {
	if err := c.title(s, row, c.l("keyalerts")); err != nil {
		return err
	}
	row++
	if len(c.r.Alerts) == 0 {
		return c.str(s, 1, row, c.l("noalerts"), c.st.plain)
	}
	heads := []string{c.l("due"), c.l("company"), c.l("daysleft"), c.l("kind")}
	for i, h := range heads {
		if err := c.str(s, 1+i, row, h, c.st.header); err != nil {
			return err
		}
	}
	if err := c.f.MergeCell(s, xlCell(4, row), xlCell(8, row)); err != nil {
		return err
	}
	const shown = 10
	for _, a := range c.r.Alerts[:min(shown, len(c.r.Alerts))] {
		row++
		who := a.Name.In(c.lang)
		if who == "" {
			who = a.Company
		}
		if a.Site != "" {
			who += " / " + a.Site
		}
		what := c.code("k.", a.Kind)
		if a.Contract != "" {
			what += " (" + a.Contract + ")"
		}
		if len(a.Contracts) > 0 {
			what += " → " + gapShorten(strings.Join(a.Contracts, ", "), 80)
		}
		if err := c.str(s, 1, row, a.Due.String(), c.statusStyle(alertWindowClass[a.Window])); err != nil {
			return err
		}
		if err := c.str(s, 2, row, who, c.st.plain); err != nil {
			return err
		}
		if err := c.num(s, 3, row, a.DaysLeft, c.st.number); err != nil {
			return err
		}
		if err := c.str(s, 4, row, what, c.st.plain); err != nil {
			return err
		}
		if err := c.f.MergeCell(s, xlCell(4, row), xlCell(8, row)); err != nil {
			return err
		}
	}
	if more := len(c.r.Alerts) - shown; more > 0 {
		return c.str(s, 1, row+1, fmt.Sprintf(c.l("morealerts"), more), c.st.plain)
	}
	return nil
}

// requirement describes what a contract requires of its receivers.
func (c *chainWriter) requirement(q chain.Requirement) string {
	var parts []string
	switch {
	case q.Status == chain.StatusConditional && q.ConditionalUntil != nil:
		parts = append(parts, fmt.Sprintf(c.l("req.conditional.until"), q.ConditionalUntil))
	case q.Status == chain.StatusConditional:
		parts = append(parts, c.l("req.conditional"))
	case q.Status != "":
		parts = append(parts, c.code("req.", q.Status))
	}
	if q.MinScore != nil {
		parts = append(parts, fmt.Sprintf(c.l("req.minscore"), *q.MinScore))
	}
	if q.SiteCheck {
		parts = append(parts, c.l("req.sitecheck"))
	}
	age := q.MaxAgeDays
	if age == 0 {
		age = chain.DefaultMaxAgeDays
	}
	parts = append(parts, fmt.Sprintf(c.l("req.maxage"), age))
	return strings.Join(parts, "\n")
}

func (c *chainWriter) yesNo(b bool) string {
	if b {
		return c.l("yes")
	}
	return c.l("no")
}

// labelFor returns a statusFormat label function over the given labels
// for met, not_met, not_applicable and not_assessed.
func labelFor(met, notMet, na, notAssessed string) func(string) string {
	m := map[string]string{"met": met, "not_met": notMet, "not_applicable": na, "not_assessed": notAssessed}
	return func(s string) string { return m[s] }
}

// contracts writes one row per contract.
func (c *chainWriter) contracts() error {
	s := c.l("s.contracts")
	heads := []string{c.l("contract"), c.l("ctitle"), c.l("cstatus"), c.l("clause"), c.l("designation"), c.l("requirement"),
		c.l("parties"), c.l("receivers"), c.l("maxtier"), c.l("nblockers"), c.l("blockingcos")}
	widths := []float64{14, 36, 11, 9, 18, 26, 9, 9, 9, 9, 40}
	n := len(c.r.Contracts)
	t, err := c.stream(s, heads, widths, n, func() error {
		return c.statusFormat(s, fmt.Sprintf("C2:C%d", max(n+1, 2)),
			labelFor(c.l("c.ready"), c.l("c.blocked"), c.l("c.noclause"), c.l("c.unused")))
	})
	if err != nil {
		return err
	}
	for _, ct := range c.r.Contracts {
		state, class := c.l("c.ready"), "met"
		switch {
		case !ct.Ready:
			state, class = c.l("c.blocked"), "not_met"
		case !ct.SpecialClause:
			state, class = c.l("c.noclause"), "not_applicable"
		}
		blocking := c.st.wrap
		if len(ct.BlockingCompanies) > 0 {
			blocking = c.st.flag
		}
		if err := t.add(xs(ct.ID, c.st.plain), xs(ct.Title, c.st.wrap), xs(state, c.statusStyle(class)),
			xs(c.yesNo(ct.SpecialClause), c.st.plain), xs(ct.DesignationReference, c.st.wrap), xs(c.requirement(ct.Requirement), c.st.wrap),
			xn(ct.Parties, c.st.number), xn(ct.Receivers, c.st.number), xn(ct.MaxTier, c.st.number), xn(ct.Blockers, c.st.number),
			xs(strings.Join(ct.BlockingCompanies, ", "), blocking)); err != nil {
			return err
		}
	}
	return t.flush()
}

// days writes a day count coloured by how soon it falls due: lapsed
// red, within 90 days yellow.
func (c *chainWriter) days(d *int) xcell {
	if d == nil {
		return xcell{style: c.st.plain}
	}
	switch {
	case *d <= 0:
		return xn(*d, c.statusStyle("not_met"))
	case *d <= chain.AlertWindows[len(chain.AlertWindows)-1]:
		return xn(*d, c.statusStyle("not_assessed"))
	}
	return xn(*d, c.st.number)
}

func dateText(d *evidence.Date) string {
	if d == nil {
		return ""
	}
	return d.String()
}

// suppliers writes one row per supplier (company, or company and site):
// summary figures only, and the gaps when the prime assessed the
// supplier's own evidence.
func (c *chainWriter) suppliers() error {
	s := c.l("s.suppliers")
	heads := []string{c.l("company"), c.l("name"), c.l("site"), c.l("tier"), c.l("verdict"), c.l("score"), c.l("status"),
		c.l("conformant"), c.l("atype"), c.l("assessor"), c.l("adate"), c.l("vdate"), c.l("expires"), c.l("days"),
		c.l("affirmation"), c.l("days"), c.l("reassessment"), c.l("days"), c.l("closeout"), c.l("days"),
		c.l("blocks"), c.l("receives"), c.l("oncontracts"), c.l("suspension"), c.l("problem"), c.l("vsource"),
		c.l("file"), c.l("keyid"), c.l("gaps")}
	widths := []float64{12, 26, 10, 6, 11, 8, 18, 11, 13, 16, 11, 11, 11, 7, 11, 7, 11, 7, 11, 7, 20, 20, 20, 24, 36, 14, 24, 18, 24}
	n := len(c.r.Suppliers)
	t, err := c.stream(s, heads, widths, n, func() error {
		ref := func(col int) string { return fmt.Sprintf("%s2:%s%d", xlCol(col), xlCol(col), max(n+1, 2)) }
		if err := c.statusFormat(s, ref(5), labelFor(c.l("v.valid"), c.l("v.expired"), c.l("v.invalid"), c.l("v.none"))); err != nil {
			return err
		}
		return c.statusFormat(s, ref(7), labelFor(c.cmmcStatus(engine.CMMCFinal), c.cmmcStatus(engine.CMMCNone), c.l("c.unused"),
			c.cmmcStatus(engine.CMMCConditional)))
	})
	if err != nil {
		return err
	}
	for _, sp := range c.r.Suppliers {
		score := xcell{style: c.st.plain}
		if sp.Score != nil {
			score = xn(*sp.Score, c.st.number)
		}
		status := xcell{style: c.st.plain}
		if sp.Status != "" {
			status = xs(c.cmmcStatus(sp.Status), c.statusStyle(cmmcClass[sp.Status]))
		}
		conf := ""
		if sp.Verdict == chain.VerdictValid || sp.Verdict == chain.VerdictExpired {
			conf = c.l("conf.no")
			if sp.Conformant {
				conf = c.l("conf.yes")
			}
		}
		blocks := c.st.wrap
		if len(sp.Blocks) > 0 {
			blocks = c.st.flag
		}
		susp, suspStyle := "", c.st.wrap
		if sp.Suspension != nil {
			susp, suspStyle = sp.Suspension.Since.String()+" "+sp.Suspension.Reason, c.st.flag
		}
		problem := ""
		if sp.Problem != nil {
			problem = sp.Problem.In(c.lang)
		}
		gaps := make([]string, 0, len(sp.Gaps))
		for _, g := range sp.Gaps {
			gaps = append(gaps, fmt.Sprintf("%s (%d)", g.Requirement, g.Points))
		}
		if err := t.add(xs(sp.Company, c.st.plain), xs(sp.Name.In(c.lang), c.st.wrap), xs(sp.Site, c.st.plain), xn(sp.Tier, c.st.number),
			xs(c.code("v.", sp.Verdict), c.statusStyle(verdictClass[sp.Verdict])), score, status, xs(conf, c.st.plain),
			xs(c.code("at.", sp.AssessmentType), c.st.plain), xs(sp.Assessor, c.st.wrap), xs(dateText(sp.AssessmentDate), c.st.plain),
			xs(dateText(sp.VerdictDate), c.st.plain), xs(dateText(sp.Expires), c.st.plain), c.days(sp.DaysToExpiry),
			xs(dateText(sp.AffirmationDue), c.st.plain), c.days(sp.DaysToAffirmation),
			xs(dateText(sp.ReassessmentDue), c.st.plain), c.days(sp.DaysToReassessment),
			xs(dateText(sp.CloseoutDue), c.st.plain), c.days(sp.DaysToCloseout),
			xs(strings.Join(sp.Blocks, ", "), blocks), xs(strings.Join(sp.Receives, ", "), c.st.wrap),
			xs(strings.Join(sp.Contracts, ", "), c.st.wrap), xs(susp, suspStyle), xs(problem, c.st.wrap),
			xs(c.code("src.", sp.Source), c.st.wrap), xs(sp.File, c.st.wrap), xs(sp.KeyID, c.st.plain),
			xs(strings.Join(gaps, ", "), c.st.wrap)); err != nil {
			return err
		}
	}
	return t.flush()
}

// blockers writes one row per blocking company on each path.
func (c *chainWriter) blockers() error {
	s := c.l("s.blockers")
	heads := []string{c.l("contract"), c.l("ctitle"), c.l("tier"), c.l("company"), c.l("name"), c.l("site"), c.l("reason"),
		c.l("path"), c.l("message")}
	widths := []float64{14, 28, 6, 12, 26, 10, 16, 36, 50}
	t, err := c.stream(s, heads, widths, len(c.r.Blockers), nil)
	if err != nil {
		return err
	}
	for _, bl := range c.r.Blockers {
		if err := t.add(xs(bl.Contract, c.st.plain), xs(c.contractTitles[bl.Contract], c.st.wrap), xn(bl.Tier, c.st.number),
			xs(bl.Company, c.st.plain), xs(bl.Name.In(c.lang), c.st.wrap), xs(bl.Site, c.st.plain),
			xs(c.code("r.", bl.Reason), c.statusStyle("not_met")), xs(strings.Join(bl.Path, " → "), c.st.wrap),
			xs(bl.Message.In(c.lang), c.st.wrap)); err != nil {
			return err
		}
	}
	return t.flush()
}

// alerts writes one row per date falling due within 90 days.
func (c *chainWriter) alerts() error {
	s := c.l("s.alerts")
	heads := []string{c.l("due"), c.l("daysleft"), c.l("window"), c.l("kind"), c.l("company"), c.l("name"), c.l("site"),
		c.l("contract"), c.l("affected"), c.l("message")}
	widths := []float64{11, 8, 9, 18, 12, 26, 10, 14, 28, 50}
	t, err := c.stream(s, heads, widths, len(c.r.Alerts), nil)
	if err != nil {
		return err
	}
	for _, a := range c.r.Alerts {
		if err := t.add(xs(a.Due.String(), c.st.plain), xn(a.DaysLeft, c.st.number), xn(a.Window, c.statusStyle(alertWindowClass[a.Window])),
			xs(c.code("k.", a.Kind), c.st.wrap), xs(a.Company, c.st.plain), xs(a.Name.In(c.lang), c.st.wrap), xs(a.Site, c.st.plain),
			xs(a.Contract, c.st.plain), xs(strings.Join(a.Contracts, ", "), c.st.wrap), xs(a.Message.In(c.lang), c.st.wrap)); err != nil {
			return err
		}
	}
	return t.flush()
}

// findingSheet lists the findings of the suppliers whose own evidence
// the prime assessed; there is no such sheet otherwise.
func (c *chainWriter) findingSheet() error {
	if c.findings == 0 {
		return nil
	}
	s := c.l("s.findings")
	heads := []string{c.l("company"), c.l("name"), c.l("site"), c.l("frequirement"), c.l("code"), c.l("effect"),
		c.l("contradiction"), c.l("message")}
	t, err := c.stream(s, heads, []float64{12, 26, 10, 10, 22, 14, 9, 60}, c.findings, nil)
	if err != nil {
		return err
	}
	for _, sp := range c.r.Suppliers {
		for _, f := range sp.Findings {
			contra := xcell{style: c.st.plain}
			if f.Contradiction {
				contra = xs("✔", c.st.flag)
			}
			if err := t.add(xs(sp.Company, c.st.plain), xs(sp.Name.In(c.lang), c.st.wrap), xs(sp.Site, c.st.plain),
				xs(f.Requirement, c.st.plain), xs(f.Code, c.st.plain), xs(f.Effect, c.st.plain), contra,
				xs(f.Message.In(c.lang), c.st.wrap)); err != nil {
				return err
			}
		}
	}
	return t.flush()
}

// xcell is one cell of a streamed row: a string (always written as a
// string cell, so it never runs as a formula), an int, or nil.
type xcell struct {
	v     any
	style int
}

func xs(s string, style int) xcell { return xcell{v: s, style: style} }
func xn(n, style int) xcell        { return xcell{v: n, style: style} }

// xlsxStream is a list sheet written row by row through excelize's
// StreamWriter. Everything that is not a row (autofilter, print setup,
// conditional formats, widths, panes) is set before the first row, as
// the StreamWriter requires; row heights are estimated from the text as
// each row is written, since they cannot be fitted afterwards.
type xlsxStream struct {
	b      *xlsxBook
	sw     *excelize.StreamWriter
	widths []float64
	row    int
	vals   []any
}

// stream sets up a list sheet of rows data rows for streaming: the
// autofilter and repeated header row, the print setup, the conditional
// formats (formats, optional), then the widths, the frozen header row
// and the header itself.
func (c *chainWriter) stream(sheet string, headers []string, widths []float64, rows int, formats func() error) (*xlsxStream, error) {
	b := c.xlsxBook
	// AutoFilter replaces the sheet properties, so it comes before the
	// print setup sets fit-to-page.
	if err := b.f.AutoFilter(sheet, "A1:"+xlCell(len(headers), max(rows+1, 2)), nil); err != nil {
		return nil, err
	}
	if err := b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet, RefersTo: xlSheetRef(sheet) + "!$1:$1"}); err != nil {
		return nil, err
	}
	if err := b.printSetup(sheet, c.prime, c.l("marking"), c.l("title")+" — "+sheet, c.l("page")); err != nil {
		return nil, err
	}
	if formats != nil {
		if err := formats(); err != nil {
			return nil, err
		}
	}
	sw, err := b.f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return nil, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return nil, err
	}
	t := &xlsxStream{b: b, sw: sw, widths: widths}
	head := make([]xcell, len(headers))
	for i, h := range headers {
		head[i] = xs(h, b.st.header)
	}
	return t, t.write(30, head)
}

// add writes the next row, as tall as its longest wrapped text needs.
func (t *xlsxStream) add(cells ...xcell) error {
	lines := 1
	for i, c := range cells {
		if s, ok := c.v.(string); ok && s != "" && i < len(t.widths) && (c.style == t.b.st.wrap || c.style == t.b.st.flag) {
			lines = max(lines, gapLines(s, max(1, int(t.widths[i])-1)))
		}
	}
	height := 0.0
	if lines > 1 {
		height = min(float64(lines)*12.5+3, 409)
	}
	return t.write(height, cells)
}

func (t *xlsxStream) write(height float64, cells []xcell) error {
	t.row++
	t.vals = t.vals[:0]
	for _, c := range cells {
		cell := excelize.Cell{StyleID: c.style}
		switch v := c.v.(type) {
		case string:
			if v != "" {
				cell.Value = xlClean(v)
			}
		case int:
			cell.Value = v
		}
		t.vals = append(t.vals, cell)
	}
	var opts []excelize.RowOpts
	if height > 0 {
		opts = append(opts, excelize.RowOpts{Height: height})
	}
	return t.sw.SetRow(xlCell(1, t.row), t.vals, opts...)
}

// flush ends the sheet.
func (t *xlsxStream) flush() error { return t.sw.Flush() }

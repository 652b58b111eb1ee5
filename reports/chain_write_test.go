package reports_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/chain"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/reports"
)

func chainDate(s string) evidence.Date {
	d, err := evidence.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func chainDay(s string) *evidence.Date { d := chainDate(s); return &d }

func chainInt(n int) *int { return &n }

// chainReport is a small report built by hand: a prime with three
// contracts over three tiers, one blocked by an expired tier-2 verdict
// and a tampered one, a conditional supplier whose closeout is near,
// a suspended company, and a supplier the prime assessed from its own
// evidence.
func chainReport() *chain.Report {
	name := func(ja, en string) engine.Text { return engine.Text{JA: ja, EN: en} }
	return &chain.Report{
		Schema: chain.ReportSchema,
		AsOf:   chainDate("2026-11-01"),
		Prime:  chain.Organization{ID: "tsubasa", Name: "翼重工業株式会社", NameEN: "Tsubasa Heavy Industries"},
		Source: "chain.yaml",
		Summary: chain.Summary{Ready: false, Contracts: 3, ContractsReady: 2, ContractsBlocked: 1, Suppliers: 5, Companies: 5,
			VerdictsValid: 2, VerdictsExpired: 1, VerdictsInvalid: 1, VerdictsMissing: 1, BlockingCompanies: 2, Blockers: 2, Alerts: 2, MaxTier: 3},
		Contracts: []chain.ContractResult{
			{ID: "C-001", Title: "次期哨戒機 構造部材", SpecialClause: true, DesignationReference: "指定書 第2026-014号",
				Requirement: chain.Requirement{Status: chain.StatusConditional, ConditionalUntil: chainDay("2027-03-31"), MinScore: chainInt(88)},
				Ready:       false, Parties: 4, Receivers: 3, MaxTier: 3, BlockingCompanies: []string{"kato", "mori"}, Blockers: 2},
			{ID: "C-002", Title: "整備用治具", SpecialClause: true, DesignationReference: "指定書 第2026-021号",
				Requirement: chain.Requirement{Status: chain.StatusFinal, SiteCheck: true, MaxAgeDays: 365},
				Ready:       true, Parties: 2, Receivers: 1, MaxTier: 1, BlockingCompanies: []string{}},
			{ID: "C-003", Title: "汎用部品", Requirement: chain.Requirement{Status: chain.StatusFinal}, Ready: true, Parties: 1, MaxTier: 1,
				BlockingCompanies: []string{}},
		},
		Suppliers: []chain.SupplierResult{
			{Company: "kobayashi", Name: name("小林電子株式会社", "Kobayashi Electronics"), Tier: 1,
				Contracts: []string{"C-001", "C-002"}, Receives: []string{"C-001", "C-002"}, Blocks: []string{},
				Verdict: chain.VerdictValid, Source: chain.SourceSignedVerdict, File: "kobayashi.json", KeyID: "0123456789abcdef0123456789abcdef",
				Score: chainInt(96), Status: engine.CMMCConditional, Conformant: false, AssessmentType: chain.AssessmentAuditorVerified,
				Assessor: "山田 監査員", AssessmentDate: chainDay("2026-06-15"), VerdictDate: chainDay("2026-06-20"),
				Expires: chainDay("2026-12-12"), DaysToExpiry: chainInt(41), AffirmationDue: chainDay("2027-06-15"), DaysToAffirmation: chainInt(226),
				ReassessmentDue: chainDay("2029-06-15"), DaysToReassessment: chainInt(957), CloseoutDue: chainDay("2026-12-12"), DaysToCloseout: chainInt(41)},
			{Company: "sato", Name: name("佐藤機械加工", "Sato Machining"), Site: "honsha", Tier: 2,
				Contracts: []string{"C-001"}, Receives: []string{"C-001"}, Blocks: []string{},
				Verdict: chain.VerdictValid, Source: chain.SourceEvidence, File: "sato/",
				Score: chainInt(110), Status: engine.CMMCFinal, Conformant: true, AssessmentType: chain.AssessmentPrimeLed,
				Assessor: "翼重工業 調達部", AssessmentDate: chainDay("2026-10-01"), VerdictDate: chainDay("2026-11-01"),
				Expires: chainDay("2027-11-01"), DaysToExpiry: chainInt(365),
				Findings: []engine.Finding{{Requirement: "3.5.3", Code: "mfa_partial", Effect: "stale",
					Message: name("MFA の適用範囲の記録が古い", "MFA coverage record is stale")}},
				Gaps: []engine.Gap{{Requirement: "3.13.11", Points: 3, Status: "not_met", POAM: "eligible"}}},
			{Company: "kato", Name: name("加藤精密", "Kato Precision"), Tier: 3,
				Contracts: []string{"C-001"}, Receives: []string{"C-001"}, Blocks: []string{"C-001"},
				Verdict: chain.VerdictExpired, Source: chain.SourceSignedVerdict, File: "kato.json",
				Score: chainInt(104), Status: engine.CMMCFinal, Conformant: true, AssessmentType: chain.AssessmentSelf,
				Assessor: "加藤 太郎", AssessmentDate: chainDay("2025-09-01"), VerdictDate: chainDay("2025-09-02"),
				Expires: chainDay("2026-09-02"), DaysToExpiry: chainInt(-60)},
			{Company: "mori", Name: name("森製作所", "Mori Works"), Tier: 2,
				Contracts: []string{"C-001"}, Receives: []string{"C-001"}, Blocks: []string{"C-001"},
				Verdict: chain.VerdictInvalid, Source: chain.SourceSignedVerdict, File: "mori.json",
				Problem: &engine.Text{EN: "mori.json: bad signature", JA: "mori.json: 署名が不正"}},
			{Company: "ueda", Name: name("上田工業", "Ueda Industries"), Tier: 1,
				Contracts: []string{"C-003"}, Receives: []string{}, Blocks: []string{}, Verdict: chain.VerdictNone,
				Suspension: &chain.Suspension{Since: chainDate("2026-10-01"), Reason: "監査拒否"}},
		},
		Blockers: []chain.Blocker{
			{Contract: "C-001", Company: "mori", Name: name("森製作所", "Mori Works"), Tier: 2, Path: []string{"tsubasa", "kobayashi", "mori"},
				Reason: chain.ReasonInvalidSignature, Message: name("mori.json: 署名が不正", "mori.json: bad signature")},
			{Contract: "C-001", Company: "kato", Name: name("加藤精密", "Kato Precision"), Tier: 3, Path: []string{"tsubasa", "kobayashi", "sato", "kato"},
				Reason: chain.ReasonExpired, Message: name("判定の有効期限（2026-09-02）が切れている", "the verdict expired on 2026-09-02")},
		},
		Alerts: []chain.Alert{
			{Company: "kobayashi", Name: name("小林電子株式会社", "Kobayashi Electronics"), Kind: chain.AlertCloseout, Due: chainDate("2026-12-12"),
				DaysLeft: 41, Window: 60, Contracts: []string{"C-001", "C-002"},
				Message: name("POA&M完了期限 2026-12-12（あと41日）", "POA&M closeout due 2026-12-12 (41 days)")},
			{Company: "kobayashi", Name: name("小林電子株式会社", "Kobayashi Electronics"), Contract: "C-001", Kind: chain.AlertConditionalAcceptance,
				Due: chainDate("2027-01-20"), DaysLeft: 80, Window: 90, Contracts: []string{"C-001"},
				Message: name("C-001 は 2027-01-20 以降 条件付きを受け入れない", "C-001 stops accepting a conditional status on 2027-01-20")},
		},
	}
}

func chainRender(tb testing.TB, r *chain.Report, lang string) *excelize.File {
	tb.Helper()
	var buf bytes.Buffer
	require.NoError(tb, reports.WriteChainWorkbook(&buf, r, lang))
	f, err := excelize.OpenReader(&buf)
	require.NoError(tb, err)
	tb.Cleanup(func() { f.Close() })
	return f
}

// chainHasChart reports whether the workbook holds a chart.
func chainHasChart(t *testing.T, r *chain.Report, lang string) bool {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, reports.WriteChainWorkbook(&buf, r, lang))
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	require.NoError(t, err)
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "xl/charts/chart") {
			return true
		}
	}
	return false
}

// TestChainWorkbookGolden compares a dump of every cell with
// testdata/chain.<lang>.txt.
func TestChainWorkbookGolden(t *testing.T) {
	for _, lang := range []string{engine.LangEN, engine.LangJA} {
		t.Run(lang, func(t *testing.T) {
			got := gapDumpCells(t, chainRender(t, chainReport(), lang))
			golden := filepath.Join("testdata", "chain."+lang+".txt")
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test ./reports -update to create the golden files")
			assert.Equal(t, string(want), got)
		})
	}
}

// TestChainWorkbookSheets checks the sheets and their row counts, and
// that findings appear only for the supplier assessed from evidence.
func TestChainWorkbookSheets(t *testing.T) {
	r := chainReport()
	f := chainRender(t, r, engine.LangEN)
	assert.Equal(t, []string{"Summary", "Contracts", "Suppliers", "Blockers", "Alerts", "Findings"}, f.GetSheetList())
	for sheet, n := range map[string]int{"Contracts": 3, "Suppliers": 5, "Blockers": 2, "Alerts": 2, "Findings": 1} {
		rows, err := f.GetRows(sheet)
		require.NoError(t, err)
		assert.Len(t, rows, 1+n, sheet)
	}
	rows, err := f.GetRows("Blockers")
	require.NoError(t, err)
	assert.Equal(t, []string{"C-001", "次期哨戒機 構造部材", "3", "kato", "Kato Precision", "", "Expired",
		"tsubasa → kobayashi → sato → kato", "the verdict expired on 2026-09-02"}, rows[2])
	rows, err = f.GetRows("Findings")
	require.NoError(t, err)
	assert.Equal(t, "sato", rows[1][0])

	// No supplier assessed from evidence: no findings sheet.
	r.Suppliers[1].Findings, r.Suppliers[1].Gaps = nil, nil
	f = chainRender(t, r, engine.LangJA)
	assert.Equal(t, []string{"概要", "契約", "取引先", "阻害要因", "アラート"}, f.GetSheetList())
}

// TestChainWorkbookEmpty renders a chain with no contracts or suppliers:
// every list sheet has its header and nothing else, and no chart.
func TestChainWorkbookEmpty(t *testing.T) {
	r := &chain.Report{Schema: chain.ReportSchema, AsOf: chainDate("2026-11-01"),
		Prime: chain.Organization{ID: "p", Name: "元請"}, Summary: chain.Summary{Ready: true}}
	for _, lang := range []string{engine.LangEN, engine.LangJA} {
		f := chainRender(t, r, lang)
		sheets := f.GetSheetList()
		require.Len(t, sheets, 5)
		for _, s := range sheets[1:] {
			rows, err := f.GetRows(s)
			require.NoError(t, err)
			assert.Len(t, rows, 1, s)
			panes, err := f.GetPanes(s)
			require.NoError(t, err)
			assert.True(t, panes.Freeze, s)
		}
		assert.False(t, chainHasChart(t, r, lang), "no tiers, no chart")
	}
	require.Error(t, reports.WriteChainWorkbook(&bytes.Buffer{}, nil, engine.LangEN))
}

// TestChainWorkbookFormulaInjection checks that input text that looks
// like a formula is written as inert string cells on every sheet.
func TestChainWorkbookFormulaInjection(t *testing.T) {
	payloads := []string{`=HYPERLINK("http://evil.example/","click")`, "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3", "\t=1+1", "\r=1+1"}
	r := chainReport()
	p := func(i int) string { return payloads[i%len(payloads)] }
	r.Prime.Name, r.Prime.NameEN = "=1+1", "=1+1"
	r.Source = p(0)
	for i := range r.Contracts {
		r.Contracts[i].Title = p(i)
		r.Contracts[i].DesignationReference = p(i + 1)
	}
	for i := range r.Suppliers {
		s := &r.Suppliers[i]
		s.Name = engine.Text{EN: p(i), JA: p(i + 1)}
		s.Assessor, s.File, s.Site = p(i+2), p(i+3), p(i+4)
		for j := range s.Findings {
			s.Findings[j].Message = engine.Text{EN: p(j + 5), JA: p(j + 5)}
		}
	}
	r.Suppliers[3].Problem = &engine.Text{EN: "@SUM(1)", JA: "@SUM(1)"}
	for i := range r.Blockers {
		r.Blockers[i].Message = engine.Text{EN: p(i), JA: p(i)}
		r.Blockers[i].Name = engine.Text{EN: p(i + 2), JA: p(i + 2)}
	}
	for i := range r.Alerts {
		r.Alerts[i].Message = engine.Text{EN: p(i + 3), JA: p(i + 3)}
	}
	for _, lang := range []string{engine.LangEN, engine.LangJA} {
		f := chainRender(t, r, lang)
		seen := map[string]bool{}
		for _, sheet := range f.GetSheetList() {
			rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
			require.NoError(t, err)
			for ri, row := range rows {
				for ci, v := range row {
					ref, _ := excelize.CoordinatesToCellName(ci+1, ri+1)
					formula, err := f.GetCellFormula(sheet, ref)
					require.NoError(t, err)
					assert.Empty(t, formula, "%s!%s has a formula", sheet, ref)
					if !slices.Contains(payloads, v) {
						continue
					}
					typ, err := f.GetCellType(sheet, ref)
					require.NoError(t, err)
					assert.Contains(t, []excelize.CellType{excelize.CellTypeSharedString, excelize.CellTypeInlineString},
						typ, "%s!%s = %q", sheet, ref, v)
					seen[v] = true
				}
			}
		}
		for _, pl := range payloads {
			assert.True(t, seen[pl], "%s: payload %q not found as a string cell", lang, pl)
		}
		// The payloads stay on their own: the header and footer
		// escape & and the prime's name reads back as written.
		hf, err := f.GetHeaderFooter(f.GetSheetList()[1])
		require.NoError(t, err)
		assert.Contains(t, hf.OddHeader, "=1+1")
	}
}

// TestChainWorkbookCraft reads back the print setup, panes, autofilter,
// header and footer, and document properties of every sheet.
func TestChainWorkbookCraft(t *testing.T) {
	f := chainRender(t, chainReport(), engine.LangJA)
	sheets := f.GetSheetList()
	require.Equal(t, []string{"概要", "契約", "取引先", "阻害要因", "アラート", "指摘事項"}, sheets)
	names := map[string]string{}
	filters := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		switch dn.Name {
		case "_xlnm.Print_Titles":
			names[dn.Scope] = dn.RefersTo
		case "_xlnm._FilterDatabase":
			filters[dn.Scope] = dn.RefersTo
		}
	}
	for i, s := range sheets {
		pl, err := f.GetPageLayout(s)
		require.NoError(t, err)
		require.NotNil(t, pl.Size, s)
		assert.Equal(t, 9, *pl.Size, "%s: A4", s)
		assert.Equal(t, "landscape", *pl.Orientation, s)
		assert.Equal(t, 1, *pl.FitToWidth, s)
		props, err := f.GetSheetProps(s)
		require.NoError(t, err)
		require.NotNil(t, props.FitToPage, s)
		assert.True(t, *props.FitToPage, s)
		hf, err := f.GetHeaderFooter(s)
		require.NoError(t, err)
		assert.Contains(t, hf.OddHeader, "翼重工業株式会社", s)
		assert.Contains(t, hf.OddHeader, "取扱注意", s)
		assert.Contains(t, hf.OddFooter, "&P", s)
		if i == 0 {
			continue
		}
		assert.Equal(t, "'"+s+"'!$1:$1", names[s], "print titles of %s", s)
		assert.NotEmpty(t, filters[s], "autofilter of %s", s)
		panes, err := f.GetPanes(s)
		require.NoError(t, err)
		assert.True(t, panes.Freeze, s)
		assert.Equal(t, 1, panes.YSplit, s)
		h, err := f.GetRowHeight(s, 1)
		require.NoError(t, err)
		assert.Equal(t, 30.0, h, s)
	}
	// The Suppliers autofilter spans the header and every row.
	assert.Contains(t, filters["取引先"], "$A$1:$AC$6")
	// A three-line requirement makes a taller row.
	h, err := f.GetRowHeight("契約", 2)
	require.NoError(t, err)
	assert.Greater(t, h, 3*12.5)
	assert.True(t, chainHasChart(t, chainReport(), engine.LangJA), "the chart by tier")
	dp, err := f.GetDocProps()
	require.NoError(t, err)
	assert.Equal(t, "mamori", dp.Creator)
	assert.Contains(t, dp.Title, "翼重工業株式会社")
	assert.Contains(t, dp.Keywords, "取扱注意")
	assert.Equal(t, "2026-11-01T00:00:00Z", dp.Created)
	st, err := f.GetStyle(1)
	require.NoError(t, err)
	assert.Equal(t, "Yu Gothic", st.Font.Family)
}

// chainLarge is a report with n suppliers, n blockers and n alerts.
func chainLarge(n int) *chain.Report {
	r := chainReport()
	base := r.Suppliers
	r.Suppliers, r.Blockers, r.Alerts = make([]chain.SupplierResult, 0, n), make([]chain.Blocker, 0, n), make([]chain.Alert, 0, n)
	for i := range n {
		s := base[i%len(base)]
		s.Company = fmt.Sprintf("co-%06d", i)
		s.Findings = nil
		r.Suppliers = append(r.Suppliers, s)
		b := chainReport().Blockers[i%2]
		b.Company = s.Company
		r.Blockers = append(r.Blockers, b)
		a := chainReport().Alerts[i%2]
		a.Company = s.Company
		r.Alerts = append(r.Alerts, a)
	}
	return r
}

// TestChainWorkbookLarge streams 15,000 rows on each big sheet (past
// the StreamWriter's 16 MiB in-memory chunk) and reads them back.
func TestChainWorkbookLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large workbook")
	}
	const n = 15000
	var buf bytes.Buffer
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	require.NoError(t, reports.WriteChainWorkbook(&buf, chainLarge(n), engine.LangJA))
	runtime.ReadMemStats(&after)
	t.Logf("%d rows a sheet: %d KiB workbook, %d MiB allocated", n, buf.Len()/1024, (after.TotalAlloc-before.TotalAlloc)>>20)
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	require.NoError(t, err)
	for _, zf := range zr.File {
		if zf.Name == "xl/worksheets/sheet3.xml" { // Suppliers
			assert.Greater(t, zf.UncompressedSize64, uint64(16<<20), "the Suppliers sheet should pass the 16 MiB in-memory chunk")
		}
	}
	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	defer f.Close()
	for _, s := range []string{"取引先", "阻害要因", "アラート"} {
		rows, err := f.Rows(s)
		require.NoError(t, err)
		count := 0
		for rows.Next() {
			count++
		}
		require.NoError(t, rows.Close())
		assert.Equal(t, 1+n, count, s)
	}
}

// BenchmarkChainWorkbook renders a workbook with 10,000 suppliers,
// blockers and alerts.
func BenchmarkChainWorkbook(b *testing.B) {
	r := chainLarge(10000)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := reports.WriteChainWorkbook(&buf, r, engine.LangJA); err != nil {
			b.Fatal(err)
		}
	}
}

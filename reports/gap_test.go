package reports_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/mamori-dev/mamori/controls"
	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/policies"
	"github.com/mamori-dev/mamori/reports"
)

var gapExamples = []string{"sato-machining", "kobayashi-electronics", "tsubasa-heavy-komaki"}

// gapFixture assesses an example with a fixed clock and digest.
type gapFixture struct {
	eng  *engine.Engine
	cats *engine.Catalogs
}

func newGapFixture(tb testing.TB) *gapFixture {
	tb.Helper()
	reg, err := engine.ReadCloudRegistry(filepath.Join("..", "examples", "cloud-registry.sample.yaml"))
	require.NoError(tb, err)
	reg.File = filepath.Base(reg.File)
	eng, err := engine.New(context.Background(), engine.Options{Controls: controls.FS, Policies: policies.FS, CloudRegistry: reg,
		Now: func() time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) }})
	require.NoError(tb, err)
	cats, err := engine.LoadCatalogs(controls.FS)
	require.NoError(tb, err)
	return &gapFixture{eng: eng, cats: cats}
}

func (fx *gapFixture) report(tb testing.TB, example, lang string) *reports.GapReport {
	tb.Helper()
	ev, err := evidence.Read(filepath.Join("..", "examples", example))
	require.NoError(tb, err)
	for i := range ev.Sources {
		ev.Sources[i].File = filepath.Base(ev.Sources[i].File)
	}
	v, err := fx.eng.Assess(context.Background(), ev)
	require.NoError(tb, err)
	v.PolicyDigest = "sha256:0123456789abcdef"
	return &reports.GapReport{Verdict: v, Evidence: ev, Catalog: fx.eng.Catalog(), Catalogs: fx.cats, Lang: lang}
}

func gapRender(tb testing.TB, r *reports.GapReport) *excelize.File {
	tb.Helper()
	var buf bytes.Buffer
	require.NoError(tb, r.Write(&buf))
	f, err := excelize.OpenReader(&buf)
	require.NoError(tb, err)
	tb.Cleanup(func() { f.Close() })
	return f
}

// gapStyleClasses names the fills of the shared workbook palette.
var gapStyleClasses = map[string]string{
	"1F3864": "header", "D9E1F2": "label", "C6EFCE": "status-met", "FFC7CE": "status-not-met",
	"EDEDED": "status-na", "FFEB9C": "status-not-assessed", "F8CBAD": "flag", "FFF2CC": "input",
}

func gapStyleClass(t testing.TB, f *excelize.File, id int) string {
	st, err := f.GetStyle(id)
	require.NoError(t, err)
	if len(st.Fill.Color) > 0 {
		if c, ok := gapStyleClasses[strings.TrimPrefix(strings.ToUpper(st.Fill.Color[0]), "#")]; ok {
			return c
		}
		return "fill-" + st.Fill.Color[0]
	}
	switch {
	case st.Font != nil && st.Font.Bold:
		return "title"
	case st.NumFmt != 0:
		return "number"
	case st.Alignment != nil && st.Alignment.WrapText:
		return "wrap"
	}
	return "plain"
}

// gapDumpCells lists every non-empty cell as Sheet!A1<TAB>value<TAB>class,
// newlines escaped and long values cut with their length.
func gapDumpCells(t testing.TB, f *excelize.File) string {
	var b strings.Builder
	classes := map[int]string{}
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		for r, row := range rows {
			for c, v := range row {
				if v == "" {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				id, err := f.GetCellStyle(sheet, ref)
				require.NoError(t, err)
				cls, ok := classes[id]
				if !ok {
					cls = gapStyleClass(t, f, id)
					classes[id] = cls
				}
				if n := len([]rune(v)); n > 160 {
					v = string([]rune(v)[:160]) + fmt.Sprintf("…[%d]", n)
				}
				v = strings.NewReplacer("\n", `\n`, "\t", `\t`, "\r", `\r`).Replace(v)
				fmt.Fprintf(&b, "%s!%s\t%s\t%s\n", sheet, ref, v, cls)
			}
		}
	}
	return b.String()
}

// TestGapReportGolden compares a dump of every cell of the examples'
// gap reports with testdata/gap/<example>.<lang>.txt.
func TestGapReportGolden(t *testing.T) {
	fx := newGapFixture(t)
	for _, ex := range gapExamples {
		for _, lang := range []string{engine.LangEN, engine.LangJA} {
			t.Run(ex+"."+lang, func(t *testing.T) {
				f := gapRender(t, fx.report(t, ex, lang))
				got := gapDumpCells(t, f)
				golden := filepath.Join("testdata", "gap", ex+"."+lang+".txt")
				if *update {
					require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
				}
				want, err := os.ReadFile(golden)
				require.NoError(t, err, "run go test ./reports -update to create the golden files")
				assert.Equal(t, string(want), got)
			})
		}
	}
}

// TestGapReportSheets checks the shape of the workbook: 320 objective
// rows, one requirement row per requirement, POA&M rows for every gap.
func TestGapReportSheets(t *testing.T) {
	fx := newGapFixture(t)
	r := fx.report(t, "kobayashi-electronics", engine.LangEN)
	f := gapRender(t, r)
	assert.Equal(t, []string{"Summary", "Requirements", "Objectives", "POA&M", "SP 800-53"}, f.GetSheetList())
	rows, err := f.GetRows("Objectives")
	require.NoError(t, err)
	assert.Len(t, rows, 1+320)
	rows, err = f.GetRows("Requirements")
	require.NoError(t, err)
	assert.Len(t, rows, 1+110)
	rows, err = f.GetRows("POA&M")
	require.NoError(t, err)
	covered := map[string]bool{}
	for _, row := range rows[1:] {
		covered[row[0]] = true
	}
	for _, gp := range r.Verdict.Gaps {
		assert.True(t, covered[gp.Requirement], "gap %s has no POA&M row", gp.Requirement)
	}
	// KD-P1 covers 3.3.4 and is pre-filled.
	found := false
	for _, row := range rows[1:] {
		if row[0] == "3.3.4" && len(row) > 5 && row[5] == "KD-P1" {
			found = true
		}
	}
	assert.True(t, found, "3.3.4 should be pre-filled from KD-P1")
}

// TestGapReportFormulaInjection checks that evidence text that looks
// like a formula is written as plain string cells.
func TestGapReportFormulaInjection(t *testing.T) {
	fx := newGapFixture(t)
	r := fx.report(t, "sato-machining", engine.LangEN)
	payloads := []string{`=HYPERLINK("http://evil.example/","click")`, "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3", "\t=1+1", "\r=1+1"}
	var n int
	for i := range r.Verdict.Results {
		for j := range r.Verdict.Results[i].Objectives {
			o := &r.Verdict.Results[i].Objectives[j]
			if o.Provenance == nil {
				o.Provenance = &engine.Provenance{}
			}
			o.Provenance.Justification = payloads[n%len(payloads)]
			n++
		}
	}
	r.Verdict.Organization.Name = "=1+1"
	r.Evidence.POAM = append(r.Evidence.POAM, evidence.POAMItem{ID: "=X", Requirements: []string{r.Verdict.Gaps[0].Requirement},
		Weakness: "=HYPERLINK(\"x\")", Owner: "@SUM(1)", Remediation: "+cmd"})
	f := gapRender(t, r)
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
				if v == "" {
					continue
				}
				for _, p := range append(payloads, "=1+1", "=X", "+cmd", "@SUM(1)") {
					if v == p {
						typ, err := f.GetCellType(sheet, ref)
						require.NoError(t, err)
						assert.Contains(t, []excelize.CellType{excelize.CellTypeSharedString, excelize.CellTypeInlineString},
							typ, "%s!%s = %q", sheet, ref, v)
						seen[p] = true
					}
				}
			}
		}
	}
	for _, p := range payloads[:4] {
		assert.True(t, seen[p], "payload %q not found as a string cell", p)
	}
	assert.True(t, seen["=X"] && seen["@SUM(1)"] && seen["+cmd"], "POA&M payloads not found")
}

// TestGapReportCraft reads back the print setup, panes, autofilter,
// header and footer, and document properties.
func TestGapReportCraft(t *testing.T) {
	fx := newGapFixture(t)
	f := gapRender(t, fx.report(t, "kobayashi-electronics", engine.LangJA))
	sheets := f.GetSheetList()
	require.Equal(t, []string{"概要", "要件", "評価目標", "POA&M", "SP 800-53"}, sheets)
	for _, s := range sheets {
		pl, err := f.GetPageLayout(s)
		require.NoError(t, err)
		require.NotNil(t, pl.Size)
		assert.Equal(t, 9, *pl.Size, "%s: A4", s)
		assert.Equal(t, "landscape", *pl.Orientation, s)
		assert.Equal(t, 1, *pl.FitToWidth, s)
		props, err := f.GetSheetProps(s)
		require.NoError(t, err)
		assert.True(t, *props.FitToPage, s)
		hf, err := f.GetHeaderFooter(s)
		require.NoError(t, err)
		assert.Contains(t, hf.OddHeader, "小林電子株式会社", s)
		assert.Contains(t, hf.OddHeader, "取扱注意", s)
		assert.Contains(t, hf.OddFooter, "&P", s)
	}
	names := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" {
			names[dn.Scope] = dn.RefersTo
		}
	}
	for _, s := range sheets[1:] {
		assert.Equal(t, "'"+s+"'!$1:$1", names[s], "print titles of %s", s)
		panes, err := f.GetPanes(s)
		require.NoError(t, err)
		assert.True(t, panes.Freeze, s)
		assert.Equal(t, 1, panes.YSplit, s)
	}
	dp, err := f.GetDocProps()
	require.NoError(t, err)
	assert.Equal(t, "mamori", dp.Creator)
	assert.Contains(t, dp.Title, "小林電子株式会社")
	assert.NotEmpty(t, dp.Subject)
	assert.Contains(t, dp.Keywords, "取扱注意")
	st, err := f.GetStyle(1)
	require.NoError(t, err)
	assert.Equal(t, "Yu Gothic", st.Font.Family)
}

// BenchmarkGapReport renders one organisation's gap report, alone and
// with the assessment that precedes it.
func BenchmarkGapReport(b *testing.B) {
	fx := newGapFixture(b)
	r := fx.report(b, "kobayashi-electronics", engine.LangJA)
	var buf bytes.Buffer
	b.Run("render", func(b *testing.B) {
		for b.Loop() {
			buf.Reset()
			if err := r.Write(&buf); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("assess+render", func(b *testing.B) {
		for b.Loop() {
			v, err := fx.eng.Assess(context.Background(), r.Evidence)
			if err != nil {
				b.Fatal(err)
			}
			buf.Reset()
			rr := *r
			rr.Verdict = v
			if err := rr.Write(&buf); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestGapReportWithoutEvidence renders from the verdict alone: every
// gap gets a row to complete, and there is no control text.
func TestGapReportWithoutEvidence(t *testing.T) {
	fx := newGapFixture(t)
	r := fx.report(t, "sato-machining", engine.LangEN)
	var buf bytes.Buffer
	require.NoError(t, (&reports.GapReport{Verdict: r.Verdict, Catalog: r.Catalog, Lang: engine.LangEN}).Write(&buf))
	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows("POA&M")
	require.NoError(t, err)
	require.Len(t, rows, 1+len(r.Verdict.Gaps))
	for i, row := range rows[1:] {
		assert.Equal(t, r.Verdict.Gaps[i].Requirement, row[0])
		require.Greater(t, len(row), 7)
		assert.Equal(t, "(to complete)", row[7])
	}
	rows, err = f.GetRows("SP 800-53")
	require.NoError(t, err)
	assert.Len(t, rows, 1)
}

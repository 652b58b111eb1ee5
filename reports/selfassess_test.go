package reports_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
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
	"github.com/mamori-dev/mamori/reports/reportstest"
)

func saLoadCatalog(t testing.TB) *engine.Catalog {
	t.Helper()
	cat, err := engine.LoadCatalog(controls.FS, engine.DefaultCatalog)
	require.NoError(t, err)
	return cat
}

// workbookEvidence is the part of an example's evidence that the
// self-assessment workbook carries.
func saWorkbookEvidence(t testing.TB, example string) *evidence.Evidence {
	t.Helper()
	full, err := evidence.Read(filepath.Join("..", "examples", example))
	require.NoError(t, err)
	return reportstest.WorkbookEvidence(full)
}

func saTemplate(t testing.TB, cat *engine.Catalog, lang string) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, reports.WriteSelfAssessmentTemplate(&buf, cat, lang))
	return buf.Bytes()
}

var saJaStatus = reportstest.JaStatus

// rowsByKey maps the values of a sheet's column to their row numbers.
func saRowsByKey(t testing.TB, f *excelize.File, sheet string, col int) map[string]int {
	t.Helper()
	m, err := reportstest.RowsByKey(f, sheet, col)
	require.NoError(t, err)
	return m
}

// fill completes a template with ev's content, as a person would in
// Excel.
func saFill(t testing.TB, tmpl []byte, ev *evidence.Evidence, lang string) *excelize.File {
	t.Helper()
	f, err := reportstest.FillSelfAssessment(tmpl, ev, lang)
	require.NoError(t, err)
	return f
}

func saSave(t testing.TB, f *excelize.File) []byte {
	t.Helper()
	buf, err := f.WriteToBuffer()
	require.NoError(t, err)
	return buf.Bytes()
}

func saRead(b []byte, cat *engine.Catalog) (*evidence.Evidence, error) {
	return reports.ReadSelfAssessment(bytes.NewReader(b), int64(len(b)), "sa.xlsx", cat)
}

// TestSelfAssessmentRoundTrip fills the template with an example's
// evidence and reads it back: the evidence is equal to the YAML's, so
// the verdicts are identical.
func TestSelfAssessmentRoundTrip(t *testing.T) {
	cat := saLoadCatalog(t)
	for _, ex := range []string{"kobayashi-electronics", "sato-machining", "tsubasa-heavy-komaki"} {
		for _, lang := range []string{engine.LangJA, engine.LangEN} {
			t.Run(ex+"/"+lang, func(t *testing.T) {
				want := saWorkbookEvidence(t, ex)
				if ex == "kobayashi-electronics" {
					require.Len(t, want.Objectives, cat.ObjectiveCount())
				}
				f := saFill(t, saTemplate(t, cat, lang), want, lang)
				got, err := saRead(saSave(t, f), cat)
				require.NoError(t, err)
				require.Len(t, got.Sources, 1)
				assert.Equal(t, "sa.xlsx", got.Sources[0].File)
				got.Sources = nil
				assert.Equal(t, want, got)
			})
		}
	}
}

// TestSelfAssessmentTextStaysText checks that a value starting with =,
// +, - or @ is read back as the text it is, and is not a formula.
func TestSelfAssessmentTextStaysText(t *testing.T) {
	cat := saLoadCatalog(t)
	ev := saWorkbookEvidence(t, "kobayashi-electronics")
	f := saFill(t, saTemplate(t, cat, engine.LangJA), ev, engine.LangJA)
	row := saRowsByKey(t, f, reports.SheetObjectives, 1)["3.1.1[a]"]
	cell := fmt.Sprintf("F%d", row)
	for _, v := range []string{"=1+1", "+SUM(A1:A2)", "-2+3", "@cmd", "\t=1"} {
		require.NoError(t, f.SetCellStr(reports.SheetObjectives, cell, v))
		b := saSave(t, f)
		g, err := excelize.OpenReader(bytes.NewReader(b))
		require.NoError(t, err)
		formula, err := g.GetCellFormula(reports.SheetObjectives, cell)
		require.NoError(t, err)
		assert.Empty(t, formula)
		typ, err := g.GetCellType(reports.SheetObjectives, cell)
		require.NoError(t, err)
		assert.NotEqual(t, excelize.CellTypeFormula, typ)
		got, err := saRead(b, cat)
		require.NoError(t, err)
		assert.Equal(t, strings.TrimSpace(v), got.Objectives["3.1.1[a]"].Justification)
	}
}

// TestSelfAssessmentBadWorkbooks: every bad workbook is an InputError
// that names the sheet and cell.
func TestSelfAssessmentBadWorkbooks(t *testing.T) {
	cat := saLoadCatalog(t)
	ev := saWorkbookEvidence(t, "kobayashi-electronics")
	tmpl := saTemplate(t, cat, engine.LangJA)
	good := saSave(t, saFill(t, tmpl, ev, engine.LangJA))
	f0, err := excelize.OpenReader(bytes.NewReader(good))
	require.NoError(t, err)
	objRow := saRowsByKey(t, f0, reports.SheetObjectives, 1)
	orgRow := saRowsByKey(t, f0, reports.SheetOrganisation, 1)
	factRow := saRowsByKey(t, f0, reports.SheetFacts, 0)
	lastObj := 0
	for _, r := range objRow {
		lastObj = max(lastObj, r)
	}
	require.Equal(t, 17, objRow["3.1.3[e]"], "the layout moved: update the cells named below")

	edit := func(sheet, cell, v string) func(*excelize.File) error {
		return func(f *excelize.File) error { return f.SetCellStr(sheet, cell, v) }
	}
	zipBomb := func() []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
			CompressedSize64: 2, UncompressedSize64: 1 << 40})
		require.NoError(t, err)
		_, err = w.Write([]byte{3, 0})
		require.NoError(t, err)
		require.NoError(t, zw.Close())
		return buf.Bytes()
	}
	encrypted := func() []byte {
		f, err := excelize.OpenReader(bytes.NewReader(good))
		require.NoError(t, err)
		var buf bytes.Buffer
		require.NoError(t, f.Write(&buf, excelize.Options{Password: "secret"}))
		return buf.Bytes()
	}

	cases := []struct {
		name  string
		edit  func(*excelize.File) error
		raw   func() []byte
		field string
		msg   string
	}{
		{name: "missing sheet", edit: func(f *excelize.File) error { return f.DeleteSheet(reports.SheetFacts) },
			field: "Facts", msg: "sheet Facts is missing"},
		{name: "renamed sheet", edit: func(f *excelize.File) error { return f.SetSheetName(reports.SheetObjectives, "評価目標") },
			field: "Objectives", msg: "sheet Objectives is missing"},
		{name: "renamed header", edit: edit("Objectives", "D1", "Status"), field: "Objectives!D1", msg: "the header was changed"},
		{name: "renamed facts header", edit: edit("Facts", "C1", "Wert"), field: "Facts!C1", msg: "the header was changed"},
		{name: "changed objective ID", edit: edit("Objectives", "B3", "3.1.1[z]"), field: "Objectives!B3", msg: "the objective ID was changed"},
		{name: "changed requirement ID", edit: edit("Objectives", "A2", "3.1.99"), field: "Objectives!A2", msg: "the requirement ID was changed"},
		{name: "edited requirement text", edit: edit("Objectives", "C2", "何でもよい"), field: "Objectives!C2", msg: "text was edited"},
		{name: "edited objective text", edit: edit("Objectives", "C3", "x"), field: "Objectives!C3", msg: "text was edited"},
		{name: "edited fact key", edit: edit("Facts", "A2", "access.anything"), field: "Facts!A2", msg: "a locked cell was edited"},
		{name: "invalid determination", edit: edit("Objectives", "D17", "done"), field: "Objectives!D17",
			msg: `expected met, not_met or not_applicable, got "done"`},
		{name: "invalid method", edit: edit("Objectives", "E17", "audit"), field: "Objectives!E17", msg: "expected examine, interview or test"},
		{name: "invalid assessment type", edit: edit("Organisation", fmt.Sprintf("C%d", orgRow["assessment.type"]), "other"),
			field: fmt.Sprintf("Organisation!C%d", orgRow["assessment.type"]), msg: "expected self, prime or auditor"},
		{name: "wrong catalogue version", edit: edit("_mamori", "B3", "9.9"), field: "_mamori!B3", msg: "made for catalogue nist-sp800-171-r2 version 9.9"},
		{name: "wrong catalogue", edit: edit("_mamori", "B2", "nist-sp800-171-r3"), field: "_mamori!B3", msg: "made for catalogue nist-sp800-171-r3"},
		{name: "broken hash", edit: edit("_mamori", "B5", strings.Repeat("0", 64)), field: "_mamori!B5", msg: "integrity hash"},
		{name: "not a zip", raw: func() []byte { return []byte("name,status\n3.1.1[a],met\n") }, field: "", msg: "not an xlsx workbook"},
		{name: "zip bomb", raw: zipBomb, field: "", msg: "possible zip bomb"},
		{name: "password-protected", raw: encrypted, field: "", msg: "password-protected"},
		{name: "huge row count", edit: edit("Objectives", "A6000", "x"), field: "Objectives", msg: "more than 5000 rows"},
		{name: "value far to the right", edit: edit("Artifacts", "XFD3", "x"), field: "Artifacts", msg: "row 3 has a value beyond column IV"},
		{name: "future date", edit: edit("Organisation", fmt.Sprintf("C%d", orgRow["assessment.date"]), "2999-01-01"),
			field: fmt.Sprintf("Organisation!C%d", orgRow["assessment.date"]), msg: "date 2999-01-01 is in the future"},
		{name: "future objective date", edit: edit("Objectives", "I17", "2999-01-01"), field: "Objectives!I17", msg: "in the future"},
		{name: "bad date", edit: edit("Artifacts", "D2", "10/01/2026"), field: "Artifacts!D2", msg: "expected a date YYYY-MM-DD"},
		{name: "unknown artifact reference", edit: edit("Objectives", "G17", "KD-01; KD-99"), field: "Objectives!G17", msg: `unknown artifact "KD-99"`},
		{name: "unknown SSP", edit: edit("Organisation", fmt.Sprintf("C%d", orgRow["ssp"]), "KD-00"),
			field: fmt.Sprintf("Organisation!C%d", orgRow["ssp"]), msg: `unknown artifact "KD-00"`},
		{name: "duplicate artifact", edit: edit("Artifacts", "A3", "KD-SSP"), field: "Artifacts!A3", msg: `duplicate artifact "KD-SSP"`},
		{name: "bad sha256", edit: edit("Artifacts", "F2", "abc"), field: "Artifacts!F2", msg: "expected a SHA-256"},
		{name: "wrong type in facts (boolean)", edit: edit("Facts", fmt.Sprintf("C%d", factRow["access.least_privilege"]), "yes"),
			field: fmt.Sprintf("Facts!C%d", factRow["access.least_privilege"]), msg: `expected TRUE or FALSE, got "yes"`},
		{name: "wrong type in facts (integer)", edit: edit("Facts", fmt.Sprintf("C%d", factRow["audit.retention_days"]), "-3"),
			field: fmt.Sprintf("Facts!C%d", factRow["audit.retention_days"]), msg: "expected a whole number"},
		{name: "wrong enum in facts", edit: edit("Facts", fmt.Sprintf("C%d", factRow["media.removable_media"]), "sometimes"),
			field: fmt.Sprintf("Facts!C%d", factRow["media.removable_media"]), msg: "expected one of blocked, controlled, unrestricted"},
		{name: "duplicate objective row", edit: func(f *excelize.File) error {
			return f.SetSheetRow("Objectives", fmt.Sprintf("A%d", lastObj+1), &[]any{"3.1.1", "3.1.1[a]", "x", "実施済"})
		}, field: fmt.Sprintf("Objectives!B%d", lastObj+1), msg: "duplicate objective 3.1.1[a] (already on row 3)"},
		{name: "added row", edit: edit("Artifacts", "A900", "KD-90"), field: "Artifacts!A900", msg: "rows must not be added"},
		{name: "determination missing", edit: func(f *excelize.File) error { return f.SetCellStr("Objectives", "D17", "") },
			field: "Objectives!D17", msg: "required: a determination for objective 3.1.3[e]"},
	}
	require.GreaterOrEqual(t, len(cases), 15)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var b []byte
			if tc.raw != nil {
				b = tc.raw()
			} else {
				f, err := excelize.OpenReader(bytes.NewReader(good))
				require.NoError(t, err)
				require.NoError(t, tc.edit(f))
				b = saSave(t, f)
			}
			ev, err := saRead(b, cat)
			require.Error(t, err)
			assert.Nil(t, ev)
			// Several problems come as InputErrors: the first is the cause.
			var ie *evidence.InputError
			if ies := (evidence.InputErrors)(nil); errors.As(err, &ies) {
				ie = ies[0]
			}
			require.True(t, ie != nil || errors.As(err, &ie), "%T: %v", err, err)
			assert.Equal(t, "sa.xlsx", ie.File)
			assert.Equal(t, tc.field, ie.Field)
			assert.Contains(t, ie.Msg, tc.msg)
			if tc.field != "" {
				assert.Contains(t, err.Error(), "sa.xlsx: "+tc.field+": ")
			}
		})
	}
}

// TestSelfAssessmentTemplateGolden dumps the Japanese template's cells
// (sheet!cell, style class, value) and validations.
func TestSelfAssessmentTemplateGolden(t *testing.T) {
	cat := saLoadCatalog(t)
	f, err := excelize.OpenReader(bytes.NewReader(saTemplate(t, cat, engine.LangJA)))
	require.NoError(t, err)
	var out strings.Builder
	for _, sheet := range f.GetSheetList() {
		visible, err := f.GetSheetVisible(sheet)
		require.NoError(t, err)
		fmt.Fprintf(&out, "== %s (visible=%v)\n", sheet, visible)
		rows, err := f.GetRows(sheet)
		require.NoError(t, err)
		for r, row := range rows {
			for c, v := range row {
				if v == "" {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				typ, err := f.GetCellType(sheet, ref)
				require.NoError(t, err)
				formula, err := f.GetCellFormula(sheet, ref)
				require.NoError(t, err)
				require.Empty(t, formula, ref)
				require.NotEqual(t, excelize.CellTypeFormula, typ)
				fmt.Fprintf(&out, "%s!%s\t%s\t%q\n", sheet, ref, saStyleClass(t, f, sheet, ref), v)
			}
			// The first input cell of a row shows how inputs are styled.
			if sheet == reports.SheetObjectives && r > 0 && r < 12 {
				fmt.Fprintf(&out, "%s!D%d\t%s\t(input)\n", sheet, r+1, saStyleClass(t, f, sheet, fmt.Sprintf("D%d", r+1)))
			}
		}
		dvs, err := f.GetDataValidations(sheet)
		require.NoError(t, err)
		for _, dv := range dvs {
			fmt.Fprintf(&out, "validation %s %s %s %s %s %s\n", sheet, dv.Sqref, dv.Type, dv.Operator, dv.Formula1, dv.Formula2)
		}
	}
	golden := filepath.Join("testdata", "self-assessment.ja.txt")
	if *update {
		require.NoError(t, os.WriteFile(golden, []byte(out.String()), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), out.String())
}

// styleClass names a cell's style: locked or input, and how it shows.
func saStyleClass(t testing.TB, f *excelize.File, sheet, ref string) string {
	id, err := f.GetCellStyle(sheet, ref)
	require.NoError(t, err)
	st, err := f.GetStyle(id)
	require.NoError(t, err)
	parts := []string{"locked"}
	if st.Protection != nil && !st.Protection.Locked {
		parts[0] = "input"
	}
	if st.Font != nil && st.Font.Bold {
		parts = append(parts, "bold")
	}
	if len(st.Fill.Color) > 0 {
		parts = append(parts, "fill:"+st.Fill.Color[0])
	}
	if st.CustomNumFmt != nil {
		parts = append(parts, "fmt:"+*st.CustomNumFmt)
	} else if st.NumFmt == 49 {
		parts = append(parts, "fmt:text")
	}
	if st.Alignment != nil && st.Alignment.WrapText {
		parts = append(parts, "wrap")
	}
	slices.Sort(parts[1:])
	return strings.Join(parts, ",")
}

// BenchmarkReadSelfAssessment reads a filled 320-objective workbook.
// BenchmarkReadSelfAssessment reads kobayashi-electronics's evidence in
// the Japanese workbook, as mamori writes it filled and as LibreOffice
// saves it (testdata/saved: larger, its shared strings with phonetic
// runs and its styles its own).
func BenchmarkReadSelfAssessment(b *testing.B) {
	cat := saLoadCatalog(b)
	ev := saWorkbookEvidence(b, "kobayashi-electronics")
	saved, err := os.ReadFile(filepath.Join("testdata", "saved", "self-assessment.libreoffice.xlsx"))
	require.NoError(b, err)
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"filled", saSave(b, saFill(b, saTemplate(b, cat, engine.LangJA), ev, engine.LangJA))},
		{"saved by LibreOffice", saved},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := saRead(c.data, cat); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestSelfAssessmentSameVerdict assesses an example from its YAML and
// from a filled workbook (with the parts the workbook does not carry,
// such as the POA&M, from the YAML): the verdicts are identical.
func TestSelfAssessmentSameVerdict(t *testing.T) {
	cat := saLoadCatalog(t)
	eng, err := engine.New(context.Background(), engine.Options{Controls: controls.FS, Policies: policies.FS,
		Now: func() time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) }})
	require.NoError(t, err)
	for _, ex := range []string{"kobayashi-electronics", "sato-machining"} {
		t.Run(ex, func(t *testing.T) {
			full, err := evidence.Read(filepath.Join("..", "examples", ex))
			require.NoError(t, err)
			want, err := eng.Assess(context.Background(), full)
			require.NoError(t, err)

			b := saSave(t, saFill(t, saTemplate(t, cat, engine.LangJA), saWorkbookEvidence(t, ex), engine.LangJA))
			ev, err := saRead(b, cat)
			require.NoError(t, err)
			ev.Sites, ev.Scope, ev.POAM = full.Sites, full.Scope, full.POAM
			ev.EnduringExceptions, ev.TemporaryDeficiencies, ev.Adjudications = full.EnduringExceptions, full.TemporaryDeficiencies, full.Adjudications
			ev.CloudServices = full.CloudServices // not in the workbook: given beside it as YAML
			got, err := eng.Assess(context.Background(), ev)
			require.NoError(t, err)

			want.Evidence, got.Evidence = nil, nil
			// The workbook does not carry the facts' provenance: its facts
			// read as declared by the assessor. Compare all but the sources.
			for _, v := range []*engine.Verdict{want, got} {
				v.Facts = nil
				for i := range v.Findings {
					v.Findings[i].Sources = nil
				}
			}
			assert.Equal(t, want, got)
		})
	}
}

// TestReadSelfAssessmentConcurrent reads workbooks in both languages
// from several goroutines at once, as a server does when its first
// submissions arrive together: the readers start cold, with nothing kept
// from earlier reads, and build what they keep between reads at the same
// time (go test -race checks it).
func TestReadSelfAssessmentConcurrent(t *testing.T) {
	cat := saLoadCatalog(t)
	ev := saWorkbookEvidence(t, "sato-machining")
	data := map[string][]byte{}
	want := map[string]*evidence.Evidence{}
	for _, lang := range []string{engine.LangJA, engine.LangEN} {
		data[lang] = saSave(t, saFill(t, saTemplate(t, cat, lang), ev, lang))
		var err error
		want[lang], err = saRead(data[lang], cat)
		require.NoError(t, err)
	}
	// Each round starts cold; reads in one language share the layout
	// that the first of them keeps, those in the other build their own.
	for range 8 {
		reports.ResetCaches()
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range 2 {
			lang := []string{engine.LangJA, engine.LangEN}[i%2]
			wg.Go(func() {
				<-start
				got, err := saRead(data[lang], cat)
				if assert.NoError(t, err) {
					assert.Equal(t, want[lang], got)
				}
			})
		}
		close(start)
		wg.Wait()
	}
}

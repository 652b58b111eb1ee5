package reports_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/mamori-dev/mamori/controls"
	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/reports"
)

func scLoadChecklist(t testing.TB, cat *engine.Catalog) *engine.Checklist {
	t.Helper()
	b, err := controls.FS.ReadFile(engine.DefaultChecklist)
	require.NoError(t, err)
	cl, err := engine.ParseChecklist(engine.DefaultChecklist, b, cat)
	require.NoError(t, err)
	return cl
}

// scFixture is the sato-machining example assessed with a fixed clock.
type scFixture struct {
	fx  *gapFixture
	cat *engine.Catalog
	cl  *engine.Checklist
	ev  *evidence.Evidence
	v   *engine.Verdict
}

func newSCFixture(t testing.TB) *scFixture {
	t.Helper()
	fx := newGapFixture(t)
	r := fx.report(t, "sato-machining", engine.LangJA)
	return &scFixture{fx: fx, cat: fx.eng.Catalog(), cl: scLoadChecklist(t, fx.eng.Catalog()), ev: r.Evidence, v: r.Verdict}
}

func (s *scFixture) form(t testing.TB, lang string) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, reports.WriteSiteChecklist(&buf, s.cl, s.ev, s.v, "", lang))
	return buf.Bytes()
}

// scRowOf finds an item's row on the form.
func scRowOf(t testing.TB, f *excelize.File, item string) int {
	t.Helper()
	rows, err := f.GetRows(reports.SheetChecklist)
	require.NoError(t, err)
	for i, r := range rows {
		if len(r) > 0 && r[0] == item {
			return i + 1
		}
	}
	t.Fatalf("item %s not on the form", item)
	return 0
}

// scSignRow finds a sign-off row by its label.
func scSignRow(t testing.TB, f *excelize.File, label string) int {
	t.Helper()
	rows, err := f.GetRows(reports.SheetChecklist)
	require.NoError(t, err)
	for i, r := range rows {
		if len(r) > 0 && strings.HasPrefix(r[0], label) {
			return i + 1
		}
	}
	t.Fatalf("sign-off row %s not on the form", label)
	return 0
}

type scFill struct {
	results map[string]string // item -> label as typed
	name    string
	date    string
	edit    func(f *excelize.File)
}

func (s *scFixture) fill(t testing.TB, form []byte, fl scFill) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(form))
	require.NoError(t, err)
	defer f.Close()
	for item, v := range fl.results {
		row := scRowOf(t, f, item)
		require.NoError(t, f.SetCellStr(reports.SheetChecklist, "H"+itoa(row), v))
		require.NoError(t, f.SetCellStr(reports.SheetChecklist, "I"+itoa(row), "=cmd|' /C calc'!A0 "+item))
		require.NoError(t, f.SetCellStr(reports.SheetChecklist, "J"+itoa(row), "P-"+item))
	}
	if fl.name != "" {
		require.NoError(t, f.SetCellStr(reports.SheetChecklist, "C"+itoa(scSignRow(t, f, "確認者氏名")), fl.name))
		require.NoError(t, f.SetCellStr(reports.SheetChecklist, "C"+itoa(scSignRow(t, f, "所属")), "防衛装備庁"))
	}
	if fl.date != "" {
		require.NoError(t, f.SetCellStr(reports.SheetChecklist, "C"+itoa(scSignRow(t, f, "確認日")), fl.date))
	}
	if fl.edit != nil {
		fl.edit(f)
	}
	return saSave(t, f)
}

func itoa(n int) string { return strconv.Itoa(n) }

func (s *scFixture) read(t testing.TB, b []byte, name string) (*engine.SiteCheck, error) {
	t.Helper()
	return reports.ReadSiteChecklist(bytes.NewReader(b), int64(len(b)), name, s.cl)
}

func TestChecklistData(t *testing.T) {
	cat := saLoadCatalog(t)
	cl := scLoadChecklist(t, cat)
	assert.Equal(t, "checklist/v1", cl.Schema)
	assert.GreaterOrEqual(t, len(cl.Items), 20)
	assert.Contains(t, cl.Notice.JA, "暫定")
	assert.Contains(t, cl.Notice.EN, "provisional")
	areas := map[string]bool{}
	for _, it := range cl.Items {
		areas[it.Area] = true
	}
	for _, a := range []string{"boundary", "locks", "entry_records", "visitors", "terminals", "media", "layout", "line",
		"registered_terminals", "administrator", "handlers"} {
		assert.True(t, areas[a], "area %s is not covered", a)
	}
	// The catalogue loader does not see the checklist.
	cats, err := engine.LoadCatalogs(controls.FS)
	require.NoError(t, err)
	for _, c := range cats.All() {
		assert.NotEqual(t, cl.ID, c.ID)
	}
}

func TestParseChecklistErrors(t *testing.T) {
	cat := saLoadCatalog(t)
	base := "mamori: checklist/v1\nid: x\nversion: \"1\"\ntitle: {ja: t}\nnotice: {ja: n}\nitems:\n"
	item := "  - id: A-1\n    area: a\n    text: {ja: t}\n    requirements: [\"3.10.1\"]\n    objectives: [\"3.10.1[a]\"]\n    method: examine\n"
	for _, tc := range []struct {
		name, doc, want string
	}{
		{"unknown field", base + item + "    colour: red\n", "checklist.yaml:13: items[0].colour: unknown field \"colour\""},
		{"unknown objective", base + strings.Replace(item, "3.10.1[a]", "3.10.1[z]", 1), "checklist.yaml:7: items[0].objectives: unknown objective 3.10.1[z]"},
		{"unknown requirement", base + strings.Replace(item, `["3.10.1"]`, `["3.10.1", "9.9.9"]`, 1), "unknown requirement 9.9.9"},
		{"objective of another requirement", base + strings.Replace(item, "3.10.1[a]", "3.8.3[a]", 1), "belongs to requirement 3.8.3"},
		{"bad method", base + strings.Replace(item, "examine", "look", 1), "expected examine, interview or test"},
		{"duplicate", base + item + item, "duplicate item A-1"},
		{"unknown fact", base + item + "    facts: [facility.moat]\n", "unknown fact facility.moat"},
		{"wrong schema", strings.Replace(base, "checklist/v1", "evidence/v1", 1) + item, `expected "checklist/v1"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := engine.ParseChecklist("checklist.yaml", []byte(tc.doc), cat)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestSiteChecklistGolden(t *testing.T) {
	s := newSCFixture(t)
	f, err := excelize.OpenReader(bytes.NewReader(s.form(t, engine.LangJA)))
	require.NoError(t, err)
	defer f.Close()
	got := gapDumpCells(t, f)
	golden := filepath.Join("testdata", "site-checklist.sato-machining.ja.txt")
	if *update {
		require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./reports -update to create the golden files")
	assert.Equal(t, string(want), got)

	// The contradiction on 3.8.7 (USB use unrestricted) is shown on its item;
	// the fact that only fails to support 3.10.3 (no visitor log) is shown as
	// unverified, not as a contradiction.
	v, err := f.GetCellValue(reports.SheetChecklist, "G"+itoa(scRowOf(t, f, "PSC-13")))
	require.NoError(t, err)
	assert.Contains(t, v, "矛盾")
	v, err = f.GetCellValue(reports.SheetChecklist, "G"+itoa(scRowOf(t, f, "PSC-09")))
	require.NoError(t, err)
	assert.Contains(t, v, "裏付けなし")
	assert.NotContains(t, v, "矛盾")
	// Print craft: A4, fit to width, repeated header row, marking.
	lo, err := f.GetPageLayout(reports.SheetChecklist)
	require.NoError(t, err)
	assert.Equal(t, 9, *lo.Size)
	assert.Equal(t, 1, *lo.FitToWidth)
	hf, err := f.GetHeaderFooter(reports.SheetChecklist)
	require.NoError(t, err)
	assert.Contains(t, hf.OddHeader, "取扱注意")
	assert.Contains(t, hf.OddHeader, "suwa-honsha")
	assert.Contains(t, hf.OddFooter, "&P")
	dn := f.GetDefinedName()
	found := false
	for _, d := range dn {
		found = found || d.Name == "_xlnm.Print_Titles" && strings.HasSuffix(d.RefersTo, "!$8:$8")
	}
	assert.True(t, found, "repeated header row")
	dvs, err := f.GetDataValidations(reports.SheetChecklist)
	require.NoError(t, err)
	require.NotEmpty(t, dvs)
	assert.Contains(t, dvs[0].Formula1, "不適合")
}

func TestSiteChecklistEvidenceStaysText(t *testing.T) {
	s := newSCFixture(t)
	ev := *s.ev
	ev.Organization.Name = "=HYPERLINK(\"http://x\",\"y\")"
	ev.Artifacts = append([]evidence.Artifact(nil), ev.Artifacts...)
	for i := range ev.Artifacts {
		ev.Artifacts[i].Title = "+SUM(1,2)"
	}
	var buf bytes.Buffer
	require.NoError(t, reports.WriteSiteChecklist(&buf, s.cl, &ev, s.v, "", engine.LangJA))
	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows(reports.SheetChecklist)
	require.NoError(t, err)
	n := 0
	for r, row := range rows {
		for c, v := range row {
			if !strings.Contains(v, "=HYPERLINK") && !strings.Contains(v, "+SUM") {
				continue
			}
			n++
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			formula, err := f.GetCellFormula(reports.SheetChecklist, ref)
			require.NoError(t, err)
			assert.Empty(t, formula, ref)
			typ, err := f.GetCellType(reports.SheetChecklist, ref)
			require.NoError(t, err)
			assert.Equal(t, excelize.CellTypeSharedString, typ, ref)
		}
	}
	assert.Positive(t, n)
}

// TestSiteChecklistRoundTrip generates the form, fills it as an auditor
// with some fails, reads it back and assesses: the objectives its items
// cover carry the auditor's determinations, and only those.
func TestSiteChecklistRoundTrip(t *testing.T) {
	s := newSCFixture(t)
	filled := s.fill(t, s.form(t, engine.LangJA), scFill{
		results: map[string]string{"PSC-01": "適合", "PSC-07": "不適合", "PSC-13": "該当なし", "PSC-02": "未確認"},
		name:    "監査 一郎", date: "2026-10-30",
	})
	sc, err := s.read(t, filled, "audit-1.xlsx")
	require.NoError(t, err)
	assert.Equal(t, "監査 一郎", sc.Auditor.Name)
	assert.Equal(t, "2026-10-30", sc.Date.String())
	assert.Equal(t, "suwa-honsha", sc.Site)

	before := s.ev.Objectives["3.10.1[b]"]
	ev, conflicts, err := engine.ApplySiteChecks(s.ev, sc)
	require.NoError(t, err)
	assert.Empty(t, conflicts)
	assert.NotSame(t, s.ev, ev)
	assert.Equal(t, before, ev.Objectives["3.10.1[b]"], "not checked leaves the determination")
	assert.Equal(t, evidence.AssessmentSelf, s.ev.Assessment.Type, "the input is not changed")

	d := ev.Objectives["3.10.4[a]"]
	assert.Equal(t, evidence.StatusNotMet, d.Status)
	assert.Equal(t, "examine", d.Method)
	assert.Equal(t, "監査 一郎", d.Assessor)
	assert.Equal(t, "2026-10-30", d.Date.String())
	assert.Contains(t, d.Justification, "PSC-07")
	assert.Contains(t, d.Justification, "=cmd", "remarks are kept as text")
	assert.Equal(t, evidence.StatusNotApplicable, ev.Objectives["3.8.7[a]"].Status)
	assert.Equal(t, evidence.StatusMet, ev.Objectives["3.10.2[a]"].Status)

	v, err := s.fx.eng.Assess(context.Background(), ev)
	require.NoError(t, err)
	assert.False(t, v.AuditorVerified, "the other objectives are still the company's")
	assert.Positive(t, v.Coverage.DeterminedBy.Auditor)
	assert.Positive(t, v.Coverage.DeterminedBy.Self)
	for _, r := range v.Results {
		for _, o := range r.Objectives {
			if o.ID != "3.10.4[a]" {
				continue
			}
			assert.Equal(t, evidence.StatusNotMet, o.Status)
			require.NotNil(t, o.Provenance)
			assert.Equal(t, "監査 一郎", o.Provenance.Assessor)
			assert.Equal(t, evidence.AssessmentAuditor, o.Provenance.AssessorType)
			assert.Equal(t, "examine", o.Provenance.Method)
		}
	}
}

// TestSiteChecklistTwoAuditors merges two auditors' forms that disagree:
// the strictest result counts and the conflict is listed.
func TestSiteChecklistTwoAuditors(t *testing.T) {
	s := newSCFixture(t)
	form := s.form(t, engine.LangJA)
	a, err := s.read(t, s.fill(t, form, scFill{results: map[string]string{"PSC-07": "適合", "PSC-08": "該当なし", "PSC-01": "適合"},
		name: "監査 一郎", date: "2026-10-29"}), "a.xlsx")
	require.NoError(t, err)
	b, err := s.read(t, s.fill(t, form, scFill{results: map[string]string{"PSC-07": "不適合", "PSC-08": "適合", "PSC-01": "適合"},
		name: "検査 花子", edit: func(f *excelize.File) {
			// A date typed in Excel is a number shown as yyyy-mm-dd.
			require.NoError(t, f.SetCellValue(reports.SheetChecklist, "C37", time.Date(2026, 10, 30, 0, 0, 0, 0, time.UTC)))
		}}), "b.xlsx")
	require.NoError(t, err)
	ev, conflicts, err := engine.ApplySiteChecks(s.ev, a, b)
	require.NoError(t, err)
	assert.Equal(t, evidence.StatusNotMet, ev.Objectives["3.10.4[a]"].Status, "fail over pass")
	assert.Equal(t, "検査 花子", ev.Objectives["3.10.4[a]"].Assessor)
	assert.Equal(t, evidence.StatusMet, ev.Objectives["3.10.3[a]"].Status, "pass over not applicable")
	assert.Equal(t, s.ev.Assessment, ev.Assessment, "the assessment stays the company's")
	assert.Equal(t, evidence.AssessmentAuditor, ev.Objectives["3.10.4[a]"].AssessorType)
	var objs []string
	for _, c := range conflicts {
		objs = append(objs, c.Objective)
	}
	assert.Equal(t, []string{"3.10.4[a]", "3.10.3[a]"}, objs)
	assert.Equal(t, engine.ItemFail, conflicts[0].Chosen)
	assert.Contains(t, conflicts[0].String(), "b.xlsx")
	assert.Len(t, ev.Sources, len(s.ev.Sources)+2)
}

func TestSiteChecklistBad(t *testing.T) {
	s := newSCFixture(t)
	form := s.form(t, engine.LangJA)
	ok := scFill{results: map[string]string{"PSC-01": "適合"}, name: "監査 一郎", date: "2026-10-30"}
	with := func(edit func(f *excelize.File)) scFill { fl := ok; fl.edit = edit; return fl }
	for _, tc := range []struct {
		name string
		b    []byte
		want string
	}{
		{"invalid drop-down value", s.fill(t, form, scFill{results: map[string]string{"PSC-03": "まあまあ"}, name: "x", date: "2026-10-30"}),
			"Checklist!H11: expected one of 適合, 不適合, 該当なし, 未確認"},
		{"missing name", s.fill(t, form, scFill{results: ok.results, date: ok.date}), "Checklist!C35: required: the auditor's name"},
		{"missing date", s.fill(t, form, scFill{results: ok.results, name: ok.name}), "Checklist!C37: required: the date"},
		{"bad date", s.fill(t, form, scFill{results: ok.results, name: ok.name, date: "30/10/2026"}), "Checklist!C37: expected a date"},
		{"edited item ID", s.fill(t, form, with(func(f *excelize.File) {
			require.NoError(t, f.SetCellStr(reports.SheetChecklist, "A12", "PSC-99"))
		})), "Checklist!A12: the item ID was changed"},
		{"deleted row", s.fill(t, form, with(func(f *excelize.File) {
			require.NoError(t, f.RemoveRow(reports.SheetChecklist, 10))
		})), "Checklist!A10: the item ID was changed"},
		{"renamed header", s.fill(t, form, with(func(f *excelize.File) {
			require.NoError(t, f.SetCellStr(reports.SheetChecklist, "H8", "結果"))
		})), "Checklist!H8: the header was changed"},
		{"missing sheet", s.fill(t, form, with(func(f *excelize.File) {
			require.NoError(t, f.DeleteSheet("_mamori"))
		})), "_mamori: sheet _mamori is missing"},
		{"other checklist version", s.fill(t, form, with(func(f *excelize.File) {
			require.NoError(t, f.SetCellStr("_mamori", "B3", "0.0.1"))
		})), "_mamori!B3: the form was made from checklist"},
		{"broken hash", s.fill(t, form, with(func(f *excelize.File) {
			require.NoError(t, f.SetCellStr("_mamori", "B7", "00"))
		})), "_mamori!B7: the checklist hash does not match"},
		{"not a zip", []byte("PK? not really a workbook"), "not an xlsx workbook (not a zip archive)"},
		{"encrypted", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 64)...), "password-protected"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.read(t, tc.b, "filled.xlsx")
			require.Error(t, err)
			assert.Contains(t, err.Error(), "filled.xlsx")
			assert.Contains(t, err.Error(), tc.want)
			var ie *evidence.InputError
			var ies evidence.InputErrors
			assert.True(t, errors.As(err, &ie) || errors.As(err, &ies), "an input error")
		})
	}
	// A form for another site does not merge.
	sc, err := s.read(t, s.fill(t, form, with(func(f *excelize.File) {
		require.NoError(t, f.SetCellStr("_mamori", "B5", "other-site"))
	})), "other.xlsx")
	require.NoError(t, err)
	_, _, err = engine.ApplySiteChecks(s.ev, sc)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "for site other-site, not suwa-honsha")
}

func BenchmarkSiteChecklist(b *testing.B) {
	s := newSCFixture(b)
	var buf bytes.Buffer
	b.Run("render", func(b *testing.B) {
		for b.Loop() {
			buf.Reset()
			if err := reports.WriteSiteChecklist(&buf, s.cl, s.ev, s.v, "", engine.LangJA); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("read", func(b *testing.B) {
		form := s.form(b, engine.LangJA)
		for b.Loop() {
			if _, err := s.read(b, form, "c.xlsx"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

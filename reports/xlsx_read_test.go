package reports_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/reports"
)

// zipPart is a part added to a workbook's package.
type zipPart struct {
	name string
	data []byte
}

// repack rebuilds a workbook's package: write writes each part in
// turn, then the extra parts are added.
func repack(t testing.TB, data []byte, write func(zw *zip.Writer, f *zip.File), extra ...zipPart) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		write(zw, f)
	}
	for _, p := range extra {
		w, err := zw.Create(p.name)
		require.NoError(t, err)
		_, err = w.Write(p.data)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// rezip rebuilds a workbook's package: each part's content goes through
// edit (when edit is not nil), and extra parts are added at the end.
func rezip(t testing.TB, data []byte, edit func(name string, b []byte) []byte, extra ...zipPart) []byte {
	t.Helper()
	return repack(t, data, func(zw *zip.Writer, f *zip.File) {
		rc, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		rc.Close()
		if edit != nil {
			b = edit(f.Name, b)
		}
		w, err := zw.Create(f.Name)
		require.NoError(t, err)
		_, err = w.Write(b)
		require.NoError(t, err)
	}, extra...)
}

// rewritePart replaces the first old with new in a part of a workbook.
func rewritePart(t testing.TB, data []byte, part, old, new string) []byte {
	t.Helper()
	found := false
	out := rezip(t, data, func(name string, b []byte) []byte {
		if name != part {
			return b
		}
		require.True(t, strings.Contains(string(b), old), "%s has no %q", part, old)
		found = true
		return []byte(strings.Replace(string(b), old, new, 1))
	})
	require.True(t, found, "no part %s", part)
	return out
}

// partOf is a part's content.
func partOf(t testing.TB, data []byte, part string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	for _, f := range zr.File {
		if f.Name == part {
			rc, err := f.Open()
			require.NoError(t, err)
			defer rc.Close()
			b, err := io.ReadAll(rc)
			require.NoError(t, err)
			return string(b)
		}
	}
	t.Fatalf("no part %s", part)
	return ""
}

// excelizeRows reads a sheet with excelize alone, as GetRows reads it
// with raw cell values.
func excelizeRows(t testing.TB, data []byte, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows(sheet)
	require.NoError(t, err)
	return rows
}

// readsAsExcelize reads the named sheets of a workbook as mamori's
// readers read them and as excelize's GetRows reads them, and holds them
// equal (GetRows leaves out the empty rows after the last value).
func readsAsExcelize(t testing.TB, data []byte, sheets ...string) map[string][][]string {
	t.Helper()
	got, err := reports.ReadSheets(data, sheets)
	require.NoError(t, err)
	for _, s := range sheets {
		rows := got[s]
		for len(rows) > 0 && len(rows[len(rows)-1]) == 0 {
			rows = rows[:len(rows)-1]
		}
		want := excelizeRows(t, data, s)
		if len(want) == 0 {
			want = nil
		}
		if len(rows) == 0 {
			rows = nil
		}
		assert.Equal(t, want, rows, "sheet %s", s)
	}
	return got
}

var (
	saSheets = []string{"_mamori", reports.SheetOrganisation, reports.SheetObjectives, reports.SheetArtifacts, reports.SheetFacts}
	scSheets = []string{"_mamori", reports.SheetChecklist}
	ccSheets = []string{"_mamori", reports.SheetChain, reports.SheetCompanies, reports.SheetContracts, reports.SheetParties, reports.SheetFlows}
)

// TestReadSheetsAsExcelize: the readers read every workbook that mamori
// writes, filled as people fill them, and the two that LibreOffice saved,
// as excelize reads them.
func TestReadSheetsAsExcelize(t *testing.T) {
	cat := saLoadCatalog(t)
	for _, ex := range []string{"kobayashi-electronics", "sato-machining", "tsubasa-heavy-komaki"} {
		for _, lang := range []string{engine.LangJA, engine.LangEN} {
			t.Run("self-assessment/"+ex+"/"+lang, func(t *testing.T) {
				readsAsExcelize(t, saSave(t, saFill(t, saTemplate(t, cat, lang), saWorkbookEvidence(t, ex), lang)), saSheets...)
			})
		}
	}
	s := newSCFixture(t)
	for _, lang := range []string{engine.LangJA, engine.LangEN} {
		t.Run("self-assessment template/"+lang, func(t *testing.T) {
			readsAsExcelize(t, saTemplate(t, cat, lang), saSheets...)
		})
		t.Run("site checklist/"+lang, func(t *testing.T) {
			readsAsExcelize(t, s.form(t, lang), scSheets...)
		})
		t.Run("supply chain/"+lang, func(t *testing.T) {
			readsAsExcelize(t, ccFilledExample(t, lang), ccSheets...)
		})
	}
	for name, sheets := range map[string][]string{
		"self-assessment.libreoffice.xlsx": saSheets, "site-checklist.libreoffice.xlsx": scSheets,
	} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "saved", name))
			require.NoError(t, err)
			readsAsExcelize(t, data, sheets...)
		})
	}
}

// TestReadSaved reads workbooks as a spreadsheet application saves them:
// a self-assessment (Japanese) and a site checklist (English), filled by
// reportstest and the site-checklist fixture, then opened and saved by
// LibreOffice 7.4 (soffice --headless --convert-to xlsx), which writes
// its own styles (General, @ and the date as custom formats) and
// booleans as formulas (TRUE()) with their values.
func TestReadSaved(t *testing.T) {
	cat := saLoadCatalog(t)
	data, err := os.ReadFile(filepath.Join("testdata", "saved", "self-assessment.libreoffice.xlsx"))
	require.NoError(t, err)
	ev, err := saRead(data, cat)
	require.NoError(t, err)
	ev.Sources = nil
	assert.Equal(t, saWorkbookEvidence(t, "kobayashi-electronics"), ev)

	s := newSCFixture(t)
	data, err = os.ReadFile(filepath.Join("testdata", "saved", "site-checklist.libreoffice.xlsx"))
	require.NoError(t, err)
	sc, err := s.read(t, data, "checklist.xlsx")
	require.NoError(t, err)
	assert.Len(t, sc.Results, len(s.cl.Items))
}

// TestReadExcelValues: values as Excel stores them are read as they
// show. A date typed in Excel is a serial day number, in the workbook's
// date system (1900, or 1904 as Excel for Mac wrote before 2011); a
// boolean is 1 or 0; TRUE and FALSE typed as text count too.
func TestReadExcelValues(t *testing.T) {
	cat := saLoadCatalog(t)
	ev := saWorkbookEvidence(t, "kobayashi-electronics")
	for _, date1904 := range []bool{false, true} {
		t.Run(fmt.Sprintf("date1904=%v", date1904), func(t *testing.T) {
			f := saFill(t, saTemplate(t, cat, engine.LangJA), ev, engine.LangJA)
			if date1904 {
				require.NoError(t, f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904}))
			}
			factRow := saRowsByKey(t, f, reports.SheetFacts, 0)
			org := saRowsByKey(t, f, reports.SheetOrganisation, 1)
			day := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
			require.NoError(t, f.SetCellValue(reports.SheetOrganisation, fmt.Sprintf("C%d", org["assessment.date"]), day))
			require.NoError(t, f.SetCellValue(reports.SheetArtifacts, "D2", day.Add(13*time.Hour))) // a time of day is dropped
			require.NoError(t, f.SetCellValue(reports.SheetObjectives, "I3", day))
			require.NoError(t, f.SetCellValue(reports.SheetFacts, fmt.Sprintf("C%d", factRow["access.least_privilege"]), false))
			require.NoError(t, f.SetCellStr(reports.SheetFacts, fmt.Sprintf("C%d", factRow["access.logon_banner"]), "true"))
			got, err := saRead(saSave(t, f), cat)
			require.NoError(t, err)
			assert.Equal(t, "2026-03-31", got.Assessment.Date.String())
			assert.Equal(t, "2026-03-31", got.Artifacts[0].Date.String())
			assert.Equal(t, "2026-03-31", got.Objectives["3.1.1[a]"].Date.String())
			assert.False(t, *got.Facts.Access.LeastPrivilege)
			assert.True(t, *got.Facts.Access.LogonBanner)
		})
	}
}

// TestReadDivergences: workbooks that a hand-written reader once read
// otherwise than excelize, and that excelize reads otherwise than
// LibreOffice 7.4 shows them (soffice --convert-to csv): a cell or a
// row with an r attribute in another namespace (excelize places it by
// the attribute's local name, the last one; LibreOffice by its own r),
// rows after sheetData and a cell outside a row (excelize reads them,
// LibreOffice does not), a cell whose reference names another row
// (excelize reads it in its row, LibreOffice not there), two rows of one
// number (excelize reads the second's cells after the first's,
// LibreOffice in a row of their own), two parts whose names differ only
// in case (excelize reads whichever comes last for both). mamori refuses
// each, naming the part, and reads what excelize reads from the
// workbook as it was written.
func TestReadDivergences(t *testing.T) {
	cat := saLoadCatalog(t)
	good := saSave(t, saFill(t, saTemplate(t, cat, engine.LangJA), saWorkbookEvidence(t, "kobayashi-electronics"), engine.LangJA))
	readsAsExcelize(t, good, saSheets...)
	const objectives = "xl/worksheets/sheet3.xml" // the Objectives sheet
	require.True(t, strings.Contains(partOf(t, good, objectives), `<c r="D3" `))
	met, notMet := saJaStatus[evidence.StatusMet], saJaStatus[evidence.StatusNotMet]
	for _, c := range []struct {
		name    string
		data    []byte
		differs func(t *testing.T, objectives [][]string) // what excelize alone reads
		msg     string
	}{
		{"cell reference with a namespace prefix",
			rewritePart(t, good, objectives, `<c r="D3" `, `<c r="D3" xmlns:q="urn:q" q:r="K3" `),
			func(t *testing.T, rows [][]string) {
				assert.Equal(t, met, rows[2][10])
				assert.Equal(t, make([]string, 7), rows[2][3:10], "the determination and the row's next values follow K3")
			},
			"the workbook's part " + objectives + " holds rows or cells where spreadsheet applications do not show them (line 2: an attribute urn:q:r beside the cell's own r)"},
		{"row reference with a namespace prefix",
			rewritePart(t, good, objectives, `<row r="3">`, `<row r="3" xmlns:q="urn:q" q:r="7">`),
			nil,
			"the workbook's part " + objectives + " holds rows or cells where spreadsheet applications do not show them (line 2: an attribute urn:q:r beside the row's own r)"},
		{"rows after sheetData",
			rewritePart(t, good, objectives, `</sheetData>`, `</sheetData><row r="3"><c r="D3" t="inlineStr"><is><t>`+notMet+`</t></is></c></row>`),
			func(t *testing.T, rows [][]string) {
				assert.Equal(t, notMet, rows[len(rows)-1][3], "read as a row after the last")
			},
			"the workbook's part " + objectives + " holds rows or cells where spreadsheet applications do not show them (line 2: a row outside sheetData)"},
		{"cell outside a row",
			rewritePart(t, good, objectives, `</row><row r="4">`, `</row><c r="K3" t="inlineStr"><is><t>x</t></is></c><row r="4">`),
			func(t *testing.T, rows [][]string) { assert.Equal(t, "x", rows[2][10], "read into the row before") },
			"the workbook's part " + objectives + " holds rows or cells where spreadsheet applications do not show them (line 2: a cell outside a row)"},
		{"cell reference to another row",
			rewritePart(t, good, objectives, `<c r="D3" `, `<c r="D9" `),
			func(t *testing.T, rows [][]string) { assert.Equal(t, met, rows[2][3], "read in its row") },
			"the workbook's part " + objectives + " holds rows or cells where spreadsheet applications do not show them (line 2: a cell D9 in row 3)"},
		{"two rows of one number",
			rewritePart(t, good, objectives, `<row r="4">`, `<row r="3">`),
			func(t *testing.T, rows [][]string) {
				assert.Greater(t, len(rows[2]), 10, "the second row's cells after the first's")
				assert.Empty(t, rows[3])
			},
			"the workbook's part " + objectives + ` holds rows or cells where spreadsheet applications do not show them (line 2: row "3" after row 3: rows must be numbered in ascending order)`},
		{"case twin of the shared strings",
			func() []byte {
				sst := partOf(t, good, "xl/sharedStrings.xml")
				require.Contains(t, sst, "<t>"+met+"</t>")
				return rezip(t, good, nil, zipPart{"xl/SHAREDSTRINGS.XML", []byte(strings.ReplaceAll(sst, "<t>"+met+"</t>", "<t>"+notMet+"</t>"))})
			}(),
			func(t *testing.T, rows [][]string) { assert.Equal(t, notMet, rows[2][3], "the twin's strings") },
			"the workbook has two parts named xl/sharedStrings.xml and xl/SHAREDSTRINGS.XML"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.differs != nil {
				c.differs(t, excelizeRows(t, c.data, reports.SheetObjectives))
			}
			ev, err := saRead(c.data, cat)
			assert.Nil(t, ev)
			assert.ErrorContains(t, err, "sa.xlsx: "+c.msg)
		})
	}
}

// TestReadRefusesPackages: the checks that stand before excelize opens a
// workbook. Each names what it refuses.
func TestReadRefusesPackages(t *testing.T) {
	cat := saLoadCatalog(t)
	good := saSave(t, saFill(t, saTemplate(t, cat, engine.LangEN), saWorkbookEvidence(t, "sato-machining"), engine.LangEN))
	const objectives = "xl/worksheets/sheet3.xml"
	many := make([]zipPart, 1000)
	for i := range many {
		many[i] = zipPart{fmt.Sprintf("xl/media/image%d.png", i), []byte{0x89, 'P', 'N', 'G'}}
	}
	for _, c := range []struct {
		name string
		data []byte
		msg  string
	}{
		{"two parts of one name", rezip(t, good, nil, zipPart{"xl/styles.xml", []byte("<styleSheet/>")}),
			"the workbook has two parts named xl/styles.xml and xl/styles.xml"},
		{"twin with backslashes", rezip(t, good, nil, zipPart{`xl\worksheets\sheet3.xml`, []byte("<worksheet/>")}),
			`the workbook has two parts named xl/worksheets/sheet3.xml and xl\worksheets\sheet3.xml`},
		{"too many parts", rezip(t, good, nil, many...), "parts, over the limit of 1000"},
		{"expands too far", rezip(t, good, nil, zipPart{"xl/media/blank.xml", bytes.Repeat([]byte(" "), 2<<20)}),
			"the workbook's part xl/media/blank.xml expands from"},
		{"XML not well-formed in a sheet", rewritePart(t, good, objectives, `<row r="40">`, `<x></y><row r="40">`),
			"the workbook is damaged: its part " + objectives + " cannot be read (XML syntax error on line 2: element <x> closed by </y>)"},
		{"XML cut short in a sheet", rezip(t, good, func(name string, b []byte) []byte {
			if name == objectives {
				b = b[:bytes.Index(b, []byte(`<row r="40">`))+len(`<row r="40"><c`)]
			}
			return b
		}),
			"the workbook is damaged: its part " + objectives + " cannot be read (XML syntax error on line 2: unexpected EOF)"},
		{"XML nested too deep", rewritePart(t, good, objectives, `<sheetData>`,
			`<sheetData>`+strings.Repeat("<x>", 300)+strings.Repeat("</x>", 300)),
			"its part " + objectives + " cannot be read (XML elements nested more than 256 deep)"},
		{"sheets named alike", rewritePart(t, good, "xl/workbook.xml", `name="Instructions"`, `name="FACTS"`),
			`sa.xlsx: Facts: the workbook has two sheets named "FACTS" and "Facts"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			ev, err := saRead(c.data, cat)
			assert.Nil(t, ev)
			assert.ErrorContains(t, err, c.msg)
		})
	}
	// Parts that are not XML, or from which excelize reads no row (a
	// drawing), are read only to their checksum.
	b := rezip(t, good, nil, zipPart{"xl/media/image1.png", []byte{0x89, 'P', 'N', 'G', 0, 1, 2}},
		zipPart{"xl/drawings/vmlDrawing1.vml", []byte(`<xml><v:shape><br></v:shape></xml>`)})
	_, err := saRead(b, cat)
	assert.NoError(t, err)
}

// TestReadMalformedSheet: excelize stops reading a sheet's rows at its
// first XML error, without an error, so a supply chain would lose the
// parties after it. The reader refuses the workbook, naming the part.
func TestReadMalformedSheet(t *testing.T) {
	good := ccFilledExample(t, engine.LangJA)
	const parties = "xl/worksheets/sheet5.xml"
	b := rewritePart(t, good, parties, `<row r="5">`, `<row r="5"><c r="A5"></row><row r="6">`)
	assert.Less(t, len(excelizeRows(t, b, reports.SheetParties)), len(excelizeRows(t, good, reports.SheetParties)),
		"excelize alone reads fewer rows")
	_, err := ccRead(b)
	assert.ErrorContains(t, err, "chain.xlsx: the workbook is damaged: its part "+parties+" cannot be read (XML syntax error on line 2: element <c> closed by </row>)")
}

// TestReadDamagedParts damages a part's compressed data or its header:
// the workbook is refused with an error naming the part (excelize alone
// would read a part with a bad checksum, or one cut short, as far as it
// inflates).
func TestReadDamagedParts(t *testing.T) {
	cat := saLoadCatalog(t)
	data := saSave(t, saFill(t, saTemplate(t, cat, engine.LangJA), saWorkbookEvidence(t, "sato-machining"), engine.LangJA))
	// A sheet and the shared strings, which are read, and the theme,
	// which is not.
	for _, part := range []string{"xl/worksheets/sheet3.xml", "xl/sharedStrings.xml", "xl/theme/theme1.xml"} {
		for _, c := range []struct {
			name   string
			damage func(h *zip.FileHeader, raw []byte) []byte
		}{
			{"checksum", func(h *zip.FileHeader, raw []byte) []byte { h.CRC32 ^= 1; return raw }},
			{"data", func(_ *zip.FileHeader, raw []byte) []byte {
				raw = bytes.Clone(raw)
				for i := len(raw) / 2; i < len(raw)/2+16; i++ {
					raw[i] ^= 0x5a
				}
				return raw
			}},
			{"size short", func(h *zip.FileHeader, raw []byte) []byte { h.UncompressedSize64--; return raw }},
			{"size long", func(h *zip.FileHeader, raw []byte) []byte { h.UncompressedSize64++; return raw }},
			{"truncated", func(_ *zip.FileHeader, raw []byte) []byte { return raw[:len(raw)*3/4] }},
		} {
			t.Run(part+"/"+c.name, func(t *testing.T) {
				b := damagePart(t, data, part, c.damage)
				_, err := saRead(b, cat)
				assert.ErrorContains(t, err, "the workbook is damaged: its part "+part+" cannot be read")
			})
		}
	}
}

// damagePart rewrites a part's raw (compressed) data and header.
func damagePart(t testing.TB, data []byte, part string, damage func(h *zip.FileHeader, raw []byte) []byte) []byte {
	t.Helper()
	return repack(t, data, func(zw *zip.Writer, f *zip.File) {
		rc, err := f.OpenRaw()
		require.NoError(t, err)
		raw, err := io.ReadAll(rc)
		require.NoError(t, err)
		h := f.FileHeader
		if f.Name == part {
			raw = damage(&h, raw)
			h.CompressedSize64 = uint64(len(raw))
		}
		w, err := zw.CreateRaw(&h)
		require.NoError(t, err)
		_, err = w.Write(raw)
		require.NoError(t, err)
	})
}

package reports_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/reports"
)

// fastAgrees reads every sheet of a workbook with both readers. The
// fast reader must give excelize's rows, or decline; it returns whether
// it read the workbook.
func fastAgrees(t *testing.T, data []byte) bool {
	t.Helper()
	want, names, err := reports.ExcelizeSheets(data)
	require.NotEmpty(t, names, "excelize cannot open the workbook: %v", err)
	got, ok := reports.FastSheets(data, names)
	if !ok {
		return false
	}
	require.NoError(t, err, "the fast reader read a workbook that excelize cannot")
	for _, s := range names {
		assert.Equal(t, want[s], got[s], "sheet %s", s)
	}
	return true
}

// TestFastSheetsWorkbooks holds the fast reader to excelize over the
// workbooks that mamori writes, filled as people fill them: it must read
// each of them (or the speed is lost without a failing test) and give
// the same rows.
func TestFastSheetsWorkbooks(t *testing.T) {
	cat := saLoadCatalog(t)
	for _, ex := range []string{"kobayashi-electronics", "sato-machining", "tsubasa-heavy-komaki"} {
		for _, lang := range []string{engine.LangJA, engine.LangEN} {
			t.Run(ex+"/"+lang, func(t *testing.T) {
				data := saSave(t, saFill(t, saTemplate(t, cat, lang), saWorkbookEvidence(t, ex), lang))
				assert.True(t, fastAgrees(t, data), "declined")
			})
		}
	}
	for _, lang := range []string{engine.LangJA, engine.LangEN} {
		t.Run("template/"+lang, func(t *testing.T) {
			assert.True(t, fastAgrees(t, saTemplate(t, cat, lang)), "declined")
		})
	}
	s := newSCFixture(t)
	for _, lang := range []string{engine.LangJA, engine.LangEN} {
		t.Run("site checklist/"+lang, func(t *testing.T) {
			assert.True(t, fastAgrees(t, s.form(t, lang)), "declined")
		})
	}
}

// TestFastSheetsCells writes one cell of each kind under each number
// format; the fast reader must give excelize's value or decline, and
// read the kinds that filled templates hold.
func TestFastSheetsCells(t *testing.T) {
	values := []struct {
		name string
		set  func(f *excelize.File, cell string) error
		read bool // the fast reader must read it under General, text and the date format
	}{
		{"text", func(f *excelize.File, c string) error { return f.SetCellStr("S", c, "監査 <a&b> \"q\" 'a'") }, true},
		{"spaces", func(f *excelize.File, c string) error { return f.SetCellStr("S", c, "  lead and trail  ") }, true},
		{"numeric text", func(f *excelize.File, c string) error { return f.SetCellStr("S", c, "007") }, true},
		{"date text", func(f *excelize.File, c string) error { return f.SetCellStr("S", c, "2026-11-01") }, true},
		{"bool text", func(f *excelize.File, c string) error { return f.SetCellStr("S", c, "TRUE") }, true},
		{"newline", func(f *excelize.File, c string) error { return f.SetCellStr("S", c, "a\nb\tc") }, true},
		{"escape-like", func(f *excelize.File, c string) error { return f.SetCellStr("S", c, "_x0041_ _x005F_") }, false},
		{"carriage return", func(f *excelize.File, c string) error { return f.SetCellStr("S", c, "a\r\nb") }, false},
		{"integer", func(f *excelize.File, c string) error { return f.SetCellValue("S", c, 42) }, false},
		{"zero", func(f *excelize.File, c string) error { return f.SetCellValue("S", c, 0) }, false},
		{"negative", func(f *excelize.File, c string) error { return f.SetCellValue("S", c, -3) }, false},
		{"fraction", func(f *excelize.File, c string) error { return f.SetCellValue("S", c, 0.1) }, false},
		{"float sum", func(f *excelize.File, c string) error { return f.SetCellValue("S", c, 0.1+0.2) }, false},
		{"large", func(f *excelize.File, c string) error { return f.SetCellValue("S", c, 123456789012345678) }, false},
		{"eleven digits", func(f *excelize.File, c string) error { return f.SetCellValue("S", c, 12345678901) }, false},
		{"twelve digits", func(f *excelize.File, c string) error { return f.SetCellValue("S", c, 123456789012) }, false},
		{"date", func(f *excelize.File, c string) error {
			return f.SetCellValue("S", c, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
		}, false},
		{"date and time", func(f *excelize.File, c string) error {
			return f.SetCellValue("S", c, time.Date(2026, 11, 1, 13, 30, 0, 0, time.UTC))
		}, false},
		{"early date", func(f *excelize.File, c string) error { return f.SetCellValue("S", c, 59) }, false},
		{"bool", func(f *excelize.File, c string) error { return f.SetCellBool("S", c, true) }, false},
		{"false", func(f *excelize.File, c string) error { return f.SetCellBool("S", c, false) }, false},
		{"formula", func(f *excelize.File, c string) error { return f.SetCellFormula("S", c, "1+1") }, false},
		{"rich text", func(f *excelize.File, c string) error {
			return f.SetCellRichText("S", c, []excelize.RichTextRun{{Text: "bold", Font: &excelize.Font{Bold: true}}, {Text: " plain"}})
		}, false},
		{"empty", func(f *excelize.File, c string) error { return nil }, true},
	}
	dateFmt, escapedDate, twoDecimals, general, text := "yyyy-mm-dd", `yyyy\-mm\-dd`, "0.00", "General", "@"
	styles := []struct {
		name  string
		style *excelize.Style
	}{
		{"unstyled", nil},
		{"General", &excelize.Style{Font: &excelize.Font{Bold: true}}},
		{"text", &excelize.Style{NumFmt: 49}},
		{"date", &excelize.Style{CustomNumFmt: &dateFmt}},
		{"escaped date", &excelize.Style{CustomNumFmt: &escapedDate}},
		{"builtin date", &excelize.Style{NumFmt: 14}},
		{"two decimals", &excelize.Style{CustomNumFmt: &twoDecimals}},
		// As LibreOffice saves them.
		{"custom General", &excelize.Style{CustomNumFmt: &general}},
		{"custom text", &excelize.Style{CustomNumFmt: &text}},
	}
	for _, st := range styles {
		for _, v := range values {
			t.Run(st.name+"/"+v.name, func(t *testing.T) {
				f := excelize.NewFile()
				defer f.Close()
				require.NoError(t, f.SetSheetName("Sheet1", "S"))
				// A value before and after, so that the cell's column and
				// the empty cells around it count.
				require.NoError(t, f.SetCellStr("S", "A1", "before"))
				require.NoError(t, f.SetCellStr("S", "E3", "after"))
				if st.style != nil {
					id, err := f.NewStyle(st.style)
					require.NoError(t, err)
					require.NoError(t, f.SetCellStyle("S", "C1", "C3", id))
				}
				require.NoError(t, v.set(f, "C2"))
				read := fastAgrees(t, saSave(t, f))
				if v.read && (st.name == "unstyled" || st.name == "General" || st.name == "text" || st.name == "date" ||
					st.name == "custom General" || st.name == "custom text") {
					assert.True(t, read, "declined")
				}
			})
		}
	}
	// Numbers, booleans and dates as filled templates hold them.
	for _, c := range []struct {
		name, style string
		set         func(f *excelize.File, cell string) error
	}{
		{"integer", "unstyled", func(f *excelize.File, c string) error { return f.SetCellValue("S", c, 42) }},
		{"integer", "General", func(f *excelize.File, c string) error { return f.SetCellValue("S", c, 42) }},
		{"bool", "General", func(f *excelize.File, c string) error { return f.SetCellBool("S", c, true) }},
		{"date", "date", func(f *excelize.File, c string) error {
			return f.SetCellValue("S", c, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
		}},
	} {
		t.Run("read/"+c.style+"/"+c.name, func(t *testing.T) {
			f := excelize.NewFile()
			defer f.Close()
			require.NoError(t, f.SetSheetName("Sheet1", "S"))
			for _, st := range styles {
				if st.name == c.style && st.style != nil {
					id, err := f.NewStyle(st.style)
					require.NoError(t, err)
					require.NoError(t, f.SetCellStyle("S", "B2", "B2", id))
				}
			}
			require.NoError(t, c.set(f, "B2"))
			assert.True(t, fastAgrees(t, saSave(t, f)), "declined")
		})
	}
}

// TestFastSheetsDeclines: parts and XML that the fast reader leaves to
// excelize. Each case rewrites the first sheet of a filled workbook.
func TestFastSheetsDeclines(t *testing.T) {
	cat := saLoadCatalog(t)
	data := saSave(t, saFill(t, saTemplate(t, cat, engine.LangEN), saWorkbookEvidence(t, "sato-machining"), engine.LangEN))
	_, names, err := reports.ExcelizeSheets(data)
	require.NoError(t, err)
	_, ok := reports.FastSheets(data, names)
	require.True(t, ok)
	for _, c := range []struct {
		name, part, old, new string
	}{
		{"prefixed elements", "xl/worksheets/sheet2.xml", "<sheetData>", "<x:sheetData>"},
		{"comment", "xl/worksheets/sheet2.xml", "<sheetData>", "<sheetData><!-- c -->"},
		{"CDATA", "xl/worksheets/sheet2.xml", "<sheetData>", "<sheetData><![CDATA[x]]>"},
		{"rows out of order", "xl/worksheets/sheet2.xml", `<row r="2"`, `<row r="1"`},
		{"unknown element", "xl/worksheets/sheet2.xml", "<sheetData>", "<sheetData><foo/>"},
		{"attribute name not UTF-8", "xl/worksheets/sheet2.xml", `<row r="2"`, "<row \x84=\"2\""},
		{"attribute without a name", "xl/worksheets/sheet2.xml", `<row r="2"`, `<row ="2"`},
		{"element name not UTF-8", "xl/worksheets/sheet2.xml", `<row r="2"`, "<row\x84 r=\"2\""},
		{"invalid UTF-8 before the data", "xl/worksheets/sheet2.xml", "<sheetData>", "<!-- \xff --><sheetData>"},
		{"control character", "xl/worksheets/sheet2.xml", "<sheetData>", "<sheetViews>\x01</sheetViews><sheetData>"},
		{"end tag not matching", "xl/worksheets/sheet2.xml", "<sheetData>", "<sheetViews></sheetView><sheetData>"},
		{"shared strings not closed", "xl/sharedStrings.xml", "</sst>", ""},
		{"two texts in a shared string", "xl/sharedStrings.xml", "<si><t>", "<si><t>a</t><t>"},
		{"two texts in an inline string", "xl/worksheets/sheet2.xml", `</row><row r="2"`, `<c r="Z1" t="inlineStr"><is><t>a</t><t>b</t></is></c></row><row r="2"`},
		{"shared strings under another root", "xl/sharedStrings.xml", "<sst ", "<si><t>a</t></si><sst "},
		{"styles under another root", "xl/styles.xml", "<styleSheet", "<x/><styleSheet"},
		{"a row before the data", "xl/worksheets/sheet2.xml", "<sheetData>", `<sheetViews><row r="1"/></sheetViews><sheetData>`},
		{"attribute without a value", "xl/worksheets/sheet2.xml", "<sheetData>", `<x a/><sheetData>`},
		{"< in an attribute", "xl/worksheets/sheet2.xml", "<sheetData>", `<x a="<"/><sheetData>`},
		{"unknown entity in an attribute", "xl/worksheets/sheet2.xml", "<sheetData>", `<x a="&nbsp;"/><sheetData>`},
		{"relationships under another prefix", "xl/workbook.xml", `xmlns:r="`, `xmlns:r="urn:other" xmlns:q="`},
		{"a text after a run", "xl/sharedStrings.xml", "<si><t>", "<si><r><t>a</t></r><t>"},
		{"two texts in a run", "xl/sharedStrings.xml", "<si><t>", "<si><r><t>a</t><t>b</t></r><t>"},
		{"other encoding", "xl/worksheets/sheet2.xml", `encoding="UTF-8"`, `encoding="Shift_JIS"`},
		{"1904 dates", "xl/workbook.xml", "<workbookPr", `<workbookPr date1904="1"`},
		{"unknown entity", "xl/sharedStrings.xml", "<t>", "<t>&nbsp;"},
		{"carriage return", "xl/sharedStrings.xml", "<t>", "<t>\r"},
		{"two shared strings parts", "xl/_rels/workbook.xml.rels", "<Relationship ", `<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="other.xml"/><Relationship `},
		{"renamed sheet", "xl/workbook.xml", `name="` + names[1] + `"`, `name="` + strings.ToUpper(names[1]) + `"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := rewritePart(t, data, c.part, c.old, c.new)
			_, ok := reports.FastSheets(b, names)
			assert.False(t, ok)
		})
	}
}

// TestFastSheetsDamagedParts damages a part's compressed data or its
// header: the fast reader declines it, and the workbook is refused with
// an error naming the part (excelize alone would read a part with a bad
// checksum, or one cut short, as far as it inflates).
func TestFastSheetsDamagedParts(t *testing.T) {
	cat := saLoadCatalog(t)
	data := saSave(t, saFill(t, saTemplate(t, cat, engine.LangJA), saWorkbookEvidence(t, "sato-machining"), engine.LangJA))
	_, names, err := reports.ExcelizeSheets(data)
	require.NoError(t, err)
	// A sheet and the shared strings, which the fast reader reads, and
	// the theme, which it does not.
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
				zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
				require.NoError(t, err)
				var buf bytes.Buffer
				zw := zip.NewWriter(&buf)
				for _, f := range zr.File {
					rc, err := f.OpenRaw()
					require.NoError(t, err)
					raw, err := io.ReadAll(rc)
					require.NoError(t, err)
					h := f.FileHeader
					if f.Name == part {
						raw = c.damage(&h, raw)
						h.CompressedSize64 = uint64(len(raw))
					}
					w, err := zw.CreateRaw(&h)
					require.NoError(t, err)
					_, err = w.Write(raw)
					require.NoError(t, err)
				}
				require.NoError(t, zw.Close())
				_, ok := reports.FastSheets(buf.Bytes(), names)
				assert.False(t, ok, "read a damaged part")
				_, err = saRead(buf.Bytes(), cat)
				assert.ErrorContains(t, err, "the workbook is damaged: its part "+part+" cannot be read")
			})
		}
	}
}

// TestFastSheetsSaved reads workbooks as a spreadsheet application saves
// them: a self-assessment (Japanese) and a site checklist (English),
// filled by reportstest and the site-checklist fixture, then opened and
// saved by LibreOffice 7.4 (soffice --headless --convert-to xlsx), which
// writes its own styles (General, @ and the date as custom formats) and
// booleans as formulas (TRUE()) with their values. The fast reader must
// read them, as excelize reads them.
func TestFastSheetsSaved(t *testing.T) {
	for _, name := range []string{"self-assessment.libreoffice.xlsx", "site-checklist.libreoffice.xlsx"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "saved", name))
			require.NoError(t, err)
			assert.True(t, fastAgrees(t, data), "declined")
		})
	}
}

// TestFastSheetsExcelParts: what Excel writes when it saves a workbook
// (CR LF after the declaration, phonetic runs in Japanese text, rows'
// spans and extension attributes, escaped date formats) is read, and
// read as excelize reads it.
func TestFastSheetsExcelParts(t *testing.T) {
	cat := saLoadCatalog(t)
	data := saSave(t, saFill(t, saTemplate(t, cat, engine.LangJA), saWorkbookEvidence(t, "sato-machining"), engine.LangJA))
	for _, c := range []struct {
		name, part string
		edits      [][2]string // old, new, in turn
	}{
		{"CR LF after the declaration", "xl/worksheets/sheet2.xml", [][2]string{{"?>\n", "?>\r\n"}}},
		{"phonetic runs", "xl/sharedStrings.xml", [][2]string{
			{"</t></si>", `</t><rPh sb="0" eb="2"><t>カンサ</t></rPh><phoneticPr fontId="1" type="noConversion"/></si>`}}},
		{"rich text", "xl/sharedStrings.xml", [][2]string{
			{"<si><t>", `<si><r><rPr><b/><sz val="10"/></rPr><t>太字</t></r><r><t xml:space="preserve"> </t></r><r><t>`},
			{"</t></si>", "</t></r></si>"}}},
		{"row attributes", "xl/worksheets/sheet2.xml", [][2]string{{`<row r="2"`, `<row r="2" spans="1:3" x14ac:dyDescent="0.25"`}}},
		{"escaped date format", "xl/styles.xml", [][2]string{{`formatCode="yyyy-mm-dd"`, `formatCode="yyyy\-mm\-dd"`}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := data
			for _, e := range c.edits {
				b = rewritePart(t, b, c.part, e[0], e[1])
			}
			assert.True(t, fastAgrees(t, b), "declined")
		})
	}
}

// rewritePart replaces the first old with new in a part of a workbook.
func rewritePart(t testing.TB, data []byte, part, old, new string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	found := false
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		rc.Close()
		if f.Name == part {
			require.Contains(t, string(b), old, "%s has no %q", part, old)
			b = []byte(strings.Replace(string(b), old, new, 1))
			found = true
		}
		w, err := zw.Create(f.Name)
		require.NoError(t, err)
		_, err = w.Write(b)
		require.NoError(t, err)
	}
	require.True(t, found, "no part %s", part)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// FuzzFastSheets mutates the rows of a sheet of a filled workbook and
// its first shared strings: whatever the fast reader reads, excelize
// reads the same.
//
//	go test ./reports -run - -fuzz FuzzFastSheets -fuzzminimizetime 1x
func FuzzFastSheets(f *testing.F) {
	cat := saLoadCatalog(f)
	data := saSave(f, saFill(f, saTemplate(f, cat, engine.LangEN), saWorkbookEvidence(f, "sato-machining"), engine.LangEN))
	part := func(name, from, to string) string {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		require.NoError(f, err)
		for _, zf := range zr.File {
			if zf.Name == name {
				rc, err := zf.Open()
				require.NoError(f, err)
				b, err := io.ReadAll(rc)
				require.NoError(f, err)
				rc.Close()
				s := string(b)
				start := strings.Index(s, from) + len(from)
				end := start + strings.Index(s[start:], to)
				require.True(f, start >= len(from) && end >= start, "%s: no %s…%s", name, from, to)
				return s[start:end]
			}
		}
		f.Fatalf("no part %s", name)
		return ""
	}
	rows := part("xl/worksheets/sheet2.xml", "<sheetData>", "</sheetData>")
	// The first shared strings: the headers'.
	strs := part("xl/sharedStrings.xml", ">", "<si><t>Name</t></si>")
	f.Add(rows, strs)
	f.Add(`<row r="1"><c r="B1" t="b"><v>1</v></c><c r="D1" t="inlineStr"><is><t>x&amp;y&#x41;</t></is></c></row>`+
		`<row r="3" s="2"/><row r="4"><c r="A4" s="1"><v>46327</v></c><c t="str"><v>s</v></c>`+
		`<c r="E4" s="1" t="b"><f aca="false">TRUE()</f><v>1</v></c><c r="F4"><f>A4&amp;""</f></c></row>`,
		`<si><r><t>a</t></r><r><rPr><b/></rPr><t xml:space="preserve"> b </t></r></si><si><t>c</t><rPh sb="0" eb="1"><t>シ</t></rPh></si>`+strs)
	f.Fuzz(func(t *testing.T, r, s string) {
		b := rewritePart(t, data, "xl/worksheets/sheet2.xml", rows, r)
		fastAgrees(t, rewritePart(t, b, "xl/sharedStrings.xml", strs, s))
	})
}

// TestTextOK holds the word-at-a-time check to a byte-by-byte one for
// every byte value at every position of a word, and for each control
// character after bytes that borrow.
func TestTextOK(t *testing.T) {
	slow := func(b []byte) bool {
		for _, c := range b {
			if c < 0x20 && c != '\t' && c != '\n' {
				return false
			}
		}
		return utf8.Valid(b)
	}
	for n := 1; n <= 17; n++ {
		for pos := 0; pos < n; pos++ {
			for c := 0; c < 256; c++ {
				for _, fill := range []byte{'a', 0x00, '\t', 0x7f, 0x20} {
					b := bytes.Repeat([]byte{fill}, n)
					b[pos] = byte(c)
					require.Equal(t, slow(b), reports.TextOK(b), "% x", b)
				}
			}
		}
	}
}

package reports

import (
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Workbook fonts. Yu Gothic ships with Windows 8.1+ and macOS Office;
// where it is missing Excel and LibreOffice substitute through the
// font's family (Meiryo on older Windows, Noto Sans CJK JP or IPAexGothic
// through fontconfig on Linux), so Japanese text always renders.
const (
	xlsxFont         = "Yu Gothic"
	xlsxFontFallback = "Meiryo" // documented fallback; Excel substitutes it by itself
	xlsxFontSize     = 10
)

// Fill colours of the shared palette. The golden dumps name a cell's
// style class from these.
const (
	xlFillHeader      = "1F3864"
	xlFillLabel       = "D9E1F2"
	xlFillMet         = "C6EFCE"
	xlFillNotMet      = "FFC7CE"
	xlFillNA          = "EDEDED"
	xlFillNotAssessed = "FFEB9C"
	xlFillFlag        = "F8CBAD"
	xlFillInput       = "FFF2CC"
)

// Paper sizes (ECMA-376 ST_PaperSize).
const xlPaperA4 = 9

// xlsxStyles are the style IDs that every mamori workbook shares.
type xlsxStyles struct {
	title, header, label, plain, wrap, number, flag, input int
	status                                                 map[string]int
}

// xlsxBook wraps an excelize file with the shared styles and helpers
// that keep evidence text inert.
type xlsxBook struct {
	f  *excelize.File
	st xlsxStyles
	// widths and lines let fitRows give each list row the height its
	// longest wrapped text needs: LibreOffice does not recompute row
	// heights when it opens a workbook, so unset heights print text over
	// the next row.
	widths map[string][]float64
	lines  map[string]map[int]int
}

func newXLSXBook() (*xlsxBook, error) {
	f := excelize.NewFile()
	if err := f.SetDefaultFont(xlsxFont); err != nil {
		return nil, err
	}
	b := &xlsxBook{f: f}
	font := func(bold bool, size float64, color string) *excelize.Font {
		return &excelize.Font{Family: xlsxFont, Bold: bold, Size: size, Color: color}
	}
	top := &excelize.Alignment{Vertical: "top"}
	wrapTop := &excelize.Alignment{Vertical: "top", WrapText: true}
	thin := []excelize.Border{
		{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1},
		{Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1},
	}
	solid := func(c string) excelize.Fill { return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}} }
	defs := []struct {
		id *int
		s  *excelize.Style
	}{
		{&b.st.title, &excelize.Style{Font: font(true, 14, ""), Alignment: top}},
		{&b.st.header, &excelize.Style{Font: font(true, xlsxFontSize, "FFFFFF"), Fill: solid(xlFillHeader), Border: thin,
			Alignment: &excelize.Alignment{Vertical: "center", Horizontal: "center", WrapText: true}}},
		{&b.st.label, &excelize.Style{Font: font(true, xlsxFontSize, ""), Fill: solid(xlFillLabel), Border: thin, Alignment: wrapTop}},
		{&b.st.plain, &excelize.Style{Font: font(false, xlsxFontSize, ""), Border: thin, Alignment: top}},
		{&b.st.wrap, &excelize.Style{Font: font(false, xlsxFontSize, ""), Border: thin, Alignment: wrapTop}},
		{&b.st.number, &excelize.Style{Font: font(false, xlsxFontSize, ""), Border: thin, NumFmt: 1,
			Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "right"}}},
		{&b.st.flag, &excelize.Style{Font: font(true, xlsxFontSize, "9C0006"), Fill: solid(xlFillFlag), Border: thin, Alignment: wrapTop}},
		{&b.st.input, &excelize.Style{Font: font(false, xlsxFontSize, ""), Fill: solid(xlFillInput), Border: thin, Alignment: wrapTop,
			Protection: &excelize.Protection{Locked: false}}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(d.s)
		if err != nil {
			return nil, err
		}
		*d.id = id
	}
	b.st.status = map[string]int{}
	for status, c := range xlStatusFills {
		id, err := f.NewStyle(&excelize.Style{Font: font(true, xlsxFontSize, ""), Fill: solid(c), Border: thin,
			Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}})
		if err != nil {
			return nil, err
		}
		b.st.status[status] = id
	}
	return b, nil
}

// xlStatusFills colours each determination.
var xlStatusFills = map[string]string{
	"met": xlFillMet, "not_met": xlFillNotMet, "not_applicable": xlFillNA, "not_assessed": xlFillNotAssessed,
}

// cell is a cell reference such as B7.
func xlCell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// colName is a column letter such as B.
func xlCol(col int) string {
	c, _ := excelize.ColumnNumberToName(col)
	return c
}

// str writes s as a string cell. Evidence text always goes through
// here: a string cell never executes, whatever it starts with (=, +, -,
// @, tab or CR), because excelize writes it as a shared string with no
// formula element. Characters XML cannot carry are replaced.
func (b *xlsxBook) str(sheet string, col, row int, s string, style int) error {
	ref := xlCell(col, row)
	if err := b.f.SetCellStr(sheet, ref, xlClean(s)); err != nil {
		return err
	}
	if w := b.widths[sheet]; col-1 < len(w) && s != "" {
		// Column widths are in characters; allow for the cell padding.
		if n := gapLines(s, max(1, int(w[col-1])-1)); n > 1 {
			if b.lines[sheet] == nil {
				b.lines[sheet] = map[int]int{}
			}
			b.lines[sheet][row] = max(b.lines[sheet][row], n)
		}
	}
	return b.f.SetCellStyle(sheet, ref, ref, style)
}

// fitRows sets the height of every row that holds wrapped text from the
// number of lines its longest cell takes (12.5 points a line, up to the
// 409-point maximum).
func (b *xlsxBook) fitRows() error {
	for sheet, rows := range b.lines {
		for row, n := range rows {
			if err := b.f.SetRowHeight(sheet, row, min(float64(n)*12.5+3, 409)); err != nil {
				return err
			}
		}
	}
	return nil
}

// num writes an integer cell.
func (b *xlsxBook) num(sheet string, col, row, n int, style int) error {
	ref := xlCell(col, row)
	if err := b.f.SetCellInt(sheet, ref, int64(n)); err != nil {
		return err
	}
	return b.f.SetCellStyle(sheet, ref, ref, style)
}

// cleanXML drops control characters that XML 1.0 cannot hold (other
// than tab, LF and CR) and invalid UTF-8.
func xlClean(s string) string {
	ok := utf8.ValidString(s)
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == utf8.RuneError || r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
}

// sheetRef quotes a sheet name for a formula or defined name.
func xlSheetRef(sheet string) string { return "'" + strings.ReplaceAll(sheet, "'", "''") + "'" }

// table sets up a list sheet: widths, a frozen header row, an
// autofilter over the header and rows, and repeated header rows when
// printed.
func (b *xlsxBook) table(sheet string, headers []string, widths []float64, rows int) error {
	for i, h := range headers {
		if err := b.str(sheet, i+1, 1, h, b.st.header); err != nil {
			return err
		}
	}
	if err := b.setWidths(sheet, widths[:len(headers)]); err != nil {
		return err
	}
	if err := b.f.SetRowHeight(sheet, 1, 30); err != nil {
		return err
	}
	if err := b.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, XSplit: 0, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	last := max(rows+1, 2)
	if err := b.f.AutoFilter(sheet, "A1:"+xlCell(len(headers), last), nil); err != nil {
		return err
	}
	return b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet, RefersTo: xlSheetRef(sheet) + "!$1:$1"})
}

// statusFormat adds conditional fills over a status column so that the
// colour follows the value when someone edits it.
func (b *xlsxBook) statusFormat(sheet, rangeRef string, labelOf func(string) string) error {
	var opts []excelize.ConditionalFormatOptions
	for _, s := range []string{"met", "not_met", "not_applicable", "not_assessed"} {
		id, err := b.f.NewConditionalStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{xlStatusFills[s]}}})
		if err != nil {
			return err
		}
		opts = append(opts, excelize.ConditionalFormatOptions{Type: "cell", Criteria: "==", Format: &id,
			Value: `"` + strings.ReplaceAll(labelOf(s), `"`, `""`) + `"`})
	}
	return b.f.SetConditionalFormat(sheet, rangeRef, opts)
}

// printSetup prints sheet on A4 landscape, fitted to the page width,
// with the organisation, the handling marking and page numbers in the
// header and footer.
//
// page is the footer's page number field, such as "Page &P of &N".
func (b *xlsxBook) printSetup(sheet, org, marking, title, page string) error {
	size, orient, one, zero := xlPaperA4, "landscape", 1, 0
	if err := b.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	fit := true
	if err := b.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	m, h := 0.5, 0.3
	if err := b.f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &m, Right: &m, Top: &m, Bottom: &m, Header: &h, Footer: &h}); err != nil {
		return err
	}
	hf := func(s string, n int) string {
		if utf8.RuneCountInString(s) > n {
			s = string([]rune(s)[:n]) + "…"
		}
		return strings.ReplaceAll(xlClean(s), "&", "&&")
	}
	return b.f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: "&L" + hf(org, 60) + "&C&B" + hf(marking, 20) + "&R" + hf(title, 40),
		OddFooter: "&L" + hf(marking, 20) + "&C" + page + "&R&D",
	})
}

// setWidths sets column widths from A.
func (b *xlsxBook) setWidths(sheet string, widths []float64) error {
	if b.widths == nil {
		b.widths, b.lines = map[string][]float64{}, map[string]map[int]int{}
	}
	b.widths[sheet] = widths
	for i, w := range widths {
		if err := b.f.SetColWidth(sheet, xlCol(i+1), xlCol(i+1), w); err != nil {
			return err
		}
	}
	return nil
}

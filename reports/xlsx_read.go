package reports

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html/charset"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// Reading a workbook back: the self-assessment, the site checklist and
// the supply-chain declaration are read through xlRead alone.
//
// Before excelize sees the bytes, archive/zip and encoding/xml check the
// package (xlCheckPackage):
//   - the file: at most MaxWorkbookBytes, not an encrypted or legacy
//     .xls file, a zip archive;
//   - its parts: at most xlMaxParts, no two whose names differ only in
//     case or in \ for / (the package format forbids them, and excelize
//     reads some of them, such as the shared strings, as one part: the
//     last);
//   - declared sizes: a part at most xlMaxPartBytes, all of them at
//     most xlMaxUnzipBytes, and a part over xlRatioFrom at most
//     xlMaxRatio times its compressed size (no zip bomb);
//   - every part inflates to its declared size and matches its checksum:
//     excelize reads a damaged part as far as it inflates, so a sheet
//     cut short would lose its last rows without an error;
//   - the XML of every part, as excelize reads it (xlPartXML): at most
//     xlMaxDepth elements deep; well-formed to the end where there are
//     rows, as excelize stops reading a sheet's rows at its first XML
//     error, also without an error; and rows and cells where Excel and
//     LibreOffice read them, as excelize reads rows and cells wherever
//     they are.
//
// Then excelize opens the workbook once, with raw cell values (a cell's
// stored value: a date is its serial day number, a boolean 1 or 0, no
// number format is applied and no formula is evaluated), and each
// reader reads only the sheets it needs, row by row, within bounds
// (rows per sheet, xlMaxCols columns).

// Limits on a workbook that is read back.
const (
	// MaxWorkbookBytes bounds the xlsx file itself.
	MaxWorkbookBytes = 20 << 20
	// xlMaxUnzipBytes bounds the parts' declared uncompressed sizes, all
	// together.
	xlMaxUnzipBytes = 64 << 20
	// xlMaxPartBytes bounds one part's declared uncompressed size.
	xlMaxPartBytes = 32 << 20
	// xlMaxParts bounds the parts of the package.
	xlMaxParts = 1000
	// xlMaxRatio bounds how many times over a part larger than
	// xlRatioFrom may expand. A workbook's XML deflates 2 to 11 times
	// (mamori's workbooks, and as Excel and LibreOffice save them).
	xlMaxRatio  = 100
	xlRatioFrom = 1 << 20
	// xlMaxDepth bounds how deep the elements of an XML part nest (a
	// worksheet's deepest text, a rich text run's, is seven deep).
	xlMaxDepth = 256
	// xlMaxCols bounds the columns of a row read back: every row read is
	// as long as its last value, so one value per row in column XFD
	// (16,384) of an 80 KB workbook would have the reader allocate
	// gigabytes.
	xlMaxCols = 256
)

// xlFail builds the error for a workbook: field is sheet!cell, a sheet,
// or empty for the file.
type xlFail func(field, format string, args ...any) error

// xlSheets are the sheets read from a workbook, as raw cell values: a
// sheet's rows, each up to its last value.
type xlSheets struct {
	rows map[string][][]string
	// date1904 is the workbook's date system: days counted from 1904
	// (Excel for Mac before 2011) rather than 1900.
	date1904 bool
}

// value is the raw value at a column and row (1-based) of a sheet read.
func (s *xlSheets) value(sheet string, col, row int) string {
	rows := s.rows[sheet]
	if row > len(rows) || col > len(rows[row-1]) {
		return ""
	}
	return rows[row-1][col-1]
}

// serialDate reads a cell's raw value as a date that Excel stores: a
// serial day number in the workbook's date system, from 1 up to
// 9999-12-31 (a time of day is dropped, as a yyyy-mm-dd format shows
// it). ok is false for anything else, such as text.
func (s *xlSheets) serialDate(v string) (d evidence.Date, ok bool) {
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || x < 1 || x >= 2958466 {
		return d, false
	}
	t, err := excelize.ExcelDateToTime(math.Floor(x), s.date1904)
	if err != nil {
		return d, false
	}
	return evidence.Date{Time: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}, true
}

// xlRead reads the named sheets of a workbook, each within maxRows
// rows (more is an error naming the sheet, with hint after it), after
// the checks above. missing words the error for a sheet that is not
// there.
func xlRead(r io.ReaderAt, size int64, names []string, maxRows int, hint string, fail xlFail,
	missing func(sheet string) error) (*xlSheets, error) {
	if err := xlCheckPackage(r, size, fail); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{
		RawCellValue: true, UnzipSizeLimit: xlMaxUnzipBytes, UnzipXMLSizeLimit: xlMaxPartBytes,
	})
	if err != nil {
		return nil, fail("", "cannot read the workbook: %v", err)
	}
	defer f.Close()
	// excelize finds a sheet by its name in any case, and of two whose
	// names differ only in case, either one (Excel allows no such pair).
	list := f.GetSheetList()
	seen := make(map[string]string, len(list))
	for _, s := range list {
		k := xlFold(s)
		if first, dup := seen[k]; dup {
			return nil, fail(s, "the workbook has two sheets named %q and %q: sheet names must differ other than in case", first, s)
		}
		seen[k] = s
	}
	out := &xlSheets{rows: make(map[string][][]string, len(names))}
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		out.date1904 = *p.Date1904
	}
	for _, s := range names {
		if _, found := seen[xlFold(s)]; !found {
			return nil, missing(s)
		}
		rows, err := xlReadRows(f, s, maxRows)
		var tooMany *tooManyRowsError
		switch {
		case errors.As(err, &tooMany) && hint != "":
			return nil, fail(s, "%v: %s", err, hint)
		case err != nil:
			return nil, fail(s, "%v", err)
		}
		out.rows[s] = rows
	}
	return out, nil
}

// xlCheckPackage checks a workbook's package before excelize reads it
// (see above).
func xlCheckPackage(r io.ReaderAt, size int64, fail xlFail) error {
	if size > MaxWorkbookBytes {
		return fail("", "file is %d bytes, over the %d-byte limit", size, MaxWorkbookBytes)
	}
	var magic [8]byte
	if n, _ := r.ReadAt(magic[:], 0); n == 8 && bytes.Equal(magic[:], []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
		return fail("", "the workbook is password-protected (encrypted) or an old .xls file: remove the password and save it as .xlsx")
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return fail("", "not an xlsx workbook (not a zip archive): %v", err)
	}
	if len(zr.File) > xlMaxParts {
		return fail("", "the workbook has %d parts, over the limit of %d", len(zr.File), xlMaxParts)
	}
	names := make(map[string]string, len(zr.File))
	var total uint64
	for _, zf := range zr.File {
		k := xlFold(strings.ReplaceAll(zf.Name, `\`, "/"))
		if first, dup := names[k]; dup {
			return fail("", "the workbook has two parts named %s and %s, which name one part: refusing an ambiguous workbook (open it and save it again)", first, zf.Name)
		}
		names[k] = zf.Name
		total += zf.UncompressedSize64
		if zf.UncompressedSize64 > xlMaxPartBytes || total > xlMaxUnzipBytes {
			return fail("", "the workbook expands to more than %d bytes (%s declares %d): refusing a possible zip bomb",
				xlMaxUnzipBytes, zf.Name, zf.UncompressedSize64)
		}
		if zf.UncompressedSize64 > xlRatioFrom && zf.UncompressedSize64 > xlMaxRatio*zf.CompressedSize64 {
			return fail("", "the workbook's part %s expands from %d to %d bytes, more than %d times over: refusing a possible zip bomb",
				zf.Name, zf.CompressedSize64, zf.UncompressedSize64, xlMaxRatio)
		}
	}
	for _, zf := range zr.File {
		err := xlCheckPart(zf)
		var layout *xlLayoutError
		switch {
		case errors.As(err, &layout):
			return fail("", "the workbook's part %s holds rows or cells where spreadsheet applications do not show them (%v): open it and save it again", zf.Name, err)
		case err != nil:
			return fail("", "the workbook is damaged: its part %s cannot be read (%v): open it and save it again", zf.Name, err)
		}
	}
	return nil
}

// xlCheckPart inflates a part whole: it must inflate to its declared
// size and match its checksum (archive/zip checks both at its end). Its
// XML is read as excelize reads it, with encoding/xml, and must be as
// xlPartXML requires.
func xlCheckPart(zf *zip.File) error {
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	pr := &xlPartReader{r: rc}
	br := bufio.NewReaderSize(pr, 32<<10)
	err = xlPartXML(br)
	if pr.err != nil {
		return pr.err // the part's, not its XML's
	}
	if err != nil {
		return err
	}
	// The rest, when the XML was not read to its end, and the checksum.
	_, err = io.Copy(io.Discard, br)
	return err
}

// xlSheetNS are the namespaces of a worksheet's elements: transitional
// and strict SpreadsheetML.
var xlSheetNS = map[string]bool{
	"http://schemas.openxmlformats.org/spreadsheetml/2006/main": true,
	"http://purl.oclc.org/ooxml/spreadsheetml/main":             true,
}

// xlLayoutError is a part whose rows or cells excelize would read
// otherwise than spreadsheet applications show them.
type xlLayoutError struct {
	line int
	what string
}

func (e *xlLayoutError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.what) }

// xlPartXML reads a part's XML as excelize reads a sheet's rows: with
// encoding/xml, finding row and cell elements by their local names
// wherever they are. Elements may nest at most xlMaxDepth deep. A part
// with a row element must be well-formed to its end: excelize stops
// reading rows at the first error, without an error. And a part with
// a cell after a row, from which excelize would read cells, must hold
// its rows and cells where Excel and LibreOffice read them: rows in the
// one sheetData, cells in rows, everything in sheetData in the
// SpreadsheetML namespace, no r, s or t attribute in another namespace
// beside a row's or a cell's own, rows in ascending order and each
// cell in its row, after the cell before it. LibreOffice shows nothing
// of a row after sheetData, of a cell outside a row, or of a cell's
// q:r, where excelize reads a row, a cell and a column; a cell whose
// reference names another row it shows there or not at all, where
// excelize reads it in its row; the cells of a second row of one number
// it shows in a row of their own, where excelize reads them after the
// first row's.
//
// Parts that excelize reads whole (the workbook, its styles and shared
// strings) it refuses itself when they are not well-formed; parts that
// are not XML (images) or that hold no rows (drawings, whose anchors
// have rows but no cells) do not change what is read.
func xlPartXML(r io.Reader) error {
	d := xml.NewDecoder(r)
	d.CharsetReader = charset.NewReaderLabel
	var (
		open        []xml.Name
		rows, cells bool // a row element; a cell element after it
		inData      int  // open sheetData elements
		datas       int
		row, col    int // the row read and its last cell's column
		layout      error
	)
	misplaced := func(format string, args ...any) {
		if layout == nil {
			line, _ := d.InputPos()
			layout = &xlLayoutError{line, fmt.Sprintf(format, args...)}
		}
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if rows {
				return err
			}
			return nil // not XML, or no rows: excelize reads none from it
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(open) >= xlMaxDepth {
				return fmt.Errorf("XML elements nested more than %d deep", xlMaxDepth)
			}
			var parent xml.Name
			if len(open) > 0 {
				parent = open[len(open)-1]
			}
			in := xlSheetNS[t.Name.Space]
			switch t.Name.Local {
			case "sheetData":
				if datas++; datas > 1 {
					misplaced("a second sheetData")
				}
			case "row":
				rows = true
				if !in || parent.Local != "sheetData" || !xlSheetNS[parent.Space] {
					misplaced("a row outside sheetData")
				}
				n := row + 1
				col = 0
				if r, ok := xlAttr(t, "r"); ok {
					var err error
					if n, err = strconv.Atoi(r); err != nil || n <= row || n > excelize.TotalRows {
						misplaced("row %q after row %d: rows must be numbered in ascending order", r, row)
					}
				}
				row = n
			case "c":
				cells = cells || rows
				if !in || parent.Local != "row" || !xlSheetNS[parent.Space] {
					misplaced("a cell outside a row")
				}
				c := col + 1
				if r, ok := xlAttr(t, "r"); ok {
					var rr int
					var err error
					switch c, rr, err = excelize.CellNameToCoordinates(r); {
					case err != nil:
						misplaced("a cell %q: %v", r, err)
					case rr != row:
						misplaced("a cell %s in row %d", r, row)
					case c <= col:
						misplaced("a cell %s after column %s: cells must be in ascending order", r, xlCol(col))
					}
				}
				col = c
			}
			if inData > 0 && !in {
				misplaced("an element %s:%s in sheetData, outside the SpreadsheetML namespace", t.Name.Space, t.Name.Local)
			}
			if t.Name.Local == "row" || t.Name.Local == "c" {
				for _, a := range t.Attr {
					if a.Name.Space != "" && a.Name.Space != "xmlns" && (a.Name.Local == "r" || t.Name.Local == "c" && (a.Name.Local == "s" || a.Name.Local == "t")) {
						misplaced("an attribute %s:%s beside the %s's own %s", a.Name.Space, a.Name.Local, map[string]string{"row": "row", "c": "cell"}[t.Name.Local], a.Name.Local)
					}
				}
			}
			if t.Name.Local == "sheetData" && in {
				inData++
			}
			open = append(open, t.Name)
		case xml.EndElement:
			open = open[:len(open)-1]
			if t.Name.Local == "sheetData" && xlSheetNS[t.Name.Space] {
				inData--
			}
		}
	}
	if cells {
		return layout
	}
	return nil
}

// xlAttr is an element's attribute of that name in no namespace.
func xlAttr(e xml.StartElement, name string) (string, bool) {
	for _, a := range e.Attr {
		if a.Name.Space == "" && a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

// xlPartReader reads an inflating part, keeping its error (other than
// the end) apart from the XML's.
type xlPartReader struct {
	r   io.Reader
	err error
}

func (p *xlPartReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if err != nil && err != io.EOF {
		p.err = err
	}
	return n, err
}

// xlFold maps a name to a key that is the same for the names
// strings.EqualFold takes for equal: each letter becomes the least of
// the letters that fold to it.
func xlFold(s string) string {
	return strings.Map(func(r rune) rune {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		return least
	}, s)
}

// tooManyColumnsError is xlReadRows's error for a value beyond the
// column limit.
type tooManyColumnsError struct{ row, max int }

func (e *tooManyColumnsError) Error() string {
	return fmt.Sprintf("row %d has a value beyond column %s (the %dth): values must stay in the template's columns", e.row, xlCol(e.max), e.max)
}

// tooManyRowsError is xlReadRows's error for a sheet over its row limit.
type tooManyRowsError struct{ max int }

func (e *tooManyRowsError) Error() string { return fmt.Sprintf("more than %d rows", e.max) }

// xlReadRows reads a sheet's raw cell values, at most max rows of at
// most xlMaxCols values: a row for every row up to the last row element,
// each up to its last value. A formula cell gives its cached value.
func xlReadRows(f *excelize.File, sheet string, max int) ([][]string, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		if len(out) >= max {
			return nil, &tooManyRowsError{max}
		}
		cols, err := rows.Columns()
		if err != nil {
			return nil, err
		}
		if len(cols) > xlMaxCols {
			return nil, &tooManyColumnsError{len(out) + 1, xlMaxCols}
		}
		out = append(out, cols)
	}
	return out, rows.Error()
}

// xlMeta reads a hidden key/value sheet (key in column A, value in B)
// and returns the values and a function naming the cell that holds a
// key's value (the sheet alone when the key is missing).
func xlMeta(rows [][]string, sheet string) (map[string]string, func(key string) string) {
	meta, at := map[string]string{}, map[string]int{}
	for i, row := range rows {
		if len(row) >= 2 {
			meta[row[0]], at[row[0]] = row[1], i+1
		}
	}
	return meta, func(k string) string {
		if r, ok := at[k]; ok {
			return sheet + "!" + xlCell(2, r)
		}
		return sheet
	}
}

package reports

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// Limits on a workbook that is read back.
const (
	// MaxWorkbookBytes bounds the xlsx file itself.
	MaxWorkbookBytes = 20 << 20
	// maxUnzipBytes bounds the total declared uncompressed size.
	saMaxUnzipBytes = 64 << 20
	// maxUnzipXMLBytes bounds one worksheet's XML.
	saMaxUnzipXMLBytes = 32 << 20
	saMaxZipEntries    = 1000
)

// xlOpenWorkbook opens a workbook that is read back, within bounds: the
// file's size, no encrypted or legacy .xls file, a zip archive with a
// bounded number of parts and a bounded declared uncompressed size (no
// zip bomb). fail builds the error for the file.
func xlOpenWorkbook(r io.ReaderAt, size int64, fail func(field, format string, args ...any) error) (*excelize.File, error) {
	zr, err := xlOpenZip(r, size, fail)
	if err != nil {
		return nil, err
	}
	return xlOpenChecked(zr, r, size, fail)
}

// xlOpenZip checks a workbook's bounds (see xlOpenWorkbook) and opens
// it as a zip archive.
func xlOpenZip(r io.ReaderAt, size int64, fail func(field, format string, args ...any) error) (*zip.Reader, error) {
	if size > MaxWorkbookBytes {
		return nil, fail("", "file is %d bytes, over the %d-byte limit", size, MaxWorkbookBytes)
	}
	var magic [8]byte
	if n, _ := r.ReadAt(magic[:], 0); n == 8 && bytes.Equal(magic[:], []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
		return nil, fail("", "the workbook is password-protected (encrypted) or an old .xls file: remove the password and save it as .xlsx")
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fail("", "not an xlsx workbook (not a zip archive): %v", err)
	}
	if len(zr.File) > saMaxZipEntries {
		return nil, fail("", "the workbook has %d parts, over the limit of %d", len(zr.File), saMaxZipEntries)
	}
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if zf.UncompressedSize64 > saMaxUnzipXMLBytes || total > saMaxUnzipBytes {
			return nil, fail("", "the workbook expands to more than %d bytes (%s declares %d): refusing a possible zip bomb",
				saMaxUnzipBytes, zf.Name, zf.UncompressedSize64)
		}
	}
	return zr, nil
}

// xlOpenChecked opens, with excelize, a workbook whose bounds
// xlOpenZip has checked (zr is its archive), after checking that no
// part is damaged.
func xlOpenChecked(zr *zip.Reader, r io.ReaderAt, size int64, fail func(field, format string, args ...any) error) (*excelize.File, error) {
	if name, err := xlCheckParts(zr, nil); err != nil {
		return nil, fail("", "the workbook is damaged: its part %s cannot be read (%v): open it and save it again", name, err)
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{
		UnzipSizeLimit: saMaxUnzipBytes, UnzipXMLSizeLimit: saMaxUnzipXMLBytes,
	})
	if err != nil {
		return nil, fail("", "cannot read the workbook: %v", err)
	}
	return f, nil
}

// xlCheckParts inflates every part of a workbook but those in done
// (parts already inflated whole): each must inflate to its declared size
// and match its checksum, or its name and the error are returned.
// excelize reads a damaged part as far as it inflates, without an error,
// so that a sheet cut short would lose its last rows.
func xlCheckParts(zr *zip.Reader, done map[string]bool) (string, error) {
	for _, zf := range zr.File {
		if done[zf.Name] {
			continue
		}
		rc, err := zf.Open()
		if err == nil {
			_, err = io.Copy(io.Discard, rc)
			rc.Close()
		}
		if err != nil {
			return zf.Name, err
		}
	}
	return "", nil
}

// xlMaxCols bounds the columns of a row read back: every row read is as
// long as its last value, so one value per row in column XFD (16,384)
// of an 80 KB workbook would have the reader allocate gigabytes.
const xlMaxCols = 256

// tooManyColumnsError is xlReadRows's error for a value beyond the
// column limit.
type tooManyColumnsError struct{ row, max int }

func (e *tooManyColumnsError) Error() string {
	return fmt.Sprintf("row %d has a value beyond column %s (the %dth): values must stay in the template's columns", e.row, xlCol(e.max), e.max)
}

// tooManyRowsError is xlReadRows's error for a sheet over its row limit.
type tooManyRowsError struct{ max int }

func (e *tooManyRowsError) Error() string { return fmt.Sprintf("more than %d rows", e.max) }

// xlReadRows reads a sheet's cells as text, at most max rows. With raw,
// values come without their number formats (a date as its serial
// number). No formula is evaluated: a formula cell gives its cached
// value.
func xlReadRows(f *excelize.File, sheet string, max int, raw bool) ([][]string, error) {
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
		cols, err := rows.Columns(excelize.Options{RawCellValue: raw})
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

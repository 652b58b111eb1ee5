package reports

import (
	"archive/zip"
	"bytes"
	"fmt"
	"sync"
)

// FastSheets reads every named sheet with xlFastSheets; ok is false when
// it declines.
func FastSheets(data []byte, names []string) (sheets map[string][][]string, ok bool) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, false
	}
	return xlFastSheets(zr, names, saMaxSheetRows)
}

// ExcelizeSheets reads every sheet of a workbook as the readers did
// before xlFastSheets, through excelize, and returns the sheets' names
// (also when a sheet cannot be read).
func ExcelizeSheets(data []byte) (map[string][][]string, []string, error) {
	fail := func(_, format string, args ...any) error { return fmt.Errorf(format, args...) }
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, err
	}
	f, err := xlOpenChecked(zr, bytes.NewReader(data), int64(len(data)), fail)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	out := map[string][][]string{}
	names := f.GetSheetList()
	for _, s := range names {
		if out[s], err = saReadRows(f, s); err != nil {
			return nil, names, err
		}
	}
	return out, names, nil
}

// TextOK is xfTextOK.
var TextOK = xfTextOK

// ResetCaches forgets what the readers keep between reads (the fact
// fields and the layouts), as in a process that has read no workbook.
func ResetCaches() {
	saFactFields = sync.OnceValue(saListFactFields)
	for i := range saLayouts {
		saLayouts[i].Store(nil)
	}
}

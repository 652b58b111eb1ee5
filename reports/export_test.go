package reports

import (
	"bytes"
	"fmt"
	"sync"
)

// ReadSheets reads the named sheets of a workbook as the workbook readers
// read them: the package checked, then excelize with raw cell values.
func ReadSheets(data []byte, names []string) (map[string][][]string, error) {
	fail := func(field, format string, args ...any) error { return fmt.Errorf(field+": "+format, args...) }
	wb, err := xlRead(bytes.NewReader(data), int64(len(data)), names, saMaxSheetRows, "", fail,
		func(s string) error { return fmt.Errorf("no sheet %s", s) })
	if err != nil {
		return nil, err
	}
	return wb.rows, nil
}

// ResetCaches forgets what the readers keep between reads (the fact
// fields and the layouts), as in a process that has read no workbook.
func ResetCaches() {
	saFactFields = sync.OnceValue(saListFactFields)
	for i := range saLayouts {
		saLayouts[i].Store(nil)
	}
}

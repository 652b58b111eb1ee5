package reports

import (
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
)

// Table lays text out in columns for a terminal, as text/tabwriter does,
// but by display width: a Japanese character takes two cells, so
// Japanese headers and values line up with the rest.
type Table struct {
	rows  [][]string
	right map[int]bool
	// Gap is the space between columns; default 2.
	Gap int
}

// NewTable returns a table whose first row is header.
func NewTable(header ...string) *Table {
	t := &Table{right: map[int]bool{}, Gap: 2}
	if len(header) > 0 {
		t.Row(header...)
	}
	return t
}

// AlignRight aligns the given columns (from 0) to the right, as numbers.
func (t *Table) AlignRight(cols ...int) *Table {
	for _, c := range cols {
		t.right[c] = true
	}
	return t
}

// Row adds a row.
func (t *Table) Row(cells ...string) { t.rows = append(t.rows, cells) }

// Len is the number of rows, the header included.
func (t *Table) Len() int { return len(t.rows) }

// WriteTo writes the table, each line without trailing spaces.
func (t *Table) WriteTo(w io.Writer) (int64, error) {
	var widths []int
	for _, r := range t.rows {
		for i, c := range r {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], runewidth.StringWidth(c))
		}
	}
	var b strings.Builder
	gap := strings.Repeat(" ", t.Gap)
	for _, r := range t.rows {
		var line strings.Builder
		for i, c := range r {
			if i > 0 {
				line.WriteString(gap)
			}
			switch {
			case t.right[i]:
				line.WriteString(runewidth.FillLeft(c, widths[i]))
			case i < len(r)-1:
				line.WriteString(runewidth.FillRight(c, widths[i]))
			default:
				line.WriteString(c)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

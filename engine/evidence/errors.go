package evidence

import (
	"fmt"
	"strings"
)

// InputError is a problem with a user's file: it names the file, the
// line (or, in a file without lines that matter, such as an XML element
// or a JSON item, the place) and the field, and says what was expected.
// The importers of machine exports (engine/collect) report their errors
// with it too.
type InputError struct {
	File string
	// Line is 1-based; 0 when the place is an element or a JSON path.
	Line int
	// Place is an element path or a JSON path, when there is no line.
	Place string
	Field string
	Msg   string
}

func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Place != "" {
		fmt.Fprintf(&b, ": %s", e.Place)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, ": %s", e.Field)
	}
	fmt.Fprintf(&b, ": %s", e.Msg)
	return b.String()
}

// InputErrors is a list of input problems, reported together.
type InputErrors []*InputError

func (es InputErrors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Position is a place in an evidence file.
type Position struct {
	File string
	Line int
}

func (p Position) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

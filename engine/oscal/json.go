package oscal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
)

// otherModels are the root keys of OSCAL documents that are not
// catalogs, named in errors to help the user.
var otherModels = []string{
	"profile", "component-definition", "system-security-plan",
	"assessment-plan", "assessment-results", "plan-of-action-and-milestones",
	"mapping-collection",
}

// readJSON reads an OSCAL catalog in JSON.
func readJSON(data []byte) (*catalog, error) {
	if err := checkJSONDepth(data); err != nil {
		return nil, err
	}
	var doc document
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, jsonError(data, err)
	}
	if doc.Catalog == nil {
		var root map[string]json.RawMessage
		_ = json.Unmarshal(data, &root) // already known to be valid JSON
		return nil, notCatalog(slices.Sorted(maps.Keys(root)), `"catalog" object`)
	}
	return doc.Catalog, nil
}

// notCatalog explains that a document is not a catalog. found lists its
// root keys (JSON) or root element (XML); when one is another OSCAL model
// the error names it.
func notCatalog(found []string, expected string) error {
	for _, k := range found {
		if slices.Contains(otherModels, k) {
			return fmt.Errorf("not an OSCAL catalog: found an OSCAL %s, expected %s", k, expected)
		}
	}
	return fmt.Errorf("not an OSCAL catalog: missing %s", expected)
}

// jsonError turns an encoding/json error into one that gives the line
// and column and says what was expected.
func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := lineCol(data, syn.Offset)
		return fmt.Errorf("invalid JSON at line %d, column %d: %v", line, col, syn)
	case errors.As(err, &typ):
		line, col := lineCol(data, typ.Offset)
		field := typ.Field
		if field == "" {
			field = "value"
		}
		return fmt.Errorf("invalid OSCAL catalog at line %d, column %d: %s must be %s, found %s",
			line, col, field, jsonKind(typ.Type.Kind().String()), typ.Value)
	}
	return fmt.Errorf("invalid JSON: %v", err)
}

// jsonKind names a Go kind the way a JSON user thinks of it.
func jsonKind(k string) string {
	switch k {
	case "struct", "map":
		return "an object"
	case "slice", "array":
		return "an array"
	case "string":
		return "a string"
	}
	return "a " + k
}

// lineCol converts a byte offset into a 1-based line and column.
func lineCol(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

// checkJSONDepth rejects JSON nested deeper than MaxDepth before it is
// decoded. It does not validate the syntax; the decoder does that.
func checkJSONDepth(data []byte) error {
	depth := 0
	inString, escaped := false, false
	for i, b := range data {
		if inString {
			switch {
			case escaped:
				escaped = false
			case b == '\\':
				escaped = true
			case b == '"':
				inString = false
			}
			continue
		}
		switch b {
		case '"':
			inString = true
		case '{', '[':
			depth++
			if depth > MaxDepth {
				line, col := lineCol(data, int64(i))
				return fmt.Errorf("JSON nested deeper than %d levels at line %d, column %d", MaxDepth, line, col)
			}
		case '}', ']':
			depth--
		}
	}
	return nil
}

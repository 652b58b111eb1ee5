package evidence

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Decode decodes one document (YAML or JSON, by FormatOf) into v,
// strictly: unknown fields, duplicate keys, deep nesting, a second
// document and values of the wrong type are InputErrors naming the file,
// line and field. Catalogues, parameters and checklists are read with
// it; the caller bounds the size of what it reads (ReadFile).
func Decode(file string, data []byte, v any) error {
	if FormatOf(file, data) == FormatJSON {
		return decodeJSON(file, data, v, nil)
	}
	root, err := parseYAML(file, data)
	if err != nil {
		return err
	}
	return decodeYAML(file, root, v)
}

// DecodeDocument decodes a mamori document of the given kind (the value
// of its "mamori" key, such as "supply-chain/v1") into v, as Decode
// does. It returns the line of every mapping key and list item by dotted
// path ("contracts[0].parties[1].parent"), for checks made after
// decoding.
func DecodeDocument(file string, data []byte, kind string, v any) (map[string]int, error) {
	if err := checkSize(file, data); err != nil {
		return nil, err
	}
	wrongKind := func(got string, lines map[string]int) error {
		return &InputError{File: file, Line: lines["mamori"], Field: "mamori",
			Msg: fmt.Sprintf("expected %q to mark the document, got %q", kind, got)}
	}
	if FormatOf(file, data) == FormatJSON {
		lines := map[string]int{}
		if got := jsonTopString(data, "mamori"); got != kind {
			if err := decodeJSON(file, data, nil, lines); err != nil {
				return nil, err
			}
			return nil, wrongKind(got, lines)
		}
		if err := decodeJSON(file, data, v, lines); err != nil {
			return nil, err
		}
		return lines, nil
	}
	root, err := parseYAML(file, data)
	if err != nil {
		return nil, err
	}
	lines := linesOf(root)
	if got := topString(root, "mamori"); got != kind {
		return nil, wrongKind(got, lines)
	}
	if err := decodeYAML(file, root, v); err != nil {
		return nil, err
	}
	return lines, nil
}

// jsonTopString returns the value of a top-level string member of a JSON
// object, or "" (for a document that is not an object, or not JSON).
func jsonTopString(data []byte, key string) string {
	var head map[string]json.RawMessage
	if json.Unmarshal(bytes.TrimPrefix(data, utf8BOM), &head) != nil {
		return ""
	}
	var s string
	if json.Unmarshal(head[key], &s) != nil {
		return ""
	}
	return s
}

func checkSize(file string, data []byte) error {
	if len(data) > MaxInputBytes {
		return &InputError{File: file, Msg: fmt.Sprintf("file is %d bytes, over the %d-byte limit", len(data), MaxInputBytes)}
	}
	return nil
}

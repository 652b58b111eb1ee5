package engine

import "fmt"

// DecodeDocument decodes a mamori document of the given kind (the value
// of its "mamori" key, such as "supply-chain/v1") from YAML or JSON into
// v, strictly: unknown fields, duplicate keys, deep nesting and values
// of the wrong type are InputErrors naming the file, line and field. It
// returns the line of every mapping key and list item by dotted path
// ("contracts[0].parties[1].parent"), for checks made after decoding.
func DecodeDocument(file string, data []byte, kind string, v any) (map[string]int, error) {
	if len(data) > MaxInputBytes {
		return nil, &InputError{File: file, Msg: fmt.Sprintf("file is %d bytes, over the %d-byte limit", len(data), MaxInputBytes)}
	}
	root, err := parseTree(file, data)
	if err != nil {
		return nil, err
	}
	lines := linesOf(root)
	if got := topString(root, "mamori"); got != kind {
		return nil, &InputError{File: file, Line: lines["mamori"], Field: "mamori",
			Msg: fmt.Sprintf("expected %q to mark the document, got %q", kind, got)}
	}
	if err := decodeTree(file, root, v); err != nil {
		return nil, err
	}
	return lines, nil
}

package engine

// DecodeYAML decodes a YAML (or JSON) document into v strictly: unknown
// fields, duplicate keys and type mismatches are *InputError values
// naming file, line and field. Other mamori documents (registries,
// supply chains) use it so that their errors read like evidence errors.
func DecodeYAML(file string, data []byte, v any) error {
	if len(data) > MaxInputBytes {
		return &InputError{File: file, Msg: "over the input size limit"}
	}
	root, err := parseTree(file, data)
	if err != nil {
		return err
	}
	return decodeTree(file, root, v)
}

package evidence

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxDepth bounds nesting in user documents.
const maxDepth = 32

// maxMapping bounds the entries of a mapping, and maxKeyPairs the work of
// finding duplicate keys: yaml.v3 compares each key of a mapping with
// every other (n²/2 pairs for n entries), so that one mapping of 300,000
// entries would take it minutes. An evidence file holds a few hundred
// objectives; a supply chain's thousands of parties are list items.
const (
	maxMapping  = 5000
	maxKeyPairs = maxMapping * maxMapping / 2
)

// maxNamedFaults bounds the faults whose field is looked up by line,
// each a walk of the whole document.
const maxNamedFaults = 100

// parseYAML parses one YAML document into a node tree through yaml.v3,
// rejecting an empty file, a second document in the same file and deep
// nesting.
func parseYAML(file string, data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	root := &yaml.Node{}
	if err := dec.Decode(root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &InputError{File: file, Msg: "empty document"}
		}
		return nil, yamlError(file, err, nil)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, yamlError(file, err, nil)
	default:
		return nil, &InputError{File: file, Line: docStart(&next),
			Msg: "a second YAML document starts here: a file holds one document (put each in a file of its own)"}
	}
	if root.Kind == 0 || (root.Kind == yaml.DocumentNode && len(root.Content) == 0) {
		return nil, &InputError{File: file, Msg: "empty document"}
	}
	if n, d := deepest(root, 0); d > maxDepth {
		return nil, &InputError{File: file, Line: n.Line, Msg: fmt.Sprintf("nesting deeper than %d levels", maxDepth)}
	}
	if err := checkMappings(file, root); err != nil {
		return nil, err
	}
	return root, nil
}

// checkMappings refuses a mapping of more than maxMapping entries, or
// mappings whose keys together make more than maxKeyPairs pairs to
// compare, at the first mapping over the bound.
func checkMappings(file string, root *yaml.Node) error {
	pairs := 0
	var walk func(n *yaml.Node, path *fieldPath) error
	walk = func(n *yaml.Node, path *fieldPath) error {
		switch n.Kind {
		case yaml.MappingNode:
			k := len(n.Content) / 2
			if pairs += k * (k - 1) / 2; k > maxMapping || pairs > maxKeyPairs {
				return &InputError{File: file, Line: n.Line, Field: path.String(), Msg: fmt.Sprintf(
					"a mapping of %d entries: at most %d in one mapping, and fewer when several are large", k, maxMapping)}
			}
			for i := 0; i+1 < len(n.Content); i += 2 {
				if err := walk(n.Content[i+1], &fieldPath{parent: path, key: n.Content[i].Value, index: -1}); err != nil {
					return err
				}
			}
		default:
			for i, c := range n.Content {
				p := path
				if n.Kind == yaml.SequenceNode {
					p = &fieldPath{parent: path, index: i}
				}
				if err := walk(c, p); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return walk(root, nil)
}

// docStart is the line where a document's content starts (yaml.v3 gives
// a document node the line of its first node).
func docStart(n *yaml.Node) int {
	for n.Line == 0 && len(n.Content) > 0 {
		n = n.Content[0]
	}
	return n.Line
}

// decodeYAML decodes a parsed tree into v, rejecting unknown fields,
// duplicate keys and values of the wrong type with errors that name the
// line and the field.
func decodeYAML(file string, root *yaml.Node, v any) error {
	if errs := unknownFields(file, root, reflect.TypeOf(v), nil); len(errs) > 0 {
		return errs
	}
	if err := root.Decode(v); err != nil {
		return yamlError(file, err, root)
	}
	return nil
}

// topString returns the value of a top-level scalar key, or "".
func topString(root *yaml.Node, key string) string {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key && n.Content[i+1].Kind == yaml.ScalarNode {
			return n.Content[i+1].Value
		}
	}
	return ""
}

var (
	unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()
	dateType        = reflect.TypeFor[Date]()
)

// unknownFields reports mapping keys that the target type does not
// define, as a strict decoder would, naming each one's line.
func unknownFields(file string, n *yaml.Node, t reflect.Type, path *fieldPath) InputErrors {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == yaml.DocumentNode {
		var errs InputErrors
		for _, c := range n.Content {
			errs = append(errs, unknownFields(file, c, t, path)...)
		}
		return errs
	}
	if t == dateType || reflect.PointerTo(t).Implements(unmarshalerType) {
		return nil
	}
	var errs InputErrors
	switch {
	case n.Kind == yaml.MappingNode && t.Kind() == reflect.Struct:
		fields := structFields(t, "yaml")
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := &fieldPath{parent: path, key: k.Value, index: -1}
			ft, ok := fields[k.Value]
			if !ok {
				errs = append(errs, &InputError{File: file, Line: k.Line, Field: p.String(), Msg: fmt.Sprintf("unknown field %q", k.Value)})
				continue
			}
			errs = append(errs, unknownFields(file, v, ft, p)...)
		}
	case n.Kind == yaml.MappingNode && t.Kind() == reflect.Map:
		for i := 0; i+1 < len(n.Content); i += 2 {
			errs = append(errs, unknownFields(file, n.Content[i+1], t.Elem(), &fieldPath{parent: path, key: n.Content[i].Value, index: -1})...)
		}
	case n.Kind == yaml.SequenceNode && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array):
		for i, c := range n.Content {
			errs = append(errs, unknownFields(file, c, t.Elem(), &fieldPath{parent: path, index: i})...)
		}
	}
	return errs
}

// structFields maps a struct's document keys (from its tag, yaml or
// json) to their types. Fields tagged "-" and unexported fields have no
// key.
func structFields(t reflect.Type, tag string) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get(tag), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
			if tag == "json" {
				name = f.Name
			}
		}
		out[name] = f.Type
	}
	return out
}

// fieldPath is where a walk is in a document, written out (as
// "organization.sites[0].id") only for an error.
type fieldPath struct {
	parent *fieldPath
	key    string
	index  int // a list item's index; -1 for a mapping key
}

func (p *fieldPath) String() string {
	if p == nil {
		return ""
	}
	if p.index >= 0 {
		return p.parent.String() + "[" + strconv.Itoa(p.index) + "]"
	}
	return joinPath(p.parent.String(), p.key)
}

func deepest(n *yaml.Node, depth int) (*yaml.Node, int) {
	best, bd := n, depth
	for _, c := range n.Content {
		if m, d := deepest(c, depth+1); d > bd {
			best, bd = m, d
		}
	}
	return best, bd
}

var (
	lineRE    = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	columnRE  = regexp.MustCompile(`^column (\d+): (.*)$`)
	typeRE    = regexp.MustCompile("^cannot unmarshal !!(\\w+)(?: `(.*)`)? into (.+)$")
	unknownRE = regexp.MustCompile(`^field (\S+) not found in type \S+$`)
)

// yamlError rewrites a yaml.v3 error into InputErrors naming the field.
func yamlError(file string, err error, root *yaml.Node) error {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	var out InputErrors
	for _, m := range msgs {
		m = strings.TrimPrefix(m, "yaml: ")
		ie := &InputError{File: file, Msg: m}
		col := 0
		if sm := lineRE.FindStringSubmatch(m); sm != nil {
			ie.Line, _ = strconv.Atoi(sm[1])
			ie.Msg = sm[2]
			if cm := columnRE.FindStringSubmatch(ie.Msg); cm != nil {
				col, _ = strconv.Atoi(cm[1])
				ie.Msg = cm[2]
			}
		}
		if strings.HasPrefix(ie.Msg, "did not find expected") && ie.Line > 0 {
			// yaml.v3 reports parser errors at the 0-based line where
			// the unfinished construct starts.
			ie.Line++
		}
		if sm := typeRE.FindStringSubmatch(ie.Msg); sm != nil {
			ie.Msg = fmt.Sprintf("expected %s, got %s", goTypeName(sm[3]), yamlTag(sm[1]))
			if sm[2] != "" {
				ie.Msg += fmt.Sprintf(" %q", sm[2])
			}
		}
		if sm := unknownRE.FindStringSubmatch(ie.Msg); sm != nil {
			ie.Msg = fmt.Sprintf("unknown field %q", sm[1])
		}
		if root != nil && ie.Line > 0 && len(out) < maxNamedFaults {
			ie.Field = fieldAt(root, ie.Line, col)
		}
		out = append(out, ie)
	}
	return out
}

func goTypeName(t string) string {
	switch {
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"):
		return "an integer"
	case strings.HasPrefix(t, "float"):
		return "a number"
	case t == "bool":
		return "true or false"
	case t == "string":
		return "a string"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map["), strings.Contains(t, "."):
		return "a mapping"
	}
	return t
}

func yamlTag(t string) string {
	switch t {
	case "str":
		return "string"
	case "int":
		return "integer"
	case "seq":
		return "list"
	case "map":
		return "mapping"
	}
	return t
}

// walkPaths calls visit for every mapping entry (with its key node) and
// every sequence item (key nil), with the dotted path that names it:
// "objectives.3.1.1[a].status", "poam[0].requirements[1]".
func walkPaths(root *yaml.Node, visit func(path string, key, value *yaml.Node)) {
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, path)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				p := joinPath(path, n.Content[i].Value)
				visit(p, n.Content[i], n.Content[i+1])
				walk(n.Content[i+1], p)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				p := fmt.Sprintf("%s[%d]", path, i)
				visit(p, nil, c)
				walk(c, p)
			}
		}
	}
	walk(root, "")
}

// fieldAt finds the dotted path of the field at line: the mapping entry
// whose value starts at col when the column is known (several entries
// can share a line in flow style), else the deepest entry on the line,
// else the first list item on it.
func fieldAt(root *yaml.Node, line, col int) string {
	var exact, best, item string
	walkPaths(root, func(p string, k, v *yaml.Node) {
		switch {
		case k != nil && col > 0 && v.Line == line && v.Column == col:
			exact = p
		case k != nil && (k.Line == line || v.Line == line):
			best = p
		case k == nil && v.Line == line && v.Kind == yaml.ScalarNode && item == "":
			item = p
		}
	})
	switch {
	case exact != "":
		return exact
	case best != "":
		return best
	}
	return item
}

// linesOf indexes the line of every mapping key and list item by dotted
// path.
func linesOf(root *yaml.Node) map[string]int {
	idx := map[string]int{}
	walkPaths(root, func(p string, k, v *yaml.Node) {
		if k != nil {
			idx[p] = k.Line
		} else {
			idx[p] = v.Line
		}
	})
	return idx
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

package engine

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// InputError is a problem with a user's file: it names the file, the
// line and the field, and says what was expected.
type InputError struct {
	File  string
	Line  int
	Field string
	Msg   string
}

func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
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

// maxDepth bounds nesting in user documents.
const maxDepth = 32

// decodeStrict decodes a YAML (or JSON) document into v, rejecting
// unknown fields and duplicate keys, with errors that name file, line
// and field. Catalogues use it; evidence goes through parseTree and
// decodeTree, which keep the node tree for locating fields.
func decodeStrict(file string, data []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return &InputError{File: file, Msg: "empty document"}
		}
		root := &yaml.Node{}
		if yaml.Unmarshal(data, root) != nil {
			root = nil
		}
		return yamlError(file, err, root)
	}
	return nil
}

// parseTree parses a YAML (or JSON) document into a node tree,
// rejecting duplicate keys and deep nesting. A document in the plain
// block style of evidence files takes fastTree, which builds the same
// tree; anything else, the YAML parser.
func parseTree(file string, data []byte) (*yaml.Node, error) {
	root, ok := fastTree(data)
	if !ok {
		root = &yaml.Node{}
		if err := yaml.Unmarshal(data, root); err != nil {
			return nil, yamlError(file, err, nil)
		}
	}
	if root.Kind == 0 {
		return nil, &InputError{File: file, Msg: "empty document"}
	}
	if n, d := deepest(root, 0); d > maxDepth {
		return nil, &InputError{File: file, Line: n.Line, Msg: fmt.Sprintf("nesting deeper than %d levels", maxDepth)}
	}
	return root, nil
}

// decodeTree decodes a parsed tree into v, rejecting unknown fields as a
// strict decoder would, without parsing the text again.
func decodeTree(file string, root *yaml.Node, v any) error {
	if fastDecode(root, v) {
		return nil
	}
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
// define, as a strict decoder would.
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
		fields := structKeys(t, "yaml")
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := &fieldPath{parent: path, key: k.Value, index: -1}
			fk, ok := fields[k.Value]
			if !ok {
				errs = append(errs, &InputError{File: file, Line: k.Line, Field: p.String(), Msg: fmt.Sprintf("unknown field %q", k.Value)})
				continue
			}
			errs = append(errs, unknownFields(file, v, fk.typ, p)...)
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

// fieldPath is where unknownFields is in a document, written out (as
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
		if root != nil && ie.Line > 0 {
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
	case strings.HasPrefix(t, "map["), strings.HasPrefix(t, "engine."):
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

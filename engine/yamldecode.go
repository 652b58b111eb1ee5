package engine

import (
	"encoding"
	"reflect"
	"strconv"

	"gopkg.in/yaml.v3"
)

// fastDecode decodes a document's tree into v, a pointer to a zero
// value, as yaml.v3's Node.Decode would when the document has no
// unknown field, and reports whether it did. It takes what evidence is
// written as: mappings with string keys into structs (by their yaml
// tags) and string-keyed maps, sequences into slices, scalars into
// strings, whole numbers, decimals, booleans and dates. For anything
// else (an unknown or repeated key, null, an alias, an explicit tag, a
// number written other than in plain decimal, a value of the wrong
// kind, a bad date) it reports false and leaves v as it was, and
// decodeTree goes the long way, which also words the errors. yaml.v3
// walks the same tree with more reflection, resolves every scalar again
// and compares every pair of keys in a mapping; this walks it once.
func fastDecode(root *yaml.Node, v any) bool {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || !rv.Elem().IsZero() {
		return false
	}
	n := root
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) != 1 {
			return false
		}
		n = n.Content[0]
	}
	out := reflect.New(rv.Elem().Type()).Elem()
	if !fastValue(n, out) {
		return false
	}
	rv.Elem().Set(out)
	return true
}

var textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()

// fastValue decodes n into out, a settable zero value.
func fastValue(n *yaml.Node, out reflect.Value) bool {
	if n.Style&yaml.TaggedStyle != 0 || n.Alias != nil || n.Tag == "!!null" {
		return false
	}
	for out.Kind() == reflect.Pointer {
		if out.IsNil() {
			out.Set(reflect.New(out.Type().Elem()))
		}
		out = out.Elem()
	}
	t := out.Type()
	if t == dateType {
		return n.Kind == yaml.ScalarNode && out.Addr().Interface().(*Date).UnmarshalYAML(n) == nil
	}
	// Only a defined type (with a package path) can have methods.
	if t.PkgPath() != "" {
		if pt := reflect.PointerTo(t); pt.Implements(unmarshalerType) || pt.Implements(textUnmarshalerType) {
			return false
		}
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return fastScalar(n, out)
	case yaml.MappingNode:
		switch {
		case t.Kind() == reflect.Struct:
			return fastStruct(n, out)
		case t.Kind() == reflect.Map && t.Key().Kind() == reflect.String:
			return fastMap(n, out)
		}
	case yaml.SequenceNode:
		if t.Kind() == reflect.Slice {
			s := reflect.MakeSlice(t, len(n.Content), len(n.Content))
			for i, c := range n.Content {
				if !fastValue(c, s.Index(i)) {
					return false
				}
			}
			out.Set(s)
			return true
		}
	}
	return false
}

// fastKey is a mapping key fastDecode takes: a string scalar.
func fastKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Tag == "!!str" && k.Style&yaml.TaggedStyle == 0 && k.Alias == nil
}

func fastStruct(n *yaml.Node, out reflect.Value) bool {
	fields := structKeys(out.Type(), "yaml")
	var done [8]uint64 // fields already set: a repeated key
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if !fastKey(k) {
			return false
		}
		fk, ok := fields[k.Value]
		f := fk.index
		if !ok || f >= 64*len(done) || done[f/64]&(1<<(f%64)) != 0 {
			return false
		}
		done[f/64] |= 1 << (f % 64)
		if !fastValue(n.Content[i+1], out.Field(f)) {
			return false
		}
	}
	return len(n.Content)%2 == 0
}

func fastMap(n *yaml.Node, out reflect.Value) bool {
	t := out.Type()
	m := reflect.MakeMapWithSize(t, len(n.Content)/2)
	kt, et := t.Key(), t.Elem()
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if !fastKey(k) {
			return false
		}
		kv := reflect.ValueOf(k.Value).Convert(kt)
		if m.MapIndex(kv).IsValid() {
			return false // a repeated key
		}
		e := reflect.New(et).Elem()
		if !fastValue(n.Content[i+1], e) {
			return false
		}
		m.SetMapIndex(kv, e)
	}
	out.Set(m)
	return len(n.Content)%2 == 0
}

// fastScalar sets out from a scalar as yaml.v3 does: a string field
// takes the scalar's text whatever it resolved to; numbers and
// booleans only from what resolved to them (and, for booleans, the YAML
// 1.1 words yaml.v3 also accepts).
func fastScalar(n *yaml.Node, out reflect.Value) bool {
	tag := n.Tag
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		tag = "!!str"
	}
	switch out.Kind() {
	case reflect.String:
		switch tag {
		case "!!str", "!!int", "!!float", "!!bool", "!!timestamp":
			out.SetString(n.Value)
			return true
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if i, ok := plainInt(tag, n.Value); ok && !out.OverflowInt(i) {
			out.SetInt(i)
			return true
		}
	case reflect.Float64:
		if i, ok := plainInt(tag, n.Value); ok {
			out.SetFloat(float64(i))
			return true
		}
		if tag == "!!float" && plainDecimal(n.Value) {
			f, err := strconv.ParseFloat(n.Value, 64)
			if err == nil {
				out.SetFloat(f)
				return true
			}
		}
	case reflect.Bool:
		var b, ok bool
		switch tag {
		case "!!bool":
			switch n.Value {
			case "true", "True", "TRUE":
				b, ok = true, true
			case "false", "False", "FALSE":
				b, ok = false, true
			}
		case "!!str":
			switch n.Value {
			case "y", "Y", "yes", "Yes", "YES", "on", "On", "ON":
				b, ok = true, true
			case "n", "N", "no", "No", "NO", "off", "Off", "OFF":
				b, ok = false, true
			}
		}
		if ok {
			out.SetBool(b)
		}
		return ok
	}
	return false
}

// plainInt reads an !!int written in plain decimal without leading
// zeros (up to 18 digits, so that it fits): how yaml.v3 resolves it
// then is plain too.
func plainInt(tag, s string) (int64, bool) {
	if tag != "!!int" {
		return 0, false
	}
	d := s
	if len(d) > 0 && d[0] == '-' {
		d = d[1:]
	}
	if len(d) == 0 || len(d) > 18 || (d[0] == '0' && len(d) > 1) {
		return 0, false
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return 0, false
		}
	}
	i, err := strconv.ParseInt(s, 10, 64)
	return i, err == nil
}

// plainDecimal reports whether s is digits, a point and digits, with
// an optional minus sign.
func plainDecimal(s string) bool {
	if len(s) > 0 && s[0] == '-' {
		s = s[1:]
	}
	point := -1
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '.' && point < 0:
			point = i
		case s[i] < '0' || s[i] > '9':
			return false
		}
	}
	return point > 0 && point < len(s)-1
}

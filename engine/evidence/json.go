package evidence

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// decodeJSON decodes one JSON document into v through encoding/json,
// strictly. Before decoding, it walks the document's tokens (from
// encoding/json's own tokenizer) against v's type and refuses what
// encoding/json would otherwise accept silently: a duplicate key (it
// keeps the last), a key that matches a field only when case is ignored,
// an unknown field, a value of the wrong type, null where a value is
// required, invalid UTF-8 or a lone surrogate escape in a string (it
// substitutes U+FFFD), nesting deeper than maxDepth, and anything after
// the document. Every error names the file, the line and the field.
//
// With lines non-nil, the walk also records the line of every key and
// list item by dotted path, as linesOf does for YAML.
func decodeJSON(file string, data []byte, v any, lines map[string]int) error {
	data = bytes.TrimPrefix(data, utf8BOM)
	w := &jsonWalker{file: file, data: data, lines: lines, line: 1}
	w.dec = json.NewDecoder(bytes.NewReader(data))
	w.dec.UseNumber()
	if len(bytes.TrimSpace(data)) == 0 {
		return &InputError{File: file, Msg: "empty document"}
	}
	var t reflect.Type
	if v != nil {
		t = reflect.TypeOf(v)
	}
	if err := w.value(t, nil, 0); err != nil {
		return err
	}
	if len(w.errs) > 0 {
		return w.errs
	}
	start := w.skip(w.dec.InputOffset())
	if _, err := w.dec.Token(); !errors.Is(err, io.EOF) {
		return &InputError{File: file, Line: w.lineOf(start), Msg: "unexpected text after the JSON document: a file holds one document"}
	}
	if v == nil {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		// The walk has checked what the decoder checks; this is a
		// safety net, never the usual path.
		ie := &InputError{File: file, Msg: strings.TrimPrefix(err.Error(), "json: ")}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			ie.Line, ie.Field = w.lineOf(te.Offset), te.Field
		}
		return ie
	}
	return nil
}

// jsonWalker reads a JSON document token by token.
type jsonWalker struct {
	file  string
	data  []byte
	dec   *json.Decoder
	lines map[string]int
	errs  InputErrors

	// line is the line at byte offset off: the walk's offsets only
	// grow, so lines are counted once; an offset behind it (an error
	// reported late) looks its line up in nl, the offsets of the line
	// breaks, made the first time one is needed.
	off  int64
	line int
	nl   []int
}

// lineOf is the 1-based line of byte offset o.
func (w *jsonWalker) lineOf(o int64) int {
	if o < w.off {
		if w.nl == nil {
			w.nl = make([]int, 0, 64)
			for i, c := range w.data {
				if c == '\n' {
					w.nl = append(w.nl, i)
				}
			}
		}
		n, _ := slices.BinarySearch(w.nl, int(o))
		return n + 1
	}
	if o > int64(len(w.data)) {
		o = int64(len(w.data))
	}
	w.line += bytes.Count(w.data[w.off:o], []byte{'\n'})
	w.off = o
	return w.line
}

// skip returns the offset of the next token at or after o: past white
// space and the separators that the decoder leaves before a token.
func (w *jsonWalker) skip(o int64) int64 {
	for o < int64(len(w.data)) {
		switch w.data[o] {
		case ' ', '\t', '\r', '\n', ',', ':':
			o++
		default:
			return o
		}
	}
	return o
}

func (w *jsonWalker) fail(at int64, path *fieldPath, format string, args ...any) {
	w.errs = append(w.errs, &InputError{File: w.file, Line: w.lineOf(at), Field: path.String(), Msg: fmt.Sprintf(format, args...)})
}

// token reads the next token with the offset where it starts; a syntax
// error ends the walk.
func (w *jsonWalker) token(path *fieldPath) (json.Token, int64, error) {
	start := w.skip(w.dec.InputOffset())
	tok, err := w.dec.Token()
	if err != nil {
		ie := &InputError{File: w.file, Field: path.String()}
		var se *json.SyntaxError
		switch {
		case errors.As(err, &se):
			// A Decoder's SyntaxError offset counts from its buffer, not
			// the document: the error is in the token starting here.
			ie.Line, ie.Msg = w.lineOf(start), "invalid JSON: "+se.Error()
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			ie.Line, ie.Msg = w.lineOf(int64(len(w.data))), "invalid JSON: the document ends too early"
		default:
			ie.Line, ie.Msg = w.lineOf(start), "invalid JSON: "+strings.TrimPrefix(err.Error(), "json: ")
		}
		return nil, start, append(w.errs, ie)
	}
	if s, ok := tok.(string); ok {
		w.checkString(s, w.data[start:w.dec.InputOffset()], start, path)
	}
	return tok, start, nil
}

// checkString refuses a string that encoding/json decoded with a
// replacement: raw holds invalid UTF-8, or an escape for half of a
// surrogate pair.
func (w *jsonWalker) checkString(s string, raw []byte, at int64, path *fieldPath) {
	if !utf8.Valid(raw) {
		w.fail(at, path, "invalid UTF-8 in a string: save the file as UTF-8")
		return
	}
	if !strings.ContainsRune(s, utf8.RuneError) {
		return
	}
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' {
			continue
		}
		i++
		if i >= len(raw) || raw[i] != 'u' || i+4 >= len(raw) {
			continue
		}
		r, err := strconv.ParseUint(string(raw[i+1:i+5]), 16, 16)
		if err != nil {
			continue
		}
		i += 4
		switch {
		case r >= 0xDC00 && r <= 0xDFFF:
			w.fail(at, path, "a lone surrogate escape (\\u%04X) in a string is not a character", r)
			return
		case r >= 0xD800 && r <= 0xDBFF:
			if i+6 < len(raw) && raw[i+1] == '\\' && raw[i+2] == 'u' {
				if lo, err := strconv.ParseUint(string(raw[i+3:i+7]), 16, 16); err == nil && lo >= 0xDC00 && lo <= 0xDFFF {
					i += 6
					continue
				}
			}
			w.fail(at, path, "a lone surrogate escape (\\u%04X) in a string is not a character", r)
			return
		}
	}
}

var jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// value walks one value that should decode into type t (nil: any).
func (w *jsonWalker) value(t reflect.Type, path *fieldPath, depth int) error {
	if depth > maxDepth {
		start := w.skip(w.dec.InputOffset())
		return append(w.errs, &InputError{File: w.file, Line: w.lineOf(start), Field: path.String(), Msg: fmt.Sprintf("nesting deeper than %d levels", maxDepth)})
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	tok, start, err := w.token(path)
	if err != nil {
		return err
	}
	if w.lines != nil && path != nil && path.index >= 0 {
		w.lines[path.String()] = w.lineOf(start) // a list item; members are recorded by key
	}
	switch tok := tok.(type) {
	case json.Delim:
		switch tok {
		case '{':
			return w.object(t, path, start, depth)
		case '[':
			return w.array(t, path, start, depth)
		}
		return append(w.errs, &InputError{File: w.file, Line: w.lineOf(start), Field: path.String(), Msg: fmt.Sprintf("invalid JSON: unexpected %q", tok)})
	case nil:
		// null leaves the value unset, as an empty value does in YAML.
		return nil
	}
	if t == nil || t.Kind() == reflect.Interface {
		return nil
	}
	if t == dateType {
		s, ok := tok.(string)
		if !ok {
			w.fail(start, path, "expected a date (YYYY-MM-DD), got %s", jsonKind(tok))
		} else if _, err := ParseDate(s); err != nil {
			w.fail(start, path, "%v", err)
		}
		return nil
	}
	switch k := t.Kind(); {
	case k == reflect.String:
		if _, ok := tok.(string); !ok {
			w.fail(start, path, "expected a string, got %s", jsonKind(tok))
		}
	case k == reflect.Bool:
		if _, ok := tok.(bool); !ok {
			w.fail(start, path, "expected true or false, got %s", jsonKind(tok))
		}
	case k >= reflect.Int && k <= reflect.Int64:
		n, ok := tok.(json.Number)
		if !ok {
			w.fail(start, path, "expected an integer, got %s", jsonKind(tok))
			break
		}
		i, err := strconv.ParseInt(string(n), 10, 64)
		if err != nil || reflect.Zero(t).OverflowInt(i) {
			w.fail(start, path, "expected an integer, got %s", n)
		}
	case k >= reflect.Uint && k <= reflect.Uint64:
		n, ok := tok.(json.Number)
		if !ok {
			w.fail(start, path, "expected a whole number, got %s", jsonKind(tok))
			break
		}
		u, err := strconv.ParseUint(string(n), 10, 64)
		if err != nil || reflect.Zero(t).OverflowUint(u) {
			w.fail(start, path, "expected a whole number, got %s", n)
		}
	case k == reflect.Float32 || k == reflect.Float64:
		n, ok := tok.(json.Number)
		if !ok {
			w.fail(start, path, "expected a number, got %s", jsonKind(tok))
			break
		}
		if f, err := strconv.ParseFloat(string(n), 64); err != nil || math.IsInf(f, 0) {
			w.fail(start, path, "expected a number, got %s", n)
		}
	case reflect.PointerTo(t).Implements(jsonUnmarshalerType):
		// The type reads its own value; the decoder reports its errors.
	default:
		w.fail(start, path, "expected %s, got %s", jsonWant(t), jsonKind(tok))
	}
	return nil
}

// object walks an object's members after its opening brace.
func (w *jsonWalker) object(t reflect.Type, path *fieldPath, start int64, depth int) error {
	var fields map[string]reflect.Type
	var elem reflect.Type
	switch {
	case t == nil || t.Kind() == reflect.Interface:
	case t.Kind() == reflect.Struct && t != dateType:
		fields = structFields(t, "json")
	case t.Kind() == reflect.Map && t.Key().Kind() == reflect.String:
		elem = t.Elem()
	default:
		w.fail(start, path, "expected %s, got an object", jsonWant(t))
		t = nil
	}
	seen := map[string]int{}
	for w.dec.More() {
		tok, at, err := w.token(path)
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		p := &fieldPath{parent: path, key: key, index: -1}
		line := w.lineOf(at)
		if first, dup := seen[key]; dup {
			w.errs = append(w.errs, &InputError{File: w.file, Line: line, Field: p.String(),
				Msg: fmt.Sprintf("duplicate key %q (first at line %d)", key, first)})
		}
		seen[key] = line
		vt := elem
		if fields != nil {
			ft, ok := fields[key]
			if !ok {
				w.errs = append(w.errs, &InputError{File: w.file, Line: line, Field: p.String(), Msg: fmt.Sprintf("unknown field %q", key)})
			}
			vt = ft // nil for an unknown field: its value is only walked
		}
		if w.lines != nil {
			w.lines[p.String()] = line
		}
		if err := w.value(vt, p, depth+1); err != nil {
			return err
		}
	}
	_, _, err := w.token(path) // the closing brace
	return err
}

// array walks an array's items after its opening bracket.
func (w *jsonWalker) array(t reflect.Type, path *fieldPath, start int64, depth int) error {
	var elem reflect.Type
	switch {
	case t == nil || t.Kind() == reflect.Interface:
	case t.Kind() == reflect.Slice || t.Kind() == reflect.Array:
		elem = t.Elem()
	default:
		w.fail(start, path, "expected %s, got a list", jsonWant(t))
	}
	for i := 0; w.dec.More(); i++ {
		if err := w.value(elem, &fieldPath{parent: path, index: i}, depth+1); err != nil {
			return err
		}
	}
	_, _, err := w.token(path) // the closing bracket
	return err
}

// jsonKind names a token's kind for an error.
func jsonKind(tok json.Token) string {
	switch tok := tok.(type) {
	case string:
		return fmt.Sprintf("the string %q", tok)
	case json.Number:
		return "the number " + string(tok)
	case bool:
		return strconv.FormatBool(tok)
	case nil:
		return "null"
	}
	return fmt.Sprint(tok)
}

// jsonWant names what type t expects, for an error.
func jsonWant(t reflect.Type) string {
	if t == nil {
		return "a value"
	}
	if t == dateType {
		return "a date (YYYY-MM-DD)"
	}
	switch k := t.Kind(); {
	case k == reflect.String:
		return "a string"
	case k == reflect.Bool:
		return "true or false"
	case k >= reflect.Int && k <= reflect.Uint64:
		return "an integer"
	case k == reflect.Float32 || k == reflect.Float64:
		return "a number"
	case k == reflect.Slice || k == reflect.Array:
		return "a list"
	case k == reflect.Map || k == reflect.Struct:
		return "an object"
	}
	return "a value"
}

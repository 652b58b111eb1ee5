package engine

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	json "github.com/goccy/go-json"
	"reflect"
	"strconv"
	"sync"
)

// parseJSONFast decodes a well-formed JSON evidence document with
// encoding/json, several times faster than the YAML parser. It declines
// (ok false) anything it cannot accept outright: not JSON, a duplicate
// key, deep nesting, an unknown field, a type mismatch, another kind of
// document. The caller then takes the YAML path, which reads JSON too and
// explains the problem with a line and a field. Lines for later errors
// are worked out from the raw bytes only when needed.
func parseJSONFast(name string, data []byte) (*Evidence, bool) {
	b := bytes.TrimLeft(data, " \t\r\n")
	if len(b) == 0 || b[0] != '{' || !jsonWellFormed(b, evidenceType) {
		return nil, false
	}
	// Sized for a full set of determinations, so decoding does not
	// regrow the map.
	ev := Evidence{Objectives: make(map[string]Determination, 400)}
	if err := json.Unmarshal(b, &ev); err != nil || ev.Schema != EvidenceSchema {
		return nil, false
	}
	if len(ev.Objectives) == 0 {
		ev.Objectives = nil // as the YAML path leaves a document without any
	}
	sum := sha256.Sum256(data)
	ev.Sources = []Source{{File: name, SHA256: hex.EncodeToString(sum[:])}}
	ev.raw = data
	return &ev, true
}

var evidenceType = reflect.TypeFor[Evidence]()

// jsonWellFormed reports whether b is one value with no duplicate object
// keys and no key that type t does not define, nesting no deeper than
// maxDepth. Syntax and type errors are left to the decoder.
func jsonWellFormed(b []byte, t reflect.Type) bool {
	sc := jsonScanner{stack: make([]jsonFrame, 0, maxDepth), keys: make([][]byte, 0, 512)}
	return sc.scan(b, t)
}

// jsonScanner holds the open objects and arrays, and the keys of the
// open objects in one stack-ordered list: an object's keys follow its
// parent's, and are dropped when it closes.
type jsonScanner struct {
	stack []jsonFrame
	keys  [][]byte
}

// jsonFrame is an open object or array.
type jsonFrame struct {
	object, wantKey bool
	unsorted        bool
	start           int                  // its first key in jsonScanner.keys
	fields          map[string]structKey // a struct's keys
	value           reflect.Type         // type of the next value
	many            map[string]struct{}  // every key, once out of order and many
}

func (sc *jsonScanner) scan(b []byte, t reflect.Type) bool {
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '{', '[':
			vt := t
			if n := len(sc.stack); n > 0 {
				vt = sc.stack[n-1].value
			}
			f := jsonFrame{object: b[i] == '{', wantKey: b[i] == '{', start: len(sc.keys)}
			vt = derefType(vt)
			switch {
			case vt == nil:
			case f.object && vt.Kind() == reflect.Struct:
				f.fields = structKeys(vt, "json")
			case f.object && vt.Kind() == reflect.Map:
				f.value = vt.Elem()
			case !f.object && (vt.Kind() == reflect.Slice || vt.Kind() == reflect.Array):
				f.value = vt.Elem()
			default:
				return false // the decoder will say what was expected
			}
			sc.stack = append(sc.stack, f)
			if len(sc.stack) >= maxDepth {
				return false
			}
		case '}', ']':
			n := len(sc.stack)
			if n == 0 {
				return false
			}
			sc.keys = sc.keys[:sc.stack[n-1].start]
			sc.stack = sc.stack[:n-1]
			if n == 1 {
				// The document ends here: only white space may follow.
				return len(bytes.TrimSpace(b[i+1:])) == 0
			}
		case ',':
			if n := len(sc.stack); n > 0 && sc.stack[n-1].object {
				sc.stack[n-1].wantKey = true
			}
		case ':':
			if n := len(sc.stack); n > 0 && sc.stack[n-1].object {
				sc.stack[n-1].wantKey = false
			}
		case '"':
			j, escaped := stringEnd(b, i+1)
			if j < 0 {
				return false
			}
			if n := len(sc.stack); n > 0 && sc.stack[n-1].object && sc.stack[n-1].wantKey {
				key := b[i+1 : j]
				if escaped {
					k, err := strconv.Unquote(string(b[i : j+1]))
					if err != nil {
						return false
					}
					key = []byte(k)
				}
				f := &sc.stack[n-1]
				if sc.seen(f, key) {
					return false
				}
				if f.fields != nil {
					fk, ok := f.fields[string(key)]
					if !ok {
						return false // an unknown field
					}
					f.value = fk.typ
				}
			}
			i = j
		}
	}
	return len(sc.stack) == 0
}

// seen records a key of the innermost object and reports whether the
// object already had it. Machine-written JSON (encoding/json sorts map
// keys) usually has keys in increasing order, where no key can repeat;
// otherwise small objects are scanned and large ones indexed.
func (sc *jsonScanner) seen(f *jsonFrame, key []byte) bool {
	keys := sc.keys[f.start:]
	n := len(keys)
	if !f.unsorted && (n == 0 || bytes.Compare(key, keys[n-1]) > 0) {
		sc.keys = append(sc.keys, key)
		return false
	}
	f.unsorted = true
	if f.many == nil && n >= 16 {
		f.many = make(map[string]struct{}, 2*n)
		for _, k := range keys {
			f.many[string(k)] = struct{}{}
		}
	}
	if f.many != nil {
		if _, dup := f.many[string(key)]; dup {
			return true
		}
		f.many[string(key)] = struct{}{}
	} else {
		for _, k := range keys {
			if bytes.Equal(k, key) {
				return true
			}
		}
	}
	sc.keys = append(sc.keys, key)
	return false
}

func derefType(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

var structKeysCache sync.Map // structKeysOf -> map[string]structKey

type structKeysOf struct {
	t   reflect.Type
	tag string
}

// structKey is a struct field as a document key names it.
type structKey struct {
	index int
	typ   reflect.Type
}

// structKeys maps a struct's document keys to its fields: with tag
// "json", every field as encoding/json names it; with "yaml", the fields
// whose tag names a key.
func structKeys(t reflect.Type, tag string) map[string]structKey {
	k := structKeysOf{t, tag}
	if v, ok := structKeysCache.Load(k); ok {
		return v.(map[string]structKey)
	}
	m := map[string]structKey{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, ok := tagKey(f, tag)
		if !ok {
			continue
		}
		if name == "" {
			if tag != "json" {
				continue
			}
			name = f.Name
		}
		m[name] = structKey{index: i, typ: f.Type}
	}
	structKeysCache.Store(k, m)
	return m
}

// stringEnd finds the closing quote of a JSON string whose content
// starts at i, and whether the string has escapes; -1 if it does not
// end. Most strings have no escapes: two vectorised searches settle them.
func stringEnd(b []byte, i int) (int, bool) {
	q := bytes.IndexByte(b[i:], '"')
	if q < 0 {
		return -1, false
	}
	if bytes.IndexByte(b[i:i+q], '\\') < 0 {
		return i + q, false
	}
	for j := i; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j, true
		}
	}
	return -1, true
}

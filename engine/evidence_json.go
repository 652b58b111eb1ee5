package engine

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	json "github.com/goccy/go-json"
	"strconv"
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
	if len(b) == 0 || b[0] != '{' || !jsonWellFormed(b) {
		return nil, false
	}
	var ev Evidence
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ev); err != nil || ev.Schema != EvidenceSchema {
		return nil, false
	}
	sum := sha256.Sum256(data)
	ev.Sources = []Source{{File: name, SHA256: hex.EncodeToString(sum[:])}}
	ev.raw = data
	return &ev, true
}

// jsonWellFormed reports whether b is one value with no duplicate object
// keys, nesting no deeper than maxDepth. It assumes nothing else: syntax errors
// are left to the decoder.
func jsonWellFormed(b []byte) bool {
	var stack []jsonFrame
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '{', '[':
			stack = append(stack, jsonFrame{object: b[i] == '{', wantKey: b[i] == '{'})
			if len(stack) >= maxDepth {
				return false
			}
		case '}', ']':
			if len(stack) == 0 {
				return false
			}
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				// The document ends here: only white space may follow.
				return len(bytes.TrimSpace(b[i+1:])) == 0
			}
		case ',':
			if n := len(stack); n > 0 && stack[n-1].object {
				stack[n-1].wantKey = true
			}
		case ':':
			if n := len(stack); n > 0 && stack[n-1].object {
				stack[n-1].wantKey = false
			}
		case '"':
			j, escaped := i+1, false
			for ; j < len(b) && b[j] != '"'; j++ {
				if b[j] == '\\' {
					escaped = true
					j++
				}
			}
			if j >= len(b) {
				return false
			}
			if n := len(stack); n > 0 && stack[n-1].object && stack[n-1].wantKey {
				key := b[i+1 : j]
				if escaped {
					k, err := strconv.Unquote(string(b[i : j+1]))
					if err != nil {
						return false
					}
					key = []byte(k)
				}
				if stack[n-1].seen(key) {
					return false
				}
			}
			i = j
		}
	}
	return len(stack) == 0
}

// jsonFrame is an open object or array in jsonWellFormed.
type jsonFrame struct {
	object, wantKey bool
	keys            [][]byte            // keys so far (slices of the input)
	unsorted        bool                // a key came out of order
	many            map[string]struct{} // every key, once out of order and many
}

// seen records a key and reports whether the object already had it.
// Machine-written JSON (encoding/json sorts map keys) usually has keys in
// increasing order, where no key can repeat and nothing needs storing
// beyond the last; otherwise small objects are scanned and large ones
// indexed.
func (f *jsonFrame) seen(key []byte) bool {
	n := len(f.keys)
	if !f.unsorted && (n == 0 || bytes.Compare(key, f.keys[n-1]) > 0) {
		f.keys = append(f.keys, key)
		return false
	}
	f.unsorted = true
	if f.many == nil && n >= 16 {
		f.many = make(map[string]struct{}, 2*n)
		for _, k := range f.keys {
			f.many[string(k)] = struct{}{}
		}
	}
	if f.many != nil {
		if _, dup := f.many[string(key)]; dup {
			return true
		}
		f.many[string(key)] = struct{}{}
		f.keys = append(f.keys, key)
		return false
	}
	for _, k := range f.keys {
		if bytes.Equal(k, key) {
			return true
		}
	}
	f.keys = append(f.keys, key)
	return false
}

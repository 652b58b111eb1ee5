package attest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// Canonicalize returns the canonical form of a JSON document: object
// members sorted by the UTF-16 code units of their names, no
// insignificant whitespace, strings with only the escapes RFC 8785
// requires, and numbers in their shortest form. It covers the value
// types a statement holds: objects, arrays, strings, booleans, null,
// integers and simple floats.
func Canonicalize(doc []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("canonical JSON: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("canonical JSON: trailing data after the value")
	}
	var buf bytes.Buffer
	if err := writeCanonical(&buf, v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// canonicalJSON marshals v and canonicalises the result.
func canonicalJSON(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return Canonicalize(b)
}

func writeCanonical(buf *bytes.Buffer, v any) error {
	switch x := v.(type) {
	case nil:
		buf.WriteString("null")
	case bool:
		buf.WriteString(strconv.FormatBool(x))
	case string:
		writeString(buf, x)
	case json.Number:
		s, err := canonicalNumber(x)
		if err != nil {
			return err
		}
		buf.WriteString(s)
	case []any:
		buf.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := writeCanonical(buf, e); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, compareUTF16)
		buf.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeString(buf, k)
			buf.WriteByte(':')
			if err := writeCanonical(buf, x[k]); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	default:
		return fmt.Errorf("canonical JSON: unsupported value type %T", v)
	}
	return nil
}

// canonicalNumber writes integers as they are (without a sign on zero)
// and other numbers as the shortest decimal that round-trips, as
// ECMAScript does for the magnitudes a statement holds.
func canonicalNumber(n json.Number) (string, error) {
	if i, err := strconv.ParseInt(string(n), 10, 64); err == nil {
		if i > 1<<53 || i < -(1<<53) {
			return "", fmt.Errorf("canonical JSON: integer %s is outside the exact range of IEEE 754 doubles", n)
		}
		return strconv.FormatInt(i, 10), nil
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return "", fmt.Errorf("canonical JSON: invalid number %s", n)
	}
	if f == 0 {
		return "0", nil
	}
	if a := math.Abs(f); a >= 1e21 || a < 1e-6 {
		// ECMAScript exponent form: 1e+21, 1.5e-7.
		s := strconv.FormatFloat(f, 'e', -1, 64)
		mant, exp, _ := bytes.Cut([]byte(s), []byte("e"))
		e, _ := strconv.Atoi(string(exp))
		sign := "+"
		if e < 0 {
			sign = "-"
			e = -e
		}
		return string(mant) + "e" + sign + strconv.Itoa(e), nil
	}
	return strconv.FormatFloat(f, 'f', -1, 64), nil
}

func writeString(buf *bytes.Buffer, s string) {
	buf.WriteByte('"')
	if plainASCII(s) {
		buf.WriteString(s)
		buf.WriteByte('"')
		return
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '"':
			buf.WriteString(`\"`)
		case r == '\\':
			buf.WriteString(`\\`)
		case r == '\b':
			buf.WriteString(`\b`)
		case r == '\f':
			buf.WriteString(`\f`)
		case r == '\n':
			buf.WriteString(`\n`)
		case r == '\r':
			buf.WriteString(`\r`)
		case r == '\t':
			buf.WriteString(`\t`)
		case r < 0x20:
			fmt.Fprintf(buf, `\u%04x`, r)
		default:
			buf.WriteRune(r)
		}
	}
	buf.WriteByte('"')
}

// plainASCII reports whether s is printable ASCII with nothing to
// escape in JSON, as IDs, digests and dates are.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
			return false
		}
	}
	return true
}

// compareUTF16 orders strings by their UTF-16 code units (RFC 8785 §3.2.3).
func compareUTF16(a, b string) int {
	ua, ub := utf16.Encode([]rune(a)), utf16.Encode([]rune(b))
	return slices.Compare(ua, ub)
}

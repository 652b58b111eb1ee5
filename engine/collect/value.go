package collect

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// Kind is the type of a fact.
type Kind string

// Kinds of fact, as the evidence format types them.
const (
	KindBool   Kind = "boolean"
	KindInt    Kind = "integer"
	KindNumber Kind = "number"
	KindString Kind = "string"
	KindDate   Kind = "date"
)

// Value is a fact's value: a boolean, an integer, a number, a string
// (one of the fact's allowed values) or a date. Its JSON form is the
// plain JSON value (a date as "YYYY-MM-DD").
type Value struct {
	kind Kind
	b    bool
	i    int
	f    float64
	s    string
}

// Bool is a boolean value.
func Bool(b bool) Value { return Value{kind: KindBool, b: b} }

// Int is an integer value.
func Int(i int) Value { return Value{kind: KindInt, i: i} }

// Number is a number value.
func Number(f float64) Value { return Value{kind: KindNumber, f: f} }

// String is a string value.
func String(s string) Value { return Value{kind: KindString, s: s} }

// Date is a date value (its time of day is dropped).
func Date(t time.Time) Value {
	return Value{kind: KindDate, s: t.UTC().Format(time.DateOnly)}
}

// Kind returns the value's kind ("" for the zero Value).
func (v Value) Kind() Kind { return v.kind }

// IsZero says whether the value is unset.
func (v Value) IsZero() bool { return v.kind == "" }

// AsBool returns a boolean value.
func (v Value) AsBool() (bool, bool) { return v.b, v.kind == KindBool }

// AsInt returns an integer value.
func (v Value) AsInt() (int, bool) { return v.i, v.kind == KindInt }

// AsNumber returns a number value.
func (v Value) AsNumber() (float64, bool) { return v.f, v.kind == KindNumber }

// AsString returns a string or date value (a date as YYYY-MM-DD).
func (v Value) AsString() (string, bool) { return v.s, v.kind == KindString || v.kind == KindDate }

// Any returns the value as bool, int, float64 or string (dates as
// "YYYY-MM-DD"), or nil if unset.
func (v Value) Any() any {
	switch v.kind {
	case KindBool:
		return v.b
	case KindInt:
		return v.i
	case KindNumber:
		return v.f
	case KindString, KindDate:
		return v.s
	}
	return nil
}

// Evidence returns the value as the evidence types hold it: bool, int,
// float64, string, or evidence.Date for a date; nil if unset.
func (v Value) Evidence() any {
	if v.kind == KindDate {
		d, err := evidence.ParseDate(v.s)
		if err != nil {
			return nil
		}
		return d
	}
	return v.Any()
}

// String formats the value as it would appear in evidence.
func (v Value) String() string {
	switch v.kind {
	case KindBool:
		return strconv.FormatBool(v.b)
	case KindInt:
		return strconv.Itoa(v.i)
	case KindNumber:
		return strconv.FormatFloat(v.f, 'f', -1, 64)
	case KindString, KindDate:
		return v.s
	}
	return ""
}

// Equal says whether two values are the same.
func (v Value) Equal(o Value) bool { return v == o }

// MarshalJSON writes the plain JSON value.
func (v Value) MarshalJSON() ([]byte, error) {
	if v.kind == "" {
		return []byte("null"), nil
	}
	return json.Marshal(v.Any())
}

// UnmarshalJSON reads a plain JSON value; its kind is taken from the
// JSON type and checked against the fact's kind by Report.Validate. A
// date reads as a string until the fact's kind says otherwise (see
// ReadReport).
func (v *Value) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return fmt.Errorf("expected a value")
	}
	switch b[0] {
	case 't', 'f':
		var x bool
		if err := json.Unmarshal(b, &x); err != nil {
			return err
		}
		*v = Bool(x)
	case '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*v = String(s)
	case 'n':
		return fmt.Errorf("expected a value, got null")
	case '{', '[':
		return fmt.Errorf("expected a boolean, number or string")
	default:
		d := json.NewDecoder(bytes.NewReader(b))
		d.UseNumber()
		var n json.Number
		if err := d.Decode(&n); err != nil {
			return err
		}
		if i, err := strconv.Atoi(n.String()); err == nil {
			*v = Int(i)
			return nil
		}
		f, err := n.Float64()
		if err != nil {
			return fmt.Errorf("expected a number, got %s", n)
		}
		*v = Number(f)
	}
	return nil
}

// as converts a value read from JSON to the fact's kind where JSON
// cannot tell them apart (an integer where a number is expected, a
// string where a date is expected).
func (v Value) as(k Kind) Value {
	switch {
	case v.kind == KindInt && k == KindNumber:
		return Number(float64(v.i))
	case v.kind == KindString && k == KindDate:
		return Value{kind: KindDate, s: v.s}
	}
	return v
}

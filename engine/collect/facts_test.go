package collect_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine/collect"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// evidenceFacts derives every scalar fact path of the evidence format,
// with its kind, from the yaml tags of evidence.Facts.
func evidenceFacts(t *testing.T) map[string]collect.Kind {
	t.Helper()
	out := map[string]collect.Kind{}
	dateType := reflect.TypeOf(evidence.Date{})
	var walk func(prefix string, typ reflect.Type)
	walk = func(prefix string, typ reflect.Type) {
		for i := range typ.NumField() {
			f := typ.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name == "" || name == "-" {
				continue
			}
			path := name
			if prefix != "" {
				path = prefix + "." + name
			}
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			switch {
			case ft == dateType:
				out[path] = collect.KindDate
			case ft.Kind() == reflect.Struct:
				walk(path, ft)
			case ft.Kind() == reflect.Bool:
				out[path] = collect.KindBool
			case ft.Kind() == reflect.Int:
				out[path] = collect.KindInt
			case ft.Kind() == reflect.Float64:
				out[path] = collect.KindNumber
			case ft.Kind() == reflect.String:
				out[path] = collect.KindString
			case ft.Kind() == reflect.Slice:
				// Lists (crypto.modules) are not single facts.
			default:
				t.Fatalf("%s: unexpected type %s", path, ft)
			}
		}
	}
	walk("", reflect.TypeOf(evidence.Facts{}))
	require.NotEmpty(t, out)
	return out
}

// TestKindsAreEvidenceFacts: every fact an importer may establish is a
// fact of the evidence format, with the same type.
func TestKindsAreEvidenceFacts(t *testing.T) {
	valid := evidenceFacts(t)
	assert.Equal(t, collect.KindInt, valid["access.lockout.threshold"])
	assert.Equal(t, collect.KindDate, valid["training.last_awareness"])
	for path, k := range collect.Kinds() {
		got, ok := valid[path]
		if assert.True(t, ok, "%s is not a fact of the evidence format", path) {
			assert.Equal(t, got, k.Kind, "%s", path)
		}
		if k.Kind == collect.KindString {
			assert.NotEmpty(t, k.Values, "%s: a string fact lists its values", path)
		}
	}
}

// TestValidateRejectsUnknownFact: a report naming a fact the evidence
// format does not have fails validation.
func TestValidateRejectsUnknownFact(t *testing.T) {
	r := validReport()
	r.Observations[0].Fact = "access.lockout.attempts"
	require.ErrorContains(t, r.Validate(), `observations[0].fact: unknown fact "access.lockout.attempts"`)
}

package evidence_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.yaml.in/yaml/v3"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// fuzzSeeds are the examples' evidence files and the documents of
// TestParseRefuses, in one format.
func fuzzSeeds(f *testing.F, asJSON bool) {
	files, err := filepath.Glob("../../examples/*/*.yaml")
	if err != nil || len(files) == 0 {
		f.Fatalf("no example files: %v", err)
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		if asJSON {
			var v any
			if yaml.Unmarshal(b, &v) != nil {
				continue
			}
			if b, err = json.Marshal(datesF(v)); err != nil {
				continue
			}
		}
		f.Add(b)
	}
	if asJSON {
		for _, s := range []string{
			`{"mamori":"evidence/v1","f\x61cts":{}}`,
			`{"mamori":"evidence/v1","facts":{},"facts":{"access":{}}}`,
			`{"mamori":"evidence/v1","scope":{"description":"\ud800"}}`,
			"{\"mamori\":\"evidence/v1\",\"scope\":{\"description\":\"\xff\"}}",
			`{"mamori":"evidence/v1","Facts":{}}`,
			`{"mamori":"evidence/v1"} {}`,
		} {
			f.Add([]byte(s))
		}
		return
	}
	f.Add([]byte("mamori: evidence/v1\n---\nfacts: {}\n"))
	f.Add([]byte("mamori: evidence/v1\nfacts: &a {access: *a}\n"))
}

func datesF(v any) any { return dates(v) }

// FuzzParseYAML feeds YAML evidence to the reader: it must answer every
// input with evidence or an error naming the file, never a panic, and
// what it accepts must be exactly what yaml.v3 itself decodes from the
// same bytes: the strict reader may refuse more, never read otherwise.
//
//	go test ./engine/evidence -run - -fuzz FuzzParseYAML -fuzztime 10m
func FuzzParseYAML(f *testing.F) {
	fuzzSeeds(f, false)
	f.Fuzz(func(t *testing.T, data []byte) {
		ev, err := evidence.Parse("fuzz.yaml", data)
		if err != nil {
			checkFuzzError(t, err)
			return
		}
		var plain evidence.Evidence
		if err := yaml.Unmarshal(data, &plain); err != nil {
			t.Fatalf("the reader accepted what yaml.v3 refuses (%v)", err)
		}
		assert.Equal(t, strip(&plain), strip(ev))
	})
}

// FuzzParseJSON is FuzzParseYAML for JSON, against encoding/json: what
// the reader accepts, encoding/json decodes to the same evidence, and
// what encoding/json refuses, the reader refuses.
//
//	go test ./engine/evidence -run - -fuzz FuzzParseJSON -fuzztime 10m
func FuzzParseJSON(f *testing.F) {
	fuzzSeeds(f, true)
	f.Fuzz(func(t *testing.T, data []byte) {
		ev, err := evidence.Parse("fuzz.json", data)
		var plain evidence.Evidence
		perr := json.Unmarshal(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), &plain)
		if err != nil {
			checkFuzzError(t, err)
			return
		}
		if perr != nil {
			t.Fatalf("the reader accepted what encoding/json refuses (%v)", perr)
		}
		assert.Equal(t, strip(&plain), strip(ev))
	})
}

func checkFuzzError(t *testing.T, err error) {
	t.Helper()
	if errors.Is(err, evidence.ErrOtherKind) {
		return
	}
	var ie *evidence.InputError
	var ies evidence.InputErrors
	switch {
	case errors.As(err, &ie):
		if ie.File != "fuzz.yaml" && ie.File != "fuzz.json" {
			t.Fatalf("error names %q, not the file: %v", ie.File, err)
		}
	case errors.As(err, &ies):
		if len(ies) == 0 {
			t.Fatal("an empty list of errors")
		}
	default:
		t.Fatalf("not an input error: %T %v", err, err)
	}
}

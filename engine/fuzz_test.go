package engine_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// FuzzParseEvidence feeds evidence documents, the bundled examples'
// files and what the fuzzer makes of them, to the parser: it must
// answer every input with evidence or an error, never a panic, and an
// error must name the file.
//
//	go test ./engine -run - -fuzz FuzzParseEvidence -fuzztime 2m -fuzzminimizetime 1x
func FuzzParseEvidence(f *testing.F) {
	files, err := filepath.Glob("../examples/*/*.yaml")
	if err != nil || len(files) == 0 {
		f.Fatalf("no example files: %v", err)
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"mamori":"evidence/v1","organization":{"id":"x","name":"x"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ev, err := evidence.Parse("fuzz.yaml", data)
		if err == nil {
			if ev == nil {
				t.Fatal("no evidence and no error")
			}
			return
		}
		if errors.Is(err, evidence.ErrOtherKind) {
			return
		}
		var ie *evidence.InputError
		if errors.As(err, &ie) && ie.File != "fuzz.yaml" {
			t.Fatalf("error names %q, not the file: %v", ie.File, err)
		}
	})
}

package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
)

func BenchmarkZZBatch(b *testing.B) {
	files, _ := filepath.Glob("/tmp/g1k/*.json")
	for b.Loop() {
		var out bytes.Buffer
		run(context.Background(), append([]string{"assess", "--batch", "--output", "json"}, files...), &streams{In: &out, Out: &out, Err: &out})
	}
}

package engine

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// sameTree reports the first difference between two node trees, in
// everything but comments, or "" when there is none.
func sameTree(want, got *yaml.Node, path string) string {
	w := fmt.Sprintf("kind %v style %v tag %q value %q anchor %q at %d:%d, %d children",
		want.Kind, want.Style, want.Tag, want.Value, want.Anchor, want.Line, want.Column, len(want.Content))
	g := fmt.Sprintf("kind %v style %v tag %q value %q anchor %q at %d:%d, %d children",
		got.Kind, got.Style, got.Tag, got.Value, got.Anchor, got.Line, got.Column, len(got.Content))
	if w != g {
		return fmt.Sprintf("%s: parser: %s; fast: %s", path, w, g)
	}
	for i := range want.Content {
		if d := sameTree(want.Content[i], got.Content[i], fmt.Sprintf("%s/%d", path, i)); d != "" {
			return d
		}
	}
	return ""
}

// checkFastTree holds fastTree to the YAML parser's tree for data, and
// reports whether it took the document.
func checkFastTree(t *testing.T, name string, data []byte) bool {
	t.Helper()
	got, ok := fastTree(data)
	if !ok {
		return false
	}
	var want yaml.Node
	require.NoError(t, yaml.Unmarshal(data, &want), "%s: the fast path took a document the parser rejects", name)
	if d := sameTree(&want, got, ""); d != "" {
		t.Fatalf("%s: %s\n%s", name, d, data)
	}
	return true
}

// eachRepoYAML calls fn with every YAML file in the repository and
// returns, by slash path, what fn reported for it.
func eachRepoYAML(t *testing.T, fn func(path string, data []byte) bool) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || (!strings.HasSuffix(path, ".yaml") && !strings.HasSuffix(path, ".yml")) {
			return nil
		}
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		out[filepath.ToSlash(path)] = fn(path, data)
		return nil
	})
	require.NoError(t, err)
	return out
}

// TestFastTreeMatchesParser runs every YAML file in the repository
// through both paths. The example evidence must take the fast one.
func TestFastTreeMatchesParser(t *testing.T) {
	taken := eachRepoYAML(t, func(path string, data []byte) bool { return checkFastTree(t, path, data) })
	files, err := ExpandEvidencePaths([]string{"../examples/kobayashi-electronics"})
	require.NoError(t, err)
	for _, f := range files {
		if filepath.Base(f) != "expected.yaml" {
			assert.True(t, taken[filepath.ToSlash(f)], "%s took the YAML parser", f)
		}
	}
}

func TestFastTree(t *testing.T) {
	tests := []struct {
		name, doc string
		taken     bool
	}{
		{"mapping", "a: 1\nb: true\nc: 2026-10-01\nd: ~\n", true},
		{"nested", "a:\n  b:\n    c: x\n  d: y\ne: z\n", true},
		{"sequence under its key", "a:\n- 1\n- x: 2\n  y: 3\nb: 4\n", true},
		{"indented sequence", "a:\n  -   x: 1\n      y: [p, q ]\n  - \"s\" # c\n", true},
		{"comments and blank lines", "# head\n\na: 1 # one\n  # deeper comment\n\nb: \"x: y\" # two\n", true},
		{"keys with brackets and colons", "3.1.1[a]: met\nhttp://x: y\na#b: c\n", true},
		{"flow indicators in block plain scalars", "a: x, y]\nb: p{q}\nc: r:,s\nd: t#u\ne: v ?w\n", true},
		{"resolved tags", "a: .inf\nb: 0x1F\nc: null\nd: False\ne: 1e3\nf: +.INF\ng: .NaN\nh: 1_000\ni: 0o17\nj: 0b101\nk: Yes\nl: ON\n" +
			"m: ~\nn: NULL\no: 12:30\np: 2001-12-14 21:59:43.10\nq: 2001-12-14t21:59:43.10-05:00\nr: 1.5e+3\ns: 0x1p-2\nt: +12\nu: 3.1.1[a]\nv: 1-2\nw: 9.\nx: Inf\ny: nan\nz: 2026-10-01\n", true},
		{"timestamp", "f: 2001-12-14t21:59:43.10-05:00\n", true},
		{"merge key", "<<: x\n", false},
		{"non-ASCII", "名前: 小林電子 株式会社\nk: [岡谷, 諏訪]\n", true},
		{"empty flow sequence", "a: []\nb: [ ]\n", true},
		{"root indented", "  a: 1\n  b: 2\n", true},
		{"root sequence", "- a\n- b\n", true},
		{"sequence item with a nested block", "-\n  a: 1\n- # c\n  - b\n", true},

		{"empty value", "a:\nb: 1\n", false},
		{"empty document", "# nothing\n", false},
		{"scalar document", "just text\n", false},
		{"literal scalar", "a: |\n  x\n  y\nb: |-\n    z\n", true},
		{"folded scalar", "a: >-\n  x\n  y\n\nb:\n  - >\n    z\n    w\n", true},
		{"folded scalar in a sequence's mapping", "- k: >-\n    x y\n    z\n  j: 1\n", true},
		{"blank line in a block scalar", "a: >-\n  x\n\n  y\n", false},
		{"comment-like line after a block scalar", "a: >-\n  x\n\n  # y\nb: 1\n", false},
		{"comment after a block scalar", "a: |\n  x\n# c\nb: 1\n", false},
		{"more-indented line in a block scalar", "a: >-\n  x\n    y\n", false},
		{"trailing spaces in a block scalar", "a: |\n  x  \n", false},
		{"kept final line breaks", "a: |+\n  x\n\nb: 1\n", false},
		{"indentation indicator", "a: |2\n   x\n", false},
		{"block scalar header with a comment", "a: | # c\n  x\n", false},
		{"block scalar at the end without a line break", "a: |\n  x", false},
		{"empty block scalar", "a: |\nb: 1\n", false},
		{"multi-line plain scalar", "a: x\n  y\n", false},
		{"single-quoted", "a: 'x'\n", false},
		{"escape", "a: \"x\\ty\"\n", false},
		{"quoted key", "\"a\": 1\n", false},
		{"flow mapping", "a: {b: 1}\n", false},
		{"nested flow sequence", "a: [[b]]\n", false},
		{"quoted flow items", "a: [\"3.3.4\", x, \"\" ]\n", true},
		{"quoted flow item with a comma", "a: [\"b, c\"]\n", false},
		{"quoted flow item with an escape", "a: [\"b\\\"\"]\n", false},
		{"multi-line flow sequence", "a: [b,\n  c]\n", false},
		{"trailing comma", "a: [b,]\n", false},
		{"question mark in a flow item", "a: [p? q]\n", false},
		{"anchor and alias", "a: &x 1\nb: *x\n", false},
		{"tag", "a: !!str 1\n", false},
		{"tab", "a:\t1\n", false},
		{"carriage return", "a: 1\r\n", false},
		{"byte order mark", "\ufeffa: 1\n", false},
		{"line separator", "a: x\u2028y\n", false},
		{"next line", "a: x\u0085y\n", false},
		{"invalid UTF-8", "a: \xff\n", false},
		{"document marker", "---\na: 1\n", false},
		{"directive", "%YAML 1.2\n---\na: 1\n", false},
		{"mapping value in a plain scalar", "a: b: c\n", false},
		{"plain scalar ending in a colon", "a: b:\n", false},
		{"value starting with an indicator", "a: -1\nb: @x\n", false},
		{"key with a space before its colon", "a : 1\n", false},
		{"bad indentation", "a:\n    b: 1\n  c: 2\n", false},
		{"item where a key belongs", "a: 1\n- b\n", false},
		{"text after a quoted scalar", "a: \"x\" y\n", false},
		{"unterminated quote", "a: \"x\n", false},
		{"dedent below the root", "  a: 1\nb: 2\n", false},
		{"long key", strings.Repeat("k", 1100) + ": 1\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.taken, checkFastTree(t, tt.name, []byte(tt.doc)))
		})
	}
}

// FuzzFastTree: whatever the fast path takes, the YAML parser reads to
// the same tree.
//
//	go test ./engine -run - -fuzz FuzzFastTree -fuzztime 60s -fuzzminimizetime 1x
func FuzzFastTree(f *testing.F) {
	for _, tt := range []string{"a: 1\nb:\n  - x: [p, q]\n    y: \"z\" # c\n", "- a\n-\n  b: c\n"} {
		f.Add([]byte(tt))
	}
	files, _ := filepath.Glob("../examples/*/*.yaml")
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFastTree(t, "input", data)
	})
}

package engine

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// checkFastDecode holds fastDecode to yaml.v3 for the document data
// decoded into a new value of newV's type, and reports whether the fast
// path took it. What it takes must have no unknown field and decode
// without error, to the same value.
func checkFastDecode(t testing.TB, name string, data []byte, newV func() any) bool {
	t.Helper()
	var root yaml.Node
	if yaml.Unmarshal(data, &root) != nil {
		return false
	}
	got := newV()
	if !fastDecode(&root, got) {
		require.Equal(t, newV(), got, "%s: declined, but changed the value", name)
		return false
	}
	want := newV()
	require.Empty(t, unknownFields(name, &root, reflect.TypeOf(want), nil), "%s: taken with unknown fields", name)
	require.NoError(t, root.Decode(want), "%s: taken, but yaml.v3 fails", name)
	require.Equal(t, want, got, "%s\n%s", name, data)
	return true
}

func newEvidence() any { return new(Evidence) }

// TestFastDecodeMatchesYAML decodes every YAML file in the repository
// as evidence both ways. The example evidence must take the fast path.
func TestFastDecodeMatchesYAML(t *testing.T) {
	taken := eachRepoYAML(t, func(path string, data []byte) bool { return checkFastDecode(t, path, data, newEvidence) })
	n := 0
	for _, dir := range []string{"../examples/kobayashi-electronics", "../examples/sato-machining", "../examples/tsubasa-heavy-komaki"} {
		files, err := ExpandEvidencePaths([]string{dir})
		require.NoError(t, err)
		for _, f := range files {
			if filepath.Base(f) != "expected.yaml" {
				assert.True(t, taken[filepath.ToSlash(f)], "%s took yaml.v3", f)
				n++
			}
		}
	}
	require.Greater(t, n, 10)
}

type fdDoc struct {
	S        string            `yaml:"s"`
	I        *int              `yaml:"i"`
	F        float64           `yaml:"f"`
	B        *bool             `yaml:"b"`
	D        *Date             `yaml:"d"`
	L        []string          `yaml:"l"`
	M        map[string]fdItem `yaml:"m"`
	N        *fdItem           `yaml:"n"`
	A        any               `yaml:"a"`
	U        uint              `yaml:"u"`
	K        fdKind            `yaml:"k"`
	T        fdText            `yaml:"t"`
	Untagged string
}

// fdKind is a defined string type without methods: decoded as a string.
type fdKind string

// fdText is a string type that decodes itself from text, which the
// fast path leaves to yaml.v3.
type fdText string

func (x *fdText) UnmarshalText(b []byte) error { *x = fdText("text:" + string(b)); return nil }

type fdItem struct {
	X string `yaml:"x"`
	Y []int  `yaml:"y"`
}

func newFDDoc() any { return new(fdDoc) }

func TestFastDecode(t *testing.T) {
	tests := []struct {
		name, doc string
		taken     bool
	}{
		{"all kinds", "s: hello\ni: 42\nf: 1.5\nb: true\nd: 2026-10-01\nl: [a, b]\nm:\n  k1: {x: v}\n  k2:\n    x: w\n    y: [1, 2]\nn:\n  x: z\n", true},
		{"string from an int", "s: 38", true},
		{"string from a float", "s: 1.50", true},
		{"string from a bool", "s: TRUE", true},
		{"string from a timestamp", "s: 2026-10-01", true},
		{"string from an octal", "s: 0o17", true},
		{"string from infinity", "s: .inf", true},
		{"quoted strings", "s: \"q\"\nl: ['a', \"b\"]", true},
		{"literal", "s: |\n  line one\n  line two\n", true},
		{"folded", "s: >-\n  one\n  two\n", true},
		{"plain ID", "m:\n  3.1.1[a]: {x: met}", true},
		{"null string", "s: ~", false},
		{"null word", "s: null", false},
		{"empty value", "s:", false},
		{"null in a list", "l: [a, ~]", false},
		{"explicit tag", "s: !!str x", false},
		{"explicit int tag", "i: !!int 5", false},
		{"negative zero", "i: -0", true},
		{"18 digits", "i: 123456789012345678", true},
		{"19 digits", "i: 1234567890123456789", false},
		{"leading zero", "i: 017", false},
		{"hex", "i: 0x1F", false},
		{"octal", "i: 0o17", false},
		{"underscores", "i: 1_000", false},
		{"plus sign", "i: +5", false},
		{"integral float into int", "i: 1.0", false},
		{"quoted int", "i: \"5\"", false},
		{"int into float", "f: 3", true},
		{"negative decimal", "f: -2.25", true},
		{"leading point", "f: .5", false},
		{"exponent", "f: 1e3", false},
		{"infinity", "f: .inf", false},
		{"not a number", "f: .nan", false},
		{"bool words", "b: yes", true},
		{"quoted bool word", "b: \"off\"", true},
		{"capitalised bool", "b: True", true},
		{"int into bool", "b: 1", false},
		{"bad date", "d: 2026-13-01", false},
		{"quoted date", "d: \"2026-10-01\"", true},
		{"date list", "d: [2026-10-01]", false},
		{"repeated key", "s: a\ns: b", false},
		{"repeated map key", "m:\n  k: {x: a}\n  k: {x: b}", false},
		{"unknown key", "zz: 1", false},
		{"untagged field", "untagged: x", false},
		{"defined string type", "k: plain", true},
		{"text unmarshaler", "t: x", false},
		{"interface", "a: 1", false},
		{"unsigned", "u: 1", false},
		{"merge", "n:\n  <<: {x: a}\n", false},
		{"alias", "n: &x {x: a}\nm: {k: *x}", false},
		{"anchor on a mapping", "n: &x {x: a}", true},
		{"int key", "m: {1: {x: a}}", false},
		{"bool key", "m: {true: {x: a}}", false},
		{"quoted key", "m: {\"k\": {x: a}}", true},
		{"sequence for a struct", "- a\n- b", false},
		{"mapping for a string", "s: {x: a}", false},
		{"sequence for a string", "s: [a]", false},
		{"scalar for a list", "l: a", false},
		{"scalar for a map", "m: a", false},
		{"empty document", "", false},
		{"comment only", "# nothing\n", false},
		{"two documents", "s: a\n---\ns: b\n", true},
		{"empty flow map", "m: {}\nl: []", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.taken, checkFastDecode(t, tt.name, []byte(tt.doc), newFDDoc))
		})
	}
}

// TestFastDecodeLeavesV checks that fastDecode declines a value that is
// not zero (yaml.v3 decodes over it) and leaves it as it was.
func TestFastDecodeLeavesV(t *testing.T) {
	var root yaml.Node
	require.NoError(t, yaml.Unmarshal([]byte("s: b"), &root))
	v := &fdDoc{S: "a", L: []string{"x"}}
	assert.False(t, fastDecode(&root, v))
	assert.Equal(t, &fdDoc{S: "a", L: []string{"x"}}, v)
	assert.False(t, fastDecode(&root, fdDoc{}))
}

// FuzzFastDecode requires that whatever the fast path takes, yaml.v3
// decodes without error and unknown field to the same value.
func FuzzFastDecode(f *testing.F) {
	for _, doc := range []string{
		"s: hello\ni: 42\nf: 1.5\nb: true\nd: 2026-10-01\nl: [a, b]\nm:\n  k1: {x: v}\n  k2:\n    x: w\n    y: [1, 2]\nn:\n  x: z\n",
		"b: yes\ns: 0x1F\nf: 3\n", "m: {\"k\": {x: a, y: [-0, 7]}}", "d: \"2026-02-29\"",
	} {
		f.Add([]byte(doc))
	}
	files, err := ExpandEvidencePaths([]string{"../examples/kobayashi-electronics"})
	require.NoError(f, err)
	for _, p := range files[:3] {
		data, err := os.ReadFile(p)
		require.NoError(f, err)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFastDecode(t, "fdDoc", data, newFDDoc)
		checkFastDecode(t, "evidence", data, newEvidence)
	})
}

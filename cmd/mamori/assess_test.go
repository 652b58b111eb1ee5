package main

import (
	"testing"
)

// TestNewCmdAssess checks flag parsing apart from running.
func TestNewCmdAssess(t *testing.T) {
	tests := []flagCase[assessOptions]{
		{name: "defaults", args: "ev", want: assessOptions{Paths: []string{"ev"}, Output: "table", Lang: "en"}},
		{name: "several paths", args: "a.yaml b.yaml dir", want: assessOptions{Paths: []string{"a.yaml", "b.yaml", "dir"}, Output: "table", Lang: "en"}},
		{name: "json to a file in Japanese", args: "ev -o json --lang ja --out v.json",
			want: assessOptions{Paths: []string{"ev"}, Output: "json", Lang: "ja", OutFile: "v.json"}},
		{name: "params", args: "ev --params p.yaml", want: assessOptions{Paths: []string{"ev"}, Output: "table", Lang: "en", ParamsFile: "p.yaml"}},
		{name: "cloud registry", args: "ev --cloud-registry ismap.csv",
			want: assessOptions{Paths: []string{"ev"}, Output: "table", Lang: "en", CloudRegistry: "ismap.csv"}},
		{name: "bad output", args: "ev -o xml", wantErr: `invalid --output "xml": valid values are [table json yaml]`},
		{name: "bad lang", args: "ev --lang fr", wantErr: `invalid --lang "fr": valid values are en, ja`},
		{name: "no path", args: "", wantErr: "requires at least 1 arg(s), only received 0"},
		{name: "unknown flag", args: "ev --fast", wantErr: "unknown flag: --fast"},
	}
	testFlags(t, newAssessCmd, tests)
}

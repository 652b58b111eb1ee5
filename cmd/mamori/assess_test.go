package main

import (
	"testing"
)

// TestNewCmdAssess checks flag parsing apart from running.
func TestNewCmdAssess(t *testing.T) {
	tests := []flagCase[assessOptions]{
		{name: "defaults", args: "ev", want: assessOptions{Paths: []string{"ev"}, Format: "table", Lang: "en"}},
		{name: "several paths", args: "a.yaml b.yaml dir", want: assessOptions{Paths: []string{"a.yaml", "b.yaml", "dir"}, Format: "table", Lang: "en"}},
		{name: "json to a file in Japanese", args: "ev --format json --lang ja -o v.json",
			want: assessOptions{Paths: []string{"ev"}, Format: "json", Lang: "ja", OutFile: "v.json"}},
		{name: "long out", args: "ev --format yaml --out v.yaml",
			want: assessOptions{Paths: []string{"ev"}, Format: "yaml", Lang: "en", OutFile: "v.yaml"}},
		{name: "params", args: "ev --params p.yaml", want: assessOptions{Paths: []string{"ev"}, Format: "table", Lang: "en", ParamsFile: "p.yaml"}},
		{name: "bad format", args: "ev --format xml", wantErr: `invalid --format "xml": valid values are table, json, yaml`},
		{name: "bad lang", args: "ev --lang fr", wantErr: `invalid --lang "fr": valid values are ja, en`},
		{name: "cloud registry", args: "ev --cloud-registry ismap.csv",
			want: assessOptions{Paths: []string{"ev"}, Format: "table", Lang: "en", CloudRegistry: "ismap.csv"}},
		{name: "no path", args: "", wantErr: "requires at least 1 arg(s), only received 0"},
		{name: "unknown flag", args: "ev --fast", wantErr: "unknown flag: --fast"},
		// The old spellings say what to use instead.
		{name: "old -o json", args: "ev -o json", wantErr: "-o/--out names the output file, not its format: use --format json"},
		{name: "old -o table", args: "ev -o table", wantErr: "use --format table"},
		{name: "old --output json", args: "ev --output json", wantErr: "--output is no longer a flag: use --format json"},
		{name: "old --output file", args: "ev --output v.json", wantErr: "--output is no longer a flag: use -o/--out v.json"},
		{name: "batch yaml", args: "--batch a b --format yaml", wantErr: "--batch writes table or json"},
	}
	testFlags(t, newAssessCmd, tests)
}

// TestLangFromLocale: without --lang the locale decides, and --lang
// overrides it.
func TestLangFromLocale(t *testing.T) {
	for _, tc := range []struct{ locale, args, want string }{
		{"ja_JP.UTF-8", "ev", "ja"},
		{"en_US.UTF-8", "ev", "en"},
		{"C", "ev", "en"},
		{"ja_JP.UTF-8", "ev --lang en", "en"},
		{"en_US.UTF-8", "ev --lang ja", "ja"},
	} {
		t.Run(tc.locale+" "+tc.args, func(t *testing.T) {
			testFlags(t, newAssessCmd, []flagCase[assessOptions]{{name: "lang", args: tc.args,
				want: assessOptions{Paths: []string{"ev"}, Format: "table", Lang: tc.want}, locale: tc.locale}})
		})
	}
}

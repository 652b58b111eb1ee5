package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNewCmdAssess checks flag parsing apart from running.
func TestNewCmdAssess(t *testing.T) {
	tests := []struct {
		name    string
		args    string
		want    assessOptions
		wantErr string
	}{
		{name: "defaults", args: "ev", want: assessOptions{Paths: []string{"ev"}, Output: "table", Lang: "en"}},
		{name: "several paths", args: "a.yaml b.yaml dir", want: assessOptions{Paths: []string{"a.yaml", "b.yaml", "dir"}, Output: "table", Lang: "en"}},
		{name: "json to a file in Japanese", args: "ev -o json --lang ja --out v.json",
			want: assessOptions{Paths: []string{"ev"}, Output: "json", Lang: "ja", OutFile: "v.json"}},
		{name: "params", args: "ev --params p.yaml", want: assessOptions{Paths: []string{"ev"}, Output: "table", Lang: "en", ParamsFile: "p.yaml"}},
		{name: "bad output", args: "ev -o xml", wantErr: `invalid --output "xml": valid values are [table json yaml]`},
		{name: "bad lang", args: "ev --lang fr", wantErr: `invalid --lang "fr": valid values are en, ja`},
		{name: "no path", args: "", wantErr: "requires at least 1 arg(s), only received 0"},
		{name: "unknown flag", args: "ev --fast", wantErr: "unknown flag: --fast"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *assessOptions
			s := &streams{In: &bytes.Buffer{}, Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}
			cmd := newAssessCmd(&globalOptions{}, s, func(_ context.Context, o *assessOptions) error {
				got = o
				return nil
			})
			cmd.SetArgs(strings.Fields(tt.args))
			cmd.SetOut(s.Out)
			cmd.SetErr(s.Err)
			err := cmd.Execute()
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, *got)
		})
	}
}

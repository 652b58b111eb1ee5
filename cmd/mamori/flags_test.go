package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// flagCase is one command line and the options, or the error, it gives.
type flagCase[T any] struct {
	name    string
	args    string
	want    T
	wantErr string
	// locale is LANG for the case; default en_US.UTF-8.
	locale string
}

// testFlags parses each case's arguments with the command that newCmd
// builds around a run function, and checks the options the run function
// receives (flag parsing is tested apart from running, as in gh). The
// command runs under a root with the real flag checks, in an English
// locale.
func testFlags[T any](t *testing.T, newCmd func(*globalOptions, *streams, func(context.Context, *T) error) *cobra.Command, cases []flagCase[T]) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			locale := tt.locale
			if locale == "" {
				locale = "en_US.UTF-8"
			}
			setLocale(t, locale)
			var got *T
			s := &streams{In: &bytes.Buffer{}, Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}
			cmd := newCmd(&globalOptions{}, s, func(_ context.Context, o *T) error {
				got = o
				return nil
			})
			root := &cobra.Command{Use: "mamori", SilenceUsage: true, SilenceErrors: true,
				PersistentPreRunE: func(cmd *cobra.Command, _ []string) error { return checkFlags(cmd) }}
			root.AddCommand(cmd)
			root.SetArgs(append([]string{cmd.Name()}, strings.Fields(tt.args)...))
			root.SetOut(s.Out)
			root.SetErr(s.Err)
			err := root.Execute()
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

// setLocale sets the locale's language for the test, as a user's shell
// would: LANG, with LC_ALL and LC_MESSAGES unset.
func setLocale(t *testing.T, lang string) {
	t.Helper()
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", lang)
}

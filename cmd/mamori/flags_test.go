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
}

// testFlags parses each case's arguments with the command that newCmd
// builds around a run function, and checks the options the run function
// receives (flag parsing is tested apart from running, as in gh).
func testFlags[T any](t *testing.T, newCmd func(*globalOptions, *streams, func(context.Context, *T) error) *cobra.Command, cases []flagCase[T]) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			var got *T
			s := &streams{In: &bytes.Buffer{}, Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}
			cmd := newCmd(&globalOptions{}, s, func(_ context.Context, o *T) error {
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

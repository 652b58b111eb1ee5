package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine/attest"
)

func TestKeyCreateFlags(t *testing.T) {
	tests := []flagCase[keyCreateOptions]{
		{name: "prefix", args: "--out signing", want: keyCreateOptions{Prefix: "signing", Lang: "en"}},
		{name: "short", args: "-o signing --lang ja", want: keyCreateOptions{Prefix: "signing", Lang: "ja"}},
		{name: "prefix required", args: "", wantErr: "--out PREFIX is required"},
		{name: "no arguments", args: "--out a b", wantErr: "unknown command"},
	}
	testFlags(t, newKeyCreateCmd, tests)
}

func TestVerifyFlags(t *testing.T) {
	tests := []flagCase[verifyOptions]{
		{name: "one key", args: "v.json --key a.pub", want: verifyOptions{File: "v.json", Keys: []string{"a.pub"}, Format: "table", Lang: "en"}},
		{name: "two keys, json", args: "v.json --key a.pub --key b.pub --format json",
			want: verifyOptions{File: "v.json", Keys: []string{"a.pub", "b.pub"}, Format: "json", Lang: "en"}},
		{name: "key required", args: "v.json", wantErr: "--key PUB is required"},
		{name: "bad format", args: "v.json --key a.pub --format yaml", wantErr: `invalid --format "yaml": valid values are table, json`},
		{name: "old --output", args: "v.json --key a.pub --output json", wantErr: "use --format json"},
		{name: "one file", args: "a.json b.json --key a.pub", wantErr: "accepts 1 arg"},
	}
	testFlags(t, newVerifyCmd, tests)
}

func TestAssessSignFlags(t *testing.T) {
	day := 24 * time.Hour
	tests := []flagCase[assessOptions]{
		{name: "sign, default validity", args: "ev --sign k.key --out v.dsse.json",
			want: assessOptions{Paths: []string{"ev"}, Format: "table", Lang: "en", OutFile: "v.dsse.json", SignKey: "k.key", ValidFor: 365 * day}},
		{name: "days", args: "ev --sign k.key --out v --valid-for 90d",
			want: assessOptions{Paths: []string{"ev"}, Format: "table", Lang: "en", OutFile: "v", SignKey: "k.key", ValidFor: 90 * day}},
		{name: "Go duration", args: "ev --sign k.key --out v --valid-for 36h",
			want: assessOptions{Paths: []string{"ev"}, Format: "table", Lang: "en", OutFile: "v", SignKey: "k.key", ValidFor: 36 * time.Hour}},
		{name: "sign needs out", args: "ev --sign k.key", wantErr: "--sign requires --out"},
		{name: "not batch", args: "--batch a b --sign k.key --out v", wantErr: "not --batch"},
		{name: "valid-for needs sign", args: "ev --valid-for 10d", wantErr: "--valid-for applies only with --sign"},
		{name: "bad duration", args: "ev --sign k --out v --valid-for 1y", wantErr: `invalid duration "1y"`},
		{name: "bad days", args: "ev --sign k --out v --valid-for xd", wantErr: `invalid duration "xd"`},
		{name: "not positive", args: "ev --sign k --out v --valid-for 0d", wantErr: "must be positive"},
	}
	testFlags(t, newAssessCmd, tests)
}

// TestSignVerifyEndToEnd creates a key, signs a verdict, verifies it,
// and checks the exit classes for tampered, unknown-key and expired
// verdicts.
func TestSignVerifyEndToEnd(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	prefix := filepath.Join(dir, "signing")
	out := &bytes.Buffer{}
	s := &streams{In: &bytes.Buffer{}, Out: out, Err: &bytes.Buffer{}}

	require.NoError(t, runKeyCreate(s, &keyCreateOptions{Prefix: prefix, Lang: "en"}))
	assert.Empty(t, out.String(), "standard output stays clean")
	assert.Contains(t, s.Err.(*bytes.Buffer).String(), "key ID ")
	st, err := os.Stat(prefix + ".key")
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	st, err = os.Stat(prefix + ".pub")
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), st.Mode().Perm())
	before, _ := os.ReadFile(prefix + ".key")
	err = runKeyCreate(s, &keyCreateOptions{Prefix: prefix})
	require.ErrorContains(t, err, "already exists")
	after, _ := os.ReadFile(prefix + ".key")
	assert.Equal(t, before, after, "an existing key is not overwritten")

	signed := filepath.Join(dir, "verdict.dsse.json")
	err = runAssess(ctx, &globalOptions{}, s, &assessOptions{
		Paths: []string{"../../examples/kobayashi-electronics"}, OutFile: signed, SignKey: prefix + ".pub", ValidFor: time.Hour,
	})
	require.ErrorContains(t, err, `want "PRIVATE KEY"`, "a bad key fails before assessing")
	assert.NoFileExists(t, signed)
	err = runAssess(ctx, &globalOptions{}, s, &assessOptions{
		Paths: []string{"../../examples/kobayashi-electronics"}, Format: "table", Lang: "en",
		OutFile: signed, SignKey: prefix + ".key", ValidFor: 30 * 24 * time.Hour,
	})
	require.ErrorIs(t, err, errFindings, "kobayashi has gaps: exit 1 as without --sign")
	raw, err := os.ReadFile(signed)
	require.NoError(t, err)
	var env attest.Envelope
	require.NoError(t, json.Unmarshal(raw, &env))
	assert.Equal(t, attest.PayloadType, env.PayloadType)
	// The verifier's clock is set from the signed window, so that the
	// test does not age with the example's CMMC dates.
	var stmt attest.Statement
	payload, err := base64.StdEncoding.DecodeString(env.Payload)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(payload, &stmt))
	inWindow, afterWindow := stmt.ValidFrom.Add(time.Hour), stmt.ValidUntil.Add(time.Second)

	verify := func(file string, now time.Time, keys ...string) (string, error) {
		out := &bytes.Buffer{}
		errOut := &bytes.Buffer{}
		err := runVerify(&streams{Out: out, Err: errOut}, &verifyOptions{File: file, Keys: keys, Format: "table", Lang: "en", now: func() time.Time { return now }})
		return out.String() + errOut.String(), err
	}

	t.Run("valid", func(t *testing.T) {
		got, err := verify(signed, inWindow, prefix+".pub")
		require.NoError(t, err, "a good signature in its window: exit 0, though the verdict says not ready")
		assert.Contains(t, got, "小林電子株式会社 (kobayashi-electronics)")
		assert.Contains(t, got, "okaya-design")
		assert.Contains(t, got, "Conditional (closeout ")
		assert.Regexp(t, `(?m)^Validity +valid from `, got)
		assert.Regexp(t, `(?m)^Decision +not ready$`, got)
		assert.Regexp(t, `(?m)^Determined by +self-assessed 0 · prime-assessed 320 · auditor-verified 0$`, got)
	})
	t.Run("json", func(t *testing.T) {
		out := &bytes.Buffer{}
		require.NoError(t, runVerify(&streams{Out: out, Err: &bytes.Buffer{}}, &verifyOptions{File: signed, Keys: []string{prefix + ".pub"}, Format: "json", Lang: "en", now: func() time.Time { return inWindow }}))
		var res map[string]any
		require.NoError(t, json.Unmarshal(out.Bytes(), &res))
		assert.Equal(t, true, res["valid"])
		assert.Equal(t, "not_ready", res["decision"])
		assert.Len(t, res["key_id"], 32)
	})
	t.Run("expired: exit 1", func(t *testing.T) {
		got, err := verify(signed, afterWindow, prefix+".pub")
		require.ErrorIs(t, err, errFindings)
		assert.Contains(t, got, "EXPIRED")
		assert.Contains(t, got, "the signature is good but the statement expired")
	})

	bad := func(t *testing.T, name string, b []byte) string {
		f := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(f, b, 0o600))
		return f
	}
	tamperedPayload := bytes.Replace(payload, []byte(`"ready":false`), []byte(`"ready":true `), 1)
	require.NotEqual(t, payload, tamperedPayload)
	tampered := env
	tampered.Payload = base64.StdEncoding.EncodeToString(tamperedPayload)
	tamperedJSON, _ := json.Marshal(tampered)

	other := filepath.Join(dir, "other")
	require.NoError(t, runKeyCreate(&streams{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}, &keyCreateOptions{Prefix: other}))

	tests := []struct {
		name, file, key, want string
	}{
		{"tampered payload", bad(t, "tampered.json", tamperedJSON), prefix + ".pub", "bad signature"},
		{"one character of the envelope", bad(t, "onechar.json", bytes.Replace(raw, []byte(env.Signatures[0].Sig[:4]), []byte("AAAA"), 1)), prefix + ".pub", "bad signature"},
		{"another key", signed, other + ".pub", "unknown key"},
		{"not an envelope", bad(t, "verdict.json", []byte(`{"mamori":"verdict/v1"}`)), prefix + ".pub", "not a signed verdict"},
		{"private key given", signed, prefix + ".key", `want "PUBLIC KEY"`},
		{"missing file", filepath.Join(dir, "nope.json"), prefix + ".pub", "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name+": exit 2", func(t *testing.T) {
			_, err := verify(tt.file, inWindow, tt.key)
			require.Error(t, err)
			assert.False(t, errors.Is(err, errFindings), "a bad signature is an error (exit 2), not exit 1")
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

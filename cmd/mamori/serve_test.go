package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine/attest"
	"github.com/mamori-dev/mamori/internal/server"
)

func TestNewCmdServe(t *testing.T) {
	def := serveOptions{Addr: "127.0.0.1:8080", DB: "./mamori.db", KeyFile: "./mamori-server.key", MaxBody: server.DefaultMaxBody,
		VerdictValidFor: "365d", DecisionValidFor: "24h", LogFormat: "text", ShutdownTimeout: 30 * time.Second,
		CheckpointEvery: 10 * time.Minute}
	with := func(f func(*serveOptions)) serveOptions { o := def; f(&o); return o }
	tests := []flagCase[serveOptions]{
		{name: "defaults", args: "", want: def},
		{name: "tls and mtls", args: "--tls-cert c.pem --tls-key k.pem --client-ca ca.pem --addr :0",
			want: with(func(o *serveOptions) { o.TLSCert, o.TLSKey, o.ClientCA, o.Addr = "c.pem", "k.pem", "ca.pem", ":0" })},
		{name: "limits", args: "--max-body 1024 --decision-valid-for 1h --verdict-valid-for 90d --log-format json",
			want: with(func(o *serveOptions) {
				o.MaxBody, o.DecisionValidFor, o.VerdictValidFor, o.LogFormat = 1024, "1h", "90d", "json"
			})},
		{name: "checkpoints", args: "--checkpoint-dir /archive --checkpoint-every 1m",
			want: with(func(o *serveOptions) { o.CheckpointDir, o.CheckpointEvery = "/archive", time.Minute })},
		{name: "bad checkpoint interval", args: "--checkpoint-every -1s", wantErr: "invalid --checkpoint-every -1s"},
		{name: "retired keys", args: "--retired-key 2025.pub --retired-key 2026.pub",
			want: with(func(o *serveOptions) { o.RetiredKeys = []string{"2025.pub", "2026.pub"} })},
		{name: "cloud registry", args: "--cloud-registry ismap.csv",
			want: with(func(o *serveOptions) { o.CloudRegistry = "ismap.csv" })},
		{name: "cert without key", args: "--tls-cert c.pem", wantErr: "--tls-cert and --tls-key go together"},
		{name: "client CA without TLS", args: "--client-ca ca.pem", wantErr: "--client-ca needs --tls-cert"},
		{name: "bad body limit", args: "--max-body 0", wantErr: "invalid --max-body 0"},
		{name: "bad validity", args: "--decision-valid-for soon", wantErr: `invalid duration "soon"`},
		{name: "bad log format", args: "--log-format xml", wantErr: "invalid --log-format"},
		{name: "arguments", args: "extra", wantErr: "unknown command"},
	}
	testFlags(t, newServeCmd, tests)
}

func TestNewCmdTokenCreate(t *testing.T) {
	tests := []flagCase[tokenCreateOptions]{
		{name: "company", args: "--role company --org sato --subject it",
			want: tokenCreateOptions{DB: "./mamori.db", Role: "company", Org: "sato", Subject: "it", Lang: "en"}},
		{name: "gate", args: "--role gate --subject dsg --db x.db",
			want: tokenCreateOptions{DB: "x.db", Role: "gate", Subject: "dsg", Lang: "en"}},
		{name: "unknown role", args: "--role root --subject x", wantErr: `invalid --role "root"`},
		{name: "company without org", args: "--role company --subject x", wantErr: "--org ORG is required for the company role"},
		{name: "gate with org", args: "--role gate --org sato --subject x", wantErr: "--org applies to the company and prime roles only"},
		{name: "no subject", args: "--role admin", wantErr: "--subject NAME is required"},
	}
	testFlags(t, newTokenCreateCmd, tests)
}

// TestServeKeyAndDatabase checks that serve creates its key pair and
// database with the right modes, reuses the key, and refuses a bad one.
func TestServeKeyAndDatabase(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "server.key")
	k1, created, err := loadOrCreateKey(keyFile)
	require.NoError(t, err)
	assert.True(t, created)
	for f, mode := range map[string]os.FileMode{keyFile: 0o600, filepath.Join(dir, "server.pub"): 0o644} {
		st, err := os.Stat(f)
		require.NoError(t, err)
		assert.Equal(t, mode, st.Mode().Perm(), f)
	}
	k2, created, err := loadOrCreateKey(keyFile)
	require.NoError(t, err)
	assert.False(t, created)
	assert.Equal(t, k1, k2)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bad.key"), []byte("not a key"), 0o600))
	_, _, err = loadOrCreateKey(filepath.Join(dir, "bad.key"))
	assert.ErrorContains(t, err, "bad.key")

	// A retired key is a public key file, and not the current one.
	oldPub, _, err := attest.GenerateKey()
	require.NoError(t, err)
	oldPEM, err := attest.MarshalPublicKey(oldPub)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "old.pub"), oldPEM, 0o644))
	retired, err := readRetiredKeys([]string{filepath.Join(dir, "old.pub")}, k1)
	require.NoError(t, err)
	assert.Equal(t, []ed25519.PublicKey{oldPub}, retired)
	_, err = readRetiredKeys([]string{filepath.Join(dir, "server.pub")}, k1)
	assert.ErrorContains(t, err, "server.pub: this is the current signing key's public key")
	_, err = readRetiredKeys([]string{filepath.Join(dir, "bad.key")}, k1)
	assert.ErrorContains(t, err, "--retired-key: "+filepath.Join(dir, "bad.key")+": public key: no PEM block")
	_, err = readRetiredKeys([]string{filepath.Join(dir, "missing.pub")}, k1)
	assert.ErrorContains(t, err, "missing.pub")

	// admin import creates the database 0600; a bad file leaves it alone.
	db := filepath.Join(dir, "mamori.db")
	var out, errOut bytes.Buffer
	require.NoError(t, os.WriteFile(filepath.Join(dir, "reg.yaml"), []byte("mamori: registry/v1\norganizations:\n  - {id: a, name: A}\n"), 0o600))
	code := run(context.Background(), []string{"admin", "import", filepath.Join(dir, "reg.yaml"), "--db", db}, &streams{In: &bytes.Buffer{}, Out: &out, Err: &errOut})
	require.Equal(t, 0, code, errOut.String())
	st, err := os.Stat(db)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bad.yaml"), []byte("mamori: registry/v1\ncontracts:\n  - {id: C, prime: nobody}\n"), 0o600))
	errOut.Reset()
	code = run(context.Background(), []string{"admin", "import", filepath.Join(dir, "bad.yaml"), "--db", db}, &streams{In: &bytes.Buffer{}, Out: &out, Err: &errOut})
	assert.Equal(t, 2, code)
	assert.Regexp(t, `bad.yaml:3: contracts\[0\].prime: organisation "nobody" is not registered`, errOut.String())
}

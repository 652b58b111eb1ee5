package attest_test

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/controls"
	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/attest"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/policies"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// fixedClock is the assessment and signing time of the golden tests.
var fixedClock = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

func kobayashiVerdict(t *testing.T) (*engine.Verdict, []byte) {
	t.Helper()
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{Controls: controls.FS, Policies: policies.FS, Now: func() time.Time { return fixedClock }})
	require.NoError(t, err)
	ev, err := evidence.Read("../../examples/kobayashi-electronics")
	require.NoError(t, err)
	v, err := eng.Assess(ctx, ev)
	require.NoError(t, err)
	// The golden statement must not change with every policy edit, nor
	// depend on where the repository is.
	v.PolicyDigest = "sha256:0123456789abcdef"
	for i := range v.Evidence {
		v.Evidence[i].File = filepath.Base(v.Evidence[i].File)
	}
	full, err := json.Marshal(v)
	require.NoError(t, err)
	return v, full
}

func testKey(t *testing.T, seed byte) ed25519.PrivateKey {
	t.Helper()
	s := make([]byte, ed25519.SeedSize)
	for i := range s {
		s[i] = seed
	}
	return ed25519.NewKeyFromSeed(s)
}

func sampleStatement() attest.Statement {
	score := 97
	closeout := "2027-05-19"
	return attest.Statement{
		Kind:         attest.KindVerdict,
		Organization: attest.Organization{ID: "org-1", Name: "小林電子株式会社"},
		Site:         "site-1",
		Decision: attest.Decision{
			DoDScore: &score, CMMCStatus: engine.CMMCConditional, CloseoutDue: &closeout,
			Conformance:     attest.Conformance{Implemented: 100, NotImplemented: 10, Total: 110},
			CoveragePercent: 98.5,
		},
		Catalog:       attest.Catalog{ID: "nist-sp800-171-r2", Version: "2"},
		PolicyDigest:  "sha256:00",
		Evidence:      []attest.Digest{{File: "a.yaml", SHA256: "ab"}},
		Assessment:    attest.Assessment{Type: "self", Assessor: "小林", Date: "2026-11-01"},
		IssuedAt:      fixedClock,
		ValidFrom:     fixedClock,
		ValidUntil:    fixedClock.AddDate(0, 6, 0),
		VerdictSHA256: "cd",
	}
}

func TestSignVerifyRoundTrip(t *testing.T) {
	key := testKey(t, 1)
	st := sampleStatement()
	env, err := attest.Sign(st, key)
	require.NoError(t, err)
	assert.Equal(t, attest.PayloadType, env.PayloadType)
	require.Len(t, env.Signatures, 1)
	assert.Equal(t, attest.KeyID(key.Public().(ed25519.PublicKey)), env.Signatures[0].KeyID)
	assert.Len(t, env.Signatures[0].KeyID, 32)

	other := testKey(t, 2).Public().(ed25519.PublicKey)
	got, err := attest.Verify(env, other, key.Public().(ed25519.PublicKey))
	require.NoError(t, err)
	assert.Equal(t, st, *got)

	// Through JSON, as a file would carry it.
	b, err := json.Marshal(env)
	require.NoError(t, err)
	env2, err := attest.ParseEnvelope(b)
	require.NoError(t, err)
	_, err = attest.Verify(env2, key.Public().(ed25519.PublicKey))
	require.NoError(t, err)
}

func TestVerifyRejects(t *testing.T) {
	key := testKey(t, 1)
	pub := key.Public().(ed25519.PublicKey)
	other := testKey(t, 2)
	otherPub := other.Public().(ed25519.PublicKey)
	fresh := func(t *testing.T) *attest.Envelope {
		env, err := attest.Sign(sampleStatement(), key)
		require.NoError(t, err)
		return env
	}
	flipPayloadByte := func(env *attest.Envelope) {
		p, _ := base64.StdEncoding.DecodeString(env.Payload)
		p[len(p)/2] ^= 0x01
		env.Payload = base64.StdEncoding.EncodeToString(p)
	}
	tests := []struct {
		name   string
		tamper func(*attest.Envelope)
		keys   []ed25519.PublicKey
		want   error
	}{
		{name: "one payload byte", tamper: flipPayloadByte, keys: []ed25519.PublicKey{pub}, want: attest.ErrBadSignature},
		{name: "signature", tamper: func(e *attest.Envelope) {
			s, _ := base64.StdEncoding.DecodeString(e.Signatures[0].Sig)
			s[0] ^= 0x80
			e.Signatures[0].Sig = base64.StdEncoding.EncodeToString(s)
		}, keys: []ed25519.PublicKey{pub}, want: attest.ErrBadSignature},
		{name: "payload type", tamper: func(e *attest.Envelope) { e.PayloadType = "application/json" }, keys: []ed25519.PublicKey{pub}, want: attest.ErrPayloadType},
		{name: "verified with another key", tamper: func(*attest.Envelope) {}, keys: []ed25519.PublicKey{otherPub}, want: attest.ErrUnknownKey},
		{name: "no key", tamper: func(*attest.Envelope) {}, want: attest.ErrUnknownKey},
		{name: "key swapped: re-signed by another key under the same key id", tamper: func(e *attest.Envelope) {
			p, _ := base64.StdEncoding.DecodeString(e.Payload)
			e.Signatures[0].Sig = base64.StdEncoding.EncodeToString(ed25519.Sign(other, attest.PAE(e.PayloadType, p)))
		}, keys: []ed25519.PublicKey{pub}, want: attest.ErrBadSignature},
		{name: "key id removed, wrong key", tamper: func(e *attest.Envelope) { e.Signatures[0].KeyID = "" }, keys: []ed25519.PublicKey{otherPub}, want: attest.ErrBadSignature},
		{name: "no signatures", tamper: func(e *attest.Envelope) { e.Signatures = nil }, keys: []ed25519.PublicKey{pub}, want: attest.ErrMalformed},
		{name: "payload not base64", tamper: func(e *attest.Envelope) { e.Payload = "!!" }, keys: []ed25519.PublicKey{pub}, want: attest.ErrMalformed},
		{name: "signed non-statement", tamper: func(e *attest.Envelope) {
			p := []byte(`{"kind":"gate"}`)
			e.Payload = base64.StdEncoding.EncodeToString(p)
			e.Signatures[0].Sig = base64.StdEncoding.EncodeToString(ed25519.Sign(key, attest.PAE(e.PayloadType, p)))
		}, keys: []ed25519.PublicKey{pub}, want: attest.ErrMalformed},
		{name: "signed statement with data after it", tamper: func(e *attest.Envelope) {
			p, _ := base64.StdEncoding.DecodeString(e.Payload)
			p = append(p, ` {}`...)
			e.Payload = base64.StdEncoding.EncodeToString(p)
			e.Signatures[0].Sig = base64.StdEncoding.EncodeToString(ed25519.Sign(key, attest.PAE(e.PayloadType, p)))
		}, keys: []ed25519.PublicKey{pub}, want: attest.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := fresh(t)
			tt.tamper(env)
			st, err := attest.Verify(env, tt.keys...)
			require.ErrorIs(t, err, tt.want)
			assert.Nil(t, st)
		})
	}
	t.Run("nil envelope", func(t *testing.T) {
		_, err := attest.Verify(nil, pub)
		require.ErrorIs(t, err, attest.ErrMalformed)
	})
}

func TestParseEnvelopeRejects(t *testing.T) {
	for name, in := range map[string]string{
		"not JSON":           "nope",
		"trailing":           `{"payloadType":"x","payload":"","signatures":[]} {}`,
		"a verdict":          `{"mamori":"verdict/v1"}`,
		"no payload":         `{"payloadType":"x","signatures":[]}`,
		"no payload type":    `{"payload":"","signatures":[]}`,
		"no signatures":      `{"payloadType":"x","payload":""}`,
		"a signature no sig": `{"payloadType":"x","payload":"","signatures":[{"keyid":"k"}]}`,
		"null payload":       `{"payloadType":"x","payload":null,"signatures":[]}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := attest.ParseEnvelope([]byte(in))
			require.ErrorIs(t, err, attest.ErrMalformed)
		})
	}
}

func TestCanonicalize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"sorted keys, no whitespace", `{ "b": 1, "a": [ true, false, null ] }`, `{"a":[true,false,null],"b":1}`},
		{"nested", `{"z":{"y":2,"x":1},"a":{}}`, `{"a":{},"z":{"x":1,"y":2}}`},
		{"no HTML escaping, only required escapes", `{"s":"<a&b>\u2028\"\\\n\u0001é"}`, "{\"s\":\"<a&b>\u2028\\\"\\\\\\n\\u0001é\"}"},
		{"floats", `[1.50, 0.1, -0, 1e2, 98.52, 1E21, 0.0000001]`, `[1.5,0.1,0,100,98.52,1e+21,1e-7]`},
		{"integers", `[0, -5, 313]`, `[0,-5,313]`},
		{"UTF-16 key order", `{"\ud83d\ude00":1,"\ufb33":2}`, "{\"\U0001F600\":1,\"\uFB33\":2}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := attest.Canonicalize([]byte(tt.in))
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
			again, err := attest.Canonicalize(got)
			require.NoError(t, err)
			assert.Equal(t, string(got), string(again), "canonical form is a fixed point")
		})
	}
	for _, bad := range []string{`{`, `1 2`, `[1e400]`, `9007199254740993`} {
		_, err := attest.Canonicalize([]byte(bad))
		assert.Error(t, err, bad)
	}
}

// TestCanonicalPayloadGolden pins the signed bytes for a fixed verdict:
// a change to the statement or the canonicaliser must be deliberate
// (go test ./engine/attest -update).
func TestCanonicalPayloadGolden(t *testing.T) {
	v, full := kobayashiVerdict(t)
	st := attest.StatementFor(v, full, fixedClock, 365*24*time.Hour)
	payload, err := st.Payload()
	require.NoError(t, err)
	again, err := attest.StatementFor(v, full, fixedClock, 365*24*time.Hour).Payload()
	require.NoError(t, err)
	assert.Equal(t, payload, again, "payload is deterministic")

	golden := filepath.Join("testdata", "kobayashi-statement.json")
	if *update {
		require.NoError(t, os.WriteFile(golden, payload, 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(payload))

	env, err := attest.Sign(st, testKey(t, 1))
	require.NoError(t, err)
	got, err := attest.Verify(env, testKey(t, 1).Public().(ed25519.PublicKey))
	require.NoError(t, err)
	assert.Equal(t, st, *got)
}

func TestStatementForValidity(t *testing.T) {
	v, full := kobayashiVerdict(t)
	require.Equal(t, engine.CMMCConditional, v.CMMC.Status, "kobayashi is the conditional example")
	require.NotNil(t, v.CMMC.CloseoutDue)
	closeout := time.Date(v.CMMC.CloseoutDue.Year(), v.CMMC.CloseoutDue.Month(), v.CMMC.CloseoutDue.Day(), 0, 0, 0, 0, time.UTC)

	tests := []struct {
		name     string
		validFor time.Duration
		want     time.Time
	}{
		{"short window kept", 30 * 24 * time.Hour, fixedClock.Add(30 * 24 * time.Hour)},
		{"capped at the closeout", 365 * 24 * time.Hour, closeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := attest.StatementFor(v, full, fixedClock, tt.validFor)
			assert.Equal(t, fixedClock, st.ValidFrom)
			assert.Equal(t, fixedClock, st.IssuedAt)
			assert.Equal(t, tt.want, st.ValidUntil)
			assert.Equal(t, v.Organization.Name, st.Organization.Name)
			assert.Equal(t, v.DoD.Score, st.Decision.DoDScore)
			assert.Len(t, st.Evidence, len(v.Evidence))
			assert.Len(t, st.VerdictSHA256, 64)
		})
	}
}

func TestKeyFiles(t *testing.T) {
	pub, priv, err := attest.GenerateKey()
	require.NoError(t, err)
	privPEM, err := attest.MarshalPrivateKey(priv)
	require.NoError(t, err)
	pubPEM, err := attest.MarshalPublicKey(pub)
	require.NoError(t, err)
	assert.Contains(t, string(privPEM), "-----BEGIN PRIVATE KEY-----")
	assert.Contains(t, string(pubPEM), "-----BEGIN PUBLIC KEY-----")

	gotPriv, err := attest.ParsePrivateKey(privPEM)
	require.NoError(t, err)
	assert.Equal(t, priv, gotPriv)
	gotPub, err := attest.ParsePublicKey(pubPEM)
	require.NoError(t, err)
	assert.Equal(t, pub, gotPub)

	tests := []struct {
		name, in, want string
		parse          func([]byte) error
	}{
		{"private: not PEM", "hello", "no PEM block", func(b []byte) error { _, err := attest.ParsePrivateKey(b); return err }},
		{"private: a public key", string(pubPEM), `want "PRIVATE KEY"`, func(b []byte) error { _, err := attest.ParsePrivateKey(b); return err }},
		{"public: not PEM", "", "no PEM block", func(b []byte) error { _, err := attest.ParsePublicKey(b); return err }},
		{"public: a private key", string(privPEM), `want "PUBLIC KEY"`, func(b []byte) error { _, err := attest.ParsePublicKey(b); return err }},
		{"public: garbage DER", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "public key:", func(b []byte) error { _, err := attest.ParsePublicKey(b); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.parse([]byte(tt.in))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestReadPublicKeys(t *testing.T) {
	dir := t.TempDir()
	pub, _, err := attest.GenerateKey()
	require.NoError(t, err)
	pemBytes, err := attest.MarshalPublicKey(pub)
	require.NoError(t, err)
	write := func(name string, b []byte) string {
		f := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(f, b, 0o644))
		return f
	}
	good := write("good.pub", pemBytes)
	keys, err := attest.ReadPublicKeys(good, good)
	require.NoError(t, err)
	assert.Equal(t, []ed25519.PublicKey{pub, pub}, keys)

	for name, tt := range map[string]struct{ file, want string }{
		"not PEM":  {write("bad.pub", []byte("not a key")), "bad.pub: public key: no PEM block found"},
		"too big":  {write("big.pub", make([]byte, 64<<10+1)), "big.pub: file is 65537 bytes, over the 65536-byte limit"},
		"missing":  {filepath.Join(dir, "missing.pub"), "missing.pub: no such file"},
		"a device": {"/dev/zero", "/dev/zero: file is over the 65536-byte limit"},
		"a secret": {write("secret.pem", []byte("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")), `PEM block is "PRIVATE KEY"`},
	} {
		_, err := attest.ReadPublicKeys(good, tt.file)
		assert.ErrorContains(t, err, tt.want, name)
	}
}

package attest_test

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine/attest"
)

func sampleDecision() attest.DecisionStatement {
	t0 := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	return attest.DecisionStatement{
		ID: "g_1", Gate: "exchange", Organization: "kobayashi", Site: "kobayashi-hq", Contract: "C-2026-014",
		Decision: "deny", Reasons: []string{"cmmc_not_final", "final_site_check_missing"},
		VerdictID: "v_1", VerdictSHA256: "ab", Catalog: attest.Catalog{ID: "nist-sp800-171-r2", Version: "2.0"},
		PolicyDigest: "sha256:00", Evidence: []string{"cd"}, IssuedAt: t0, ValidUntil: t0.Add(24 * time.Hour),
	}
}

func TestDecisionSignVerify(t *testing.T) {
	key := testKey(t, 7)
	pub := key.Public().(ed25519.PublicKey)
	env, err := attest.SignDecision(sampleDecision(), key)
	require.NoError(t, err)
	assert.Equal(t, attest.DecisionPayloadType, env.PayloadType)

	st, err := attest.VerifyDecision(env, pub)
	require.NoError(t, err)
	want := sampleDecision()
	want.Kind = attest.KindGateDecision
	assert.Equal(t, want, *st)

	// A verdict verifier refuses a decision, and the other way round.
	_, err = attest.Verify(env, pub)
	assert.ErrorIs(t, err, attest.ErrPayloadType)
	venv, err := attest.Sign(sampleStatement(), key)
	require.NoError(t, err)
	_, err = attest.VerifyDecision(venv, pub)
	assert.ErrorIs(t, err, attest.ErrPayloadType)
}

func TestDecisionVerifyRejects(t *testing.T) {
	key := testKey(t, 7)
	pub := key.Public().(ed25519.PublicKey)
	other := testKey(t, 8).Public().(ed25519.PublicKey)
	tests := []struct {
		name   string
		mutate func(*attest.Envelope)
		keys   []ed25519.PublicKey
		want   error
	}{
		{"altered payload", func(e *attest.Envelope) {
			b, _ := base64.StdEncoding.DecodeString(e.Payload)
			b[len(b)-3] ^= 1
			e.Payload = base64.StdEncoding.EncodeToString(b)
		}, []ed25519.PublicKey{pub}, attest.ErrBadSignature},
		{"deny turned into allow", func(e *attest.Envelope) {
			st := sampleDecision()
			st.Decision, st.Reasons = "allow", nil
			p, _ := st.Payload()
			e.Payload = base64.StdEncoding.EncodeToString(p)
		}, []ed25519.PublicKey{pub}, attest.ErrBadSignature},
		{"unknown key", func(*attest.Envelope) {}, []ed25519.PublicKey{other}, attest.ErrUnknownKey},
		{"no signatures", func(e *attest.Envelope) { e.Signatures = nil }, []ed25519.PublicKey{pub}, attest.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, err := attest.SignDecision(sampleDecision(), key)
			require.NoError(t, err)
			tt.mutate(env)
			_, err = attest.VerifyDecision(env, tt.keys...)
			assert.ErrorIs(t, err, tt.want)
		})
	}
}

// decisionCases are statements whose payloads are written by hand:
// plain, empty, with strings to escape and a local time, and with many
// evidence digests.
func decisionCases() []attest.DecisionStatement {
	escaped := sampleDecision()
	escaped.Organization = "株式会社\"引用\"\\ <tag> & \u2028 \x01"
	escaped.Reasons = []string{"é", "a\tb"}
	escaped.IssuedAt = time.Date(2026, 1, 2, 3, 4, 5, 123456789, time.FixedZone("JST", 9*3600))
	many := sampleDecision()
	for i := range 40 {
		many.Evidence = append(many.Evidence, fmt.Sprintf("%064x", i))
	}
	return []attest.DecisionStatement{sampleDecision(), {}, escaped, many}
}

func TestDecisionPayloadCanonical(t *testing.T) {
	for i, st := range decisionCases() {
		got, err := st.Payload()
		require.NoError(t, err)
		norm := st
		norm.Kind = attest.KindGateDecision
		norm.IssuedAt, norm.ValidUntil = st.IssuedAt.UTC(), st.ValidUntil.UTC()
		if norm.Reasons == nil {
			norm.Reasons = []string{}
		}
		if norm.Evidence == nil {
			norm.Evidence = []string{}
		}
		raw, err := json.Marshal(norm)
		require.NoError(t, err)
		want, err := attest.Canonicalize(raw)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), "case %d", i)
	}
}

// TestAppendSignedDecision checks that the pooled signing path writes
// the envelope SignDecision makes, whatever the previous statement was.
func TestAppendSignedDecision(t *testing.T) {
	key := testKey(t, 7)
	pub := key.Public().(ed25519.PublicKey)
	cases := decisionCases()
	// Longest first and then shorter, so that stale bytes of a reused
	// buffer would show.
	slices.Reverse(cases)
	for i, st := range append(cases, cases...) {
		env, err := attest.SignDecision(st, key)
		require.NoError(t, err)
		want, err := json.Marshal(env)
		require.NoError(t, err)
		got, err := attest.AppendSignedDecision([]byte("prefix:"), st, key)
		require.NoError(t, err)
		assert.Equal(t, "prefix:"+string(want), string(got), "case %d", i)

		parsed, err := attest.ParseEnvelope(got[len("prefix:"):])
		require.NoError(t, err)
		_, err = attest.VerifyDecision(parsed, pub)
		require.NoError(t, err, "case %d", i)
	}
	_, err := attest.AppendSignedDecision(nil, sampleDecision(), key[:10])
	assert.Error(t, err)
}

// TestEnvelopeAppendJSON checks the hand-written encoding against
// encoding/json, byte for byte.
func TestEnvelopeAppendJSON(t *testing.T) {
	tests := []*attest.Envelope{
		{PayloadType: attest.DecisionPayloadType, Payload: "eyJhIjoxfQ==", Signatures: []attest.Signature{{KeyID: "0123abcd", Sig: "c2ln+/=="}}},
		{PayloadType: "x/<y>&\"z\"\\", Payload: "", Signatures: []attest.Signature{{KeyID: "a", Sig: "b"}, {KeyID: "é\n", Sig: "\u2028"}}},
		{PayloadType: "t", Payload: "p"},
		{PayloadType: "t", Payload: "p", Signatures: []attest.Signature{}},
		{PayloadType: "bad \xff utf-8", Payload: "\x01"},
	}
	for _, env := range tests {
		want, err := json.Marshal(env)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(env.AppendJSON(nil)))
	}
}

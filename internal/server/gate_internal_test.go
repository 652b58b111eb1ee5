package server

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/attest"
)

// TestGateResponseJSON checks that the gate's hand-written response is
// the JSON encoding/json writes for the same value.
func TestGateResponseJSON(t *testing.T) {
	env := &attest.Envelope{PayloadType: attest.DecisionPayloadType, Payload: "eyJhIjoxfQ==",
		Signatures: []attest.Signature{{KeyID: "0123", Sig: "c2ln+/="}}}
	tests := []gateResponse{
		{ID: "g_1", Gate: "membership", Org: "sato-machining", Site: "suwa-honsha", Decision: "allow",
			Reasons: []engine.Reason{}, VerdictID: "v_1", ValidUntil: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC), Signed: env},
		{ID: "g_2", Gate: "exchange", Org: "株式会社\"引用\"<&>", Site: "s\\1\n", Contract: "C-1", Decision: "deny",
			Reasons:    []engine.Reason{{Code: "exchange.not_party", Message: engine.Text{EN: "not a party <to> C-1 & co", JA: "当事者ではない"}}},
			ValidUntil: time.Date(2026, 11, 22, 9, 0, 0, 123456789, time.UTC), Signed: env},
	}
	for _, g := range tests {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		require.NoError(t, enc.Encode(&g))
		var reasons bytes.Buffer
		enc = json.NewEncoder(&reasons)
		enc.SetEscapeHTML(false)
		require.NoError(t, enc.Encode(g.Reasons))
		g.reasons = bytes.TrimSuffix(reasons.Bytes(), []byte("\n"))
		var err error
		g.signed, err = json.Marshal(env)
		require.NoError(t, err)
		got := g.appendJSON(nil)
		// Equal as JSON values, and byte for byte where no escaping is needed.
		assert.JSONEq(t, want.String(), string(got))
		if g.ID == "g_1" {
			assert.Equal(t, want.String(), string(got))
		}
	}
}

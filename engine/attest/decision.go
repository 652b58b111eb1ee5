package attest

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"slices"
	"sync"
	"time"
)

// DecisionPayloadType is the DSSE payload type of a signed gate decision.
const DecisionPayloadType = "application/vnd.mamori.gate-decision+json"

// KindGateDecision is the kind of a gate decision statement.
const KindGateDecision = "gate_decision"

// DecisionStatement is what a signed gate decision asserts: that the
// gate allowed or denied the organisation's site (and, for the exchange
// gate, the contract) on the stated grounds, within a validity window.
// Its canonical JSON is the signed payload.
type DecisionStatement struct {
	Kind         string `json:"kind"`
	ID           string `json:"id"`
	Gate         string `json:"gate"`
	Organization string `json:"organization_id"`
	Site         string `json:"site_id"`
	Contract     string `json:"contract_id"`
	Decision     string `json:"decision"`
	// Reasons are the codes of every failing condition (none for allow).
	Reasons []string `json:"reasons"`
	// VerdictID is the stored verdict the decision rests on ("" when
	// the organisation has none); VerdictSHA256 binds its content.
	VerdictID     string  `json:"verdict_id"`
	VerdictSHA256 string  `json:"verdict_sha256"`
	Catalog       Catalog `json:"catalog"`
	// PolicyDigest is the digest of the policy bundle that decided.
	PolicyDigest string    `json:"policy_digest"`
	Evidence     []string  `json:"evidence_sha256"`
	IssuedAt     time.Time `json:"issued_at"`
	ValidUntil   time.Time `json:"valid_until"`
}

// Payload returns the canonical JSON of the statement. A busy gate signs
// one per request, so it is written directly, members in canonical
// order; TestDecisionPayloadCanonical checks it against Canonicalize.
func (st DecisionStatement) Payload() ([]byte, error) {
	// Sized for the whole statement (its keys and fixed values take
	// about 650 bytes), so that it is written without regrowing.
	var b bytes.Buffer
	b.Grow(1024 + 70*len(st.Evidence) + 40*len(st.Reasons))
	st.writePayload(&b)
	return b.Bytes(), nil
}

func (st *DecisionStatement) writePayload(b *bytes.Buffer) {
	str := func(key, v string) {
		writeString(b, key)
		b.WriteByte(':')
		writeString(b, v)
		b.WriteByte(',')
	}
	list := func(key string, vs []string) {
		writeString(b, key)
		b.WriteString(":[")
		for i, v := range vs {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, v)
		}
		b.WriteString("],")
	}
	var ts [40]byte
	b.WriteString(`{"catalog":{"id":`)
	writeString(b, st.Catalog.ID)
	b.WriteString(`,"version":`)
	writeString(b, st.Catalog.Version)
	b.WriteString("},")
	str("contract_id", st.Contract)
	str("decision", st.Decision)
	list("evidence_sha256", st.Evidence)
	str("gate", st.Gate)
	str("id", st.ID)
	writeString(b, "issued_at")
	b.WriteString(`:"`)
	b.Write(st.IssuedAt.UTC().AppendFormat(ts[:0], time.RFC3339Nano))
	b.WriteString(`",`)
	str("kind", KindGateDecision)
	str("organization_id", st.Organization)
	str("policy_digest", st.PolicyDigest)
	list("reasons", st.Reasons)
	str("site_id", st.Site)
	writeString(b, "valid_until")
	b.WriteString(`:"`)
	b.Write(st.ValidUntil.UTC().AppendFormat(ts[:0], time.RFC3339Nano))
	b.WriteString(`",`)
	str("verdict_id", st.VerdictID)
	str("verdict_sha256", st.VerdictSHA256)
	b.Truncate(b.Len() - 1)
	b.WriteByte('}')
}

// SignDecision signs a gate decision statement in a DSSE envelope.
func SignDecision(st DecisionStatement, key ed25519.PrivateKey) (*Envelope, error) {
	payload, err := st.Payload()
	if err != nil {
		return nil, fmt.Errorf("sign decision: %w", err)
	}
	return signPayload(DecisionPayloadType, payload, key)
}

// signScratch holds the payloads and pre-authentication encodings of
// AppendSignedDecision, which are needed only while signing.
var signScratch = sync.Pool{New: func() any { return new([2]bytes.Buffer) }}

// AppendSignedDecision signs st as SignDecision does and appends the
// JSON of its envelope (what AppendJSON writes for SignDecision's
// envelope, TestAppendSignedDecision) to b. A busy gate signs one
// decision per request: the payload and its pre-authentication encoding
// are written in pooled buffers, and the envelope straight into b.
func AppendSignedDecision(b []byte, st DecisionStatement, key ed25519.PrivateKey) ([]byte, error) {
	if len(key) != ed25519.PrivateKeySize {
		return nil, fmt.Errorf("sign decision: not an Ed25519 private key")
	}
	bufs := signScratch.Get().(*[2]bytes.Buffer)
	defer signScratch.Put(bufs)
	payload, pae := &bufs[0], &bufs[1]
	payload.Reset()
	st.writePayload(payload)
	pae.Reset()
	writePAE(pae, DecisionPayloadType, payload.Bytes())
	sig := ed25519.Sign(key, pae.Bytes())
	// The payload type, the base64 and the key ID (hex) need no escaping.
	b = slices.Grow(b, 128+len(DecisionPayloadType)+base64.StdEncoding.EncodedLen(payload.Len()))
	b = append(b, `{"payloadType":"`+DecisionPayloadType+`","payload":"`...)
	b = base64.StdEncoding.AppendEncode(b, payload.Bytes())
	b = append(b, `","signatures":[{"keyid":"`...)
	b = append(b, signerID(key)...)
	b = append(b, `","sig":"`...)
	b = base64.StdEncoding.AppendEncode(b, sig)
	return append(b, `"}]}`...), nil
}

// VerifyDecision checks a signed gate decision against the keys and
// returns its statement; like Verify it leaves the validity window to
// the caller.
func VerifyDecision(env *Envelope, keys ...ed25519.PublicKey) (*DecisionStatement, error) {
	payload, err := open(env, DecisionPayloadType, keys)
	if err != nil {
		return nil, err
	}
	var st DecisionStatement
	if err := decodeStatement(payload, &st); err != nil {
		return nil, err
	}
	if st.Kind != KindGateDecision {
		return nil, fmt.Errorf("%w: statement kind %q, want %q", ErrMalformed, st.Kind, KindGateDecision)
	}
	return &st, nil
}

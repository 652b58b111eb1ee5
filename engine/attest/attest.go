// Package attest signs and verifies mamori verdicts: a canonical JSON
// statement that summarises a verdict, in a DSSE envelope
// (https://github.com/secure-systems-lab/dsse) signed with Ed25519.
// A signed verdict can be verified offline with the signer's public key.
package attest

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// PayloadType is the DSSE payload type of a signed verdict statement.
const PayloadType = "application/vnd.mamori.verdict+json"

// KindVerdict is the kind of a verdict statement.
const KindVerdict = "verdict"

// Verification errors; Verify wraps them with detail.
var (
	ErrBadSignature = errors.New("bad signature")
	ErrUnknownKey   = errors.New("signed by an unknown key")
	ErrPayloadType  = errors.New("wrong payload type")
	ErrMalformed    = errors.New("malformed envelope")
)

// Envelope is a DSSE envelope.
type Envelope struct {
	PayloadType string      `json:"payloadType"`
	Payload     string      `json:"payload"`
	Signatures  []Signature `json:"signatures"`
}

// AppendJSON appends the envelope's JSON, the bytes json.Marshal
// writes: a busy gate encodes one per request.
func (e *Envelope) AppendJSON(b []byte) []byte {
	str := func(s string) { b = appendJSONString(b, s) }
	b = append(b, `{"payloadType":`...)
	str(e.PayloadType)
	b = append(b, `,"payload":`...)
	str(e.Payload)
	b = append(b, `,"signatures":`...)
	if e.Signatures == nil {
		return append(b, "null}"...)
	}
	b = append(b, '[')
	for i, sig := range e.Signatures {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"keyid":`...)
		str(sig.KeyID)
		b = append(b, `,"sig":`...)
		str(sig.Sig)
		b = append(b, '}')
	}
	return append(b, "]}"...)
}

// appendJSONString appends s as json.Marshal writes it, without its
// cost for the usual string that needs no escaping.
func appendJSONString(b []byte, s string) []byte {
	if !jsonSafe(s) {
		q, _ := json.Marshal(s) // a string cannot fail
		return append(b, q...)
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// jsonSafe reports whether json.Marshal writes s as it is, between
// quotes: printable ASCII with nothing to escape, not even for HTML.
func jsonSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		if !safeJSONByte[s[i]] {
			return false
		}
	}
	return true
}

var safeJSONByte = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = true
	}
	for _, c := range `"\<>&` {
		t[c] = false
	}
	return t
}()

// Signature is one DSSE signature.
type Signature struct {
	KeyID string `json:"keyid"`
	Sig   string `json:"sig"`
}

// Statement is what a signed verdict asserts. Its canonical JSON is the
// signed payload.
type Statement struct {
	Kind            string       `json:"kind"`
	Organization    Organization `json:"organization"`
	Site            string       `json:"site_id"`
	Decision        Decision     `json:"decision"`
	Catalog         Catalog      `json:"catalog"`
	PolicyDigest    string       `json:"policy_digest"`
	Evidence        []Digest     `json:"evidence"`
	Assessment      Assessment   `json:"assessment"`
	AuditorVerified bool         `json:"auditor_verified"`
	IssuedAt        time.Time    `json:"issued_at"`
	ValidFrom       time.Time    `json:"valid_from"`
	ValidUntil      time.Time    `json:"valid_until"`
	VerdictSHA256   string       `json:"verdict_sha256"`
}

// Organization names the assessed organisation.
type Organization struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Decision summarises the verdict.
type Decision struct {
	Ready           bool        `json:"ready"`
	DoDScore        *int        `json:"dod_score"`
	CMMCStatus      string      `json:"cmmc_status"`
	CloseoutDue     *string     `json:"closeout_due"`
	AffirmationDue  *string     `json:"affirmation_due"`
	ReassessmentDue *string     `json:"reassessment_due"`
	Conformance     Conformance `json:"conformance"`
	CoveragePercent float64     `json:"coverage_percent"`
}

// Conformance is the Japanese conformance count.
type Conformance struct {
	Implemented    int `json:"implemented"`
	NotImplemented int `json:"not_implemented"`
	NotApplicable  int `json:"not_applicable"`
	NotAssessed    int `json:"not_assessed"`
	Total          int `json:"total"`
}

// Catalog names the catalogue assessed against.
type Catalog struct {
	ID      string `json:"id"`
	Version string `json:"version"`
}

// Digest is an evidence file and its SHA-256.
type Digest struct {
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
}

// Assessment says who assessed, how and when.
type Assessment struct {
	Type     string `json:"type"`
	Assessor string `json:"assessor"`
	Date     string `json:"date"`
	// DeterminedBy counts the objectives each kind of assessor
	// determined (absent from statements signed before it was added).
	DeterminedBy *DeterminedBy `json:"determined_by,omitempty"`
}

// DeterminedBy counts objectives by the kind of assessor who determined
// them: the company, its prime, a Ministry auditor (on a site check).
type DeterminedBy struct {
	Self    int `json:"self"`
	Prime   int `json:"prime"`
	Auditor int `json:"auditor"`
}

// StatementFor summarises a verdict. fullVerdictJSON is the verdict as
// written (its SHA-256 is bound into the statement). The statement is
// valid from issued for validFor, but never past the CMMC reassessment
// date or, for a conditional status, the POA&M closeout date.
func StatementFor(v *engine.Verdict, fullVerdictJSON []byte, issued time.Time, validFor time.Duration) Statement {
	issued = issued.UTC().Truncate(time.Second)
	sum := sha256.Sum256(fullVerdictJSON)
	st := Statement{
		Kind:         KindVerdict,
		Organization: Organization{ID: v.Organization.ID, Name: v.Organization.Name},
		Decision: Decision{
			Ready:           v.Ready,
			DoDScore:        v.DoD.Score,
			CMMCStatus:      v.CMMC.Status,
			CloseoutDue:     dateString(v.CMMC.CloseoutDue),
			AffirmationDue:  dateString(v.CMMC.AffirmationDue),
			ReassessmentDue: dateString(v.CMMC.ReassessmentDue),
			Conformance: Conformance{
				Implemented:    v.Conformance.Implemented,
				NotImplemented: v.Conformance.NotImplemented,
				NotApplicable:  v.Conformance.NotApplicable,
				NotAssessed:    v.Conformance.NotAssessed,
				Total:          v.Conformance.Total,
			},
			CoveragePercent: v.Coverage.Percent,
		},
		Catalog:      Catalog{ID: v.Catalog.ID, Version: v.Catalog.Version},
		PolicyDigest: v.PolicyDigest,
		Evidence:     make([]Digest, 0, len(v.Evidence)),
		Assessment: Assessment{
			Type:     v.Assessment.Type,
			Assessor: v.Assessment.Assessor.Name,
			Date:     v.Assessment.Date.String(),
			DeterminedBy: &DeterminedBy{Self: v.Coverage.DeterminedBy.Self, Prime: v.Coverage.DeterminedBy.Prime,
				Auditor: v.Coverage.DeterminedBy.Auditor},
		},
		AuditorVerified: v.AuditorVerified,
		IssuedAt:        issued,
		ValidFrom:       issued,
		ValidUntil:      issued.Add(validFor),
		VerdictSHA256:   hex.EncodeToString(sum[:]),
	}
	if v.Site != nil {
		st.Site = v.Site.ID
	} else {
		st.Site = v.Assessment.Site
	}
	for _, e := range v.Evidence {
		st.Evidence = append(st.Evidence, Digest{File: e.File, SHA256: e.SHA256})
	}
	for _, d := range []*evidence.Date{v.CMMC.ReassessmentDue, v.CMMC.CloseoutDue} {
		if d == nil || d.IsZero() {
			continue
		}
		limit := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
		if limit.Before(st.ValidUntil) {
			st.ValidUntil = limit
		}
	}
	return st
}

func dateString(d *evidence.Date) *string {
	if d == nil || d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

// Payload returns the canonical JSON of the statement: the bytes that
// are signed.
func (st Statement) Payload() ([]byte, error) {
	st.IssuedAt = st.IssuedAt.UTC()
	st.ValidFrom = st.ValidFrom.UTC()
	st.ValidUntil = st.ValidUntil.UTC()
	if st.Evidence == nil {
		st.Evidence = []Digest{}
	}
	return canonicalJSON(st)
}

// PAE is the DSSE pre-authentication encoding of a payload.
func PAE(payloadType string, payload []byte) []byte {
	var b bytes.Buffer
	writePAE(&b, payloadType, payload)
	return b.Bytes()
}

func writePAE(b *bytes.Buffer, payloadType string, payload []byte) {
	var n [20]byte
	b.WriteString("DSSEv1 ")
	b.Write(strconv.AppendInt(n[:0], int64(len(payloadType)), 10))
	b.WriteByte(' ')
	b.WriteString(payloadType)
	b.WriteByte(' ')
	b.Write(strconv.AppendInt(n[:0], int64(len(payload)), 10))
	b.WriteByte(' ')
	b.Write(payload)
}

// KeyID identifies a public key: the hex of the first 16 bytes of the
// SHA-256 of its PKIX DER encoding.
func KeyID(pub ed25519.PublicKey) string {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(der)
	return hex.EncodeToString(sum[:16])
}

// Sign signs the statement's canonical JSON in a DSSE envelope.
func Sign(st Statement, key ed25519.PrivateKey) (*Envelope, error) {
	if st.Kind == "" {
		st.Kind = KindVerdict
	}
	payload, err := st.Payload()
	if err != nil {
		return nil, fmt.Errorf("sign: %w", err)
	}
	return signPayload(PayloadType, payload, key)
}

func signPayload(payloadType string, payload []byte, key ed25519.PrivateKey) (*Envelope, error) {
	if len(key) != ed25519.PrivateKeySize {
		return nil, fmt.Errorf("sign: not an Ed25519 private key")
	}
	sig := ed25519.Sign(key, PAE(payloadType, payload))
	return &Envelope{
		PayloadType: payloadType,
		Payload:     base64.StdEncoding.EncodeToString(payload),
		Signatures:  []Signature{{KeyID: signerID(key), Sig: base64.StdEncoding.EncodeToString(sig)}},
	}, nil
}

// signerIDs caches the key IDs of signing keys: a busy gate signs with
// the same key many times a second.
var signerIDs sync.Map

func signerID(key ed25519.PrivateKey) string {
	pub := key.Public().(ed25519.PublicKey)
	if id, ok := signerIDs.Load(string(pub)); ok {
		return id.(string)
	}
	id := KeyID(pub)
	signerIDs.Store(string(pub), id)
	return id
}

// ParseEnvelope decodes a DSSE envelope from JSON: one object and
// nothing after it, with the fields the envelope format requires
// (payload, payloadType, signatures and each signature's sig, even if
// empty). Fields it does not define are ignored, as it requires; none
// of them is signed.
func ParseEnvelope(b []byte) (*Envelope, error) {
	var raw struct {
		PayloadType *string `json:"payloadType"`
		Payload     *string `json:"payload"`
		Signatures  *[]struct {
			KeyID string  `json:"keyid"`
			Sig   *string `json:"sig"`
		} `json:"signatures"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: trailing data after the envelope", ErrMalformed)
	}
	if raw.PayloadType == nil || raw.Payload == nil || raw.Signatures == nil {
		return nil, fmt.Errorf("%w: payload, payloadType and signatures are required", ErrMalformed)
	}
	env := &Envelope{PayloadType: *raw.PayloadType, Payload: *raw.Payload, Signatures: make([]Signature, len(*raw.Signatures))}
	for i, s := range *raw.Signatures {
		if s.Sig == nil {
			return nil, fmt.Errorf("%w: signature %d has no sig", ErrMalformed, i+1)
		}
		env.Signatures[i] = Signature{KeyID: s.KeyID, Sig: *s.Sig}
	}
	return env, nil
}

// Verify checks that one of the envelope's signatures is valid for one
// of the keys and returns the signed verdict statement. It does not
// check the validity window: the caller compares ValidUntil with its
// clock.
func Verify(env *Envelope, keys ...ed25519.PublicKey) (*Statement, error) {
	payload, err := open(env, PayloadType, keys)
	if err != nil {
		return nil, err
	}
	return parseStatement(payload)
}

// open checks the envelope's payload type and signatures and returns
// the verified payload.
func open(env *Envelope, payloadType string, keys []ed25519.PublicKey) ([]byte, error) {
	if env == nil || len(env.Signatures) == 0 {
		return nil, fmt.Errorf("%w: no signature", ErrMalformed)
	}
	if env.PayloadType != payloadType {
		return nil, fmt.Errorf("%w: %q, want %q", ErrPayloadType, env.PayloadType, payloadType)
	}
	payload, err := decodeBase64(env.Payload)
	if err != nil {
		return nil, fmt.Errorf("%w: payload is not base64: %v", ErrMalformed, err)
	}
	byID := make(map[string]ed25519.PublicKey, len(keys))
	for _, k := range keys {
		if len(k) == ed25519.PublicKeySize {
			byID[KeyID(k)] = k
		}
	}
	msg := PAE(env.PayloadType, payload)
	matched := false
	for _, s := range env.Signatures {
		sig, err := decodeBase64(s.Sig)
		if err != nil {
			return nil, fmt.Errorf("%w: signature is not base64: %v", ErrMalformed, err)
		}
		candidates := keys
		if s.KeyID != "" {
			k, ok := byID[s.KeyID]
			if !ok {
				continue
			}
			candidates = []ed25519.PublicKey{k}
		}
		for _, k := range candidates {
			if len(k) != ed25519.PublicKeySize {
				continue
			}
			matched = true
			if ed25519.Verify(k, msg, sig) {
				return payload, nil
			}
		}
	}
	if !matched {
		ids := make([]string, 0, len(env.Signatures))
		for _, s := range env.Signatures {
			ids = append(ids, s.KeyID)
		}
		return nil, fmt.Errorf("%w: key id %v matches none of the %d key(s) given", ErrUnknownKey, ids, len(keys))
	}
	return nil, fmt.Errorf("%w: the envelope was altered or signed by another key", ErrBadSignature)
}

// decodeBase64 decodes the standard or the URL-safe alphabet: DSSE
// lets a signer use either, and a verifier must accept both.
func decodeBase64(s string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		if b, uerr := base64.URLEncoding.DecodeString(s); uerr == nil {
			return b, nil
		}
	}
	return b, err
}

func parseStatement(payload []byte) (*Statement, error) {
	var st Statement
	if err := decodeStatement(payload, &st); err != nil {
		return nil, err
	}
	if st.Kind != KindVerdict {
		return nil, fmt.Errorf("%w: statement kind %q, want %q", ErrMalformed, st.Kind, KindVerdict)
	}
	return &st, nil
}

// decodeStatement decodes a signed payload strictly: one JSON object
// with only the statement's fields, nothing after it.
func decodeStatement(payload []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%w: statement: %v", ErrMalformed, err)
	}
	if dec.More() {
		return fmt.Errorf("%w: statement: trailing data after the object", ErrMalformed)
	}
	return nil
}

// GenerateKey makes a new Ed25519 key pair.
func GenerateKey() (ed25519.PublicKey, ed25519.PrivateKey, error) {
	return ed25519.GenerateKey(rand.Reader)
}

// MarshalPrivateKey encodes a private key as PKCS#8 PEM ("PRIVATE KEY").
func MarshalPrivateKey(key ed25519.PrivateKey) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("encode private key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// MarshalPublicKey encodes a public key as PKIX PEM ("PUBLIC KEY").
func MarshalPublicKey(key ed25519.PublicKey) ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(key)
	if err != nil {
		return nil, fmt.Errorf("encode public key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), nil
}

// ParsePrivateKey decodes a PKCS#8 PEM Ed25519 private key.
func ParsePrivateKey(b []byte) (ed25519.PrivateKey, error) {
	blk, _ := pem.Decode(b)
	if blk == nil {
		return nil, errors.New("private key: no PEM block found")
	}
	if blk.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("private key: PEM block is %q, want \"PRIVATE KEY\" (PKCS#8)", blk.Type)
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("private key: %w", err)
	}
	ek, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("private key: %T is not an Ed25519 key", k)
	}
	return ek, nil
}

// ParsePublicKey decodes a PKIX PEM Ed25519 public key.
func ParsePublicKey(b []byte) (ed25519.PublicKey, error) {
	blk, _ := pem.Decode(b)
	if blk == nil {
		return nil, errors.New("public key: no PEM block found")
	}
	if blk.Type != "PUBLIC KEY" {
		return nil, fmt.Errorf("public key: PEM block is %q, want \"PUBLIC KEY\" (PKIX)", blk.Type)
	}
	k, err := x509.ParsePKIXPublicKey(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("public key: %w", err)
	}
	ek, ok := k.(ed25519.PublicKey)
	if !ok {
		return nil, fmt.Errorf("public key: %T is not an Ed25519 key", k)
	}
	return ek, nil
}

// maxKeyFile limits a public key file; a PEM Ed25519 key is about 113
// bytes.
const maxKeyFile = 64 << 10

// ReadPublicKeys reads PEM (PKIX) Ed25519 public key files. Errors name
// the file.
func ReadPublicKeys(files ...string) ([]ed25519.PublicKey, error) {
	keys := make([]ed25519.PublicKey, 0, len(files))
	for _, f := range files {
		b, err := evidence.ReadFile(f, maxKeyFile)
		if err != nil {
			return nil, err
		}
		k, err := ParsePublicKey(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		keys = append(keys, k)
	}
	return keys, nil
}

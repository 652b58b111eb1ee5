package attest_test

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine/attest"
)

// TestDSSEProtocolVector checks PAE against the test vector of the DSSE
// protocol (testdata/README.md): the PAE of the example is the published
// one, and the published ECDSA signature verifies over the PAE this
// package computes, so the two agree byte for byte.
func TestDSSEProtocolVector(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "dsse", "protocol-example.json"))
	require.NoError(t, err)
	var v struct {
		PayloadType string `json:"payloadType"`
		Body        string `json:"body"`
		PAE         string `json:"pae"`
		Key         struct{ X, Y string }
		Envelope    attest.Envelope `json:"envelope"`
	}
	require.NoError(t, json.Unmarshal(b, &v))

	pae := attest.PAE(v.PayloadType, []byte(v.Body))
	assert.Equal(t, v.PAE, string(pae))

	env, err := attest.ParseEnvelope(mustJSON(t, v.Envelope))
	require.NoError(t, err)
	assert.Equal(t, v.PayloadType, env.PayloadType)
	body, err := base64.StdEncoding.DecodeString(env.Payload)
	require.NoError(t, err)
	assert.Equal(t, v.Body, string(body))

	x, _ := new(big.Int).SetString(v.Key.X, 10)
	y, _ := new(big.Int).SetString(v.Key.Y, 10)
	point := make([]byte, 65)
	point[0] = 4 // uncompressed
	x.FillBytes(point[1:33])
	y.FillBytes(point[33:])
	pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), point)
	require.NoError(t, err)
	sig, err := base64.StdEncoding.DecodeString(env.Signatures[0].Sig)
	require.NoError(t, err)
	require.Len(t, sig, 64)
	r, s := new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])
	digest := sha256.Sum256(attest.PAE(env.PayloadType, body))
	assert.True(t, ecdsa.Verify(pub, digest[:], r, s), "the specification's signature verifies over this package's PAE")
	digest = sha256.Sum256(attest.PAE(env.PayloadType+" ", body))
	assert.False(t, ecdsa.Verify(pub, digest[:], r, s), "and not over another PAE")
}

// TestDSSEProtocolRules checks the rules of the DSSE protocol and
// envelope that the specification states and its example does not show,
// with the Ed25519 key of RFC 8032 section 7.1, TEST 1.
func TestDSSEProtocolRules(t *testing.T) {
	seed, _ := hex.DecodeString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
	key := ed25519.NewKeyFromSeed(seed)
	pub := key.Public().(ed25519.PublicKey)
	require.Equal(t, "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", hex.EncodeToString(pub))

	t.Run("LEN is the byte length of UTF-8", func(t *testing.T) {
		assert.Equal(t, "DSSEv1 29 application/vnd.exämple+json 3 {}\n",
			string(attest.PAE("application/vnd.exämple+json", []byte("{}\n"))))
		assert.Equal(t, "DSSEv1 0  0 ", string(attest.PAE("", nil)), "empty type and body")
	})

	t.Run("either base64 alphabet", func(t *testing.T) {
		// Bytes whose standard encoding has + and /.
		body := []byte{0xfb, 0xff, 0xbf, 0x3e, 0x3f}
		typ := attest.PayloadType
		sig := ed25519.Sign(key, attest.PAE(typ, body))
		for name, enc := range map[string]*base64.Encoding{"standard": base64.StdEncoding, "URL-safe": base64.URLEncoding} {
			env := &attest.Envelope{PayloadType: typ, Payload: enc.EncodeToString(body),
				Signatures: []attest.Signature{{KeyID: attest.KeyID(pub), Sig: enc.EncodeToString(sig)}}}
			_, err := attest.Verify(env, pub)
			// The signature verifies; the body is no statement.
			require.ErrorIs(t, err, attest.ErrMalformed, name)
			assert.Contains(t, err.Error(), "statement", name)
		}
	})

	t.Run("an empty body is signed and then refused as no statement", func(t *testing.T) {
		sig := ed25519.Sign(key, attest.PAE(attest.PayloadType, nil))
		env := &attest.Envelope{PayloadType: attest.PayloadType, Payload: "",
			Signatures: []attest.Signature{{Sig: base64.StdEncoding.EncodeToString(sig)}}}
		_, err := attest.Verify(env, pub)
		require.ErrorIs(t, err, attest.ErrMalformed)
		assert.Contains(t, err.Error(), "statement")
	})

	t.Run("unrecognised envelope fields are ignored", func(t *testing.T) {
		env, err := attest.Sign(sampleStatement(), key)
		require.NoError(t, err)
		var m map[string]any
		require.NoError(t, json.Unmarshal(mustJSON(t, env), &m))
		m["extension"] = map[string]any{"kind": "x"}
		m["signatures"].([]any)[0].(map[string]any)["cert"] = "-----BEGIN CERTIFICATE-----"
		parsed, err := attest.ParseEnvelope(mustJSON(t, m))
		require.NoError(t, err)
		_, err = attest.Verify(parsed, pub)
		require.NoError(t, err)
	})
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

// TestCanonicalizeRFC8785 canonicalises the input vectors of RFC 8785's
// authors and compares each with its output, byte for byte.
func TestCanonicalizeRFC8785(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "rfc8785", "input", "*.json"))
	require.NoError(t, err)
	require.Len(t, inputs, 6)
	for _, in := range inputs {
		name := filepath.Base(in)
		t.Run(strings.TrimSuffix(name, ".json"), func(t *testing.T) {
			doc, err := os.ReadFile(in)
			require.NoError(t, err)
			want, err := os.ReadFile(filepath.Join("testdata", "rfc8785", "output", name))
			require.NoError(t, err)
			got, err := attest.Canonicalize(doc)
			require.NoError(t, err)
			assert.Equal(t, string(want), string(got))
		})
	}
}

// TestCanonicalNumbersES6 writes the first 100,000 values of the ES6
// number test sequence of RFC 8785's authors as they do ("hex,number"
// lines, the number canonicalised by this package) and compares the
// SHA-256 of the lines with the published one (testdata/README.md).
func TestCanonicalNumbersES6(t *testing.T) {
	const (
		lines    = 100_000
		wantHash = "22776e6d4b49fa294a0d0f349268e5c28808fe7e0cb2bcbe28f63894e494d4c7"
		wantSize = 4_031_728
	)
	f, err := os.Open(filepath.Join("testdata", "rfc8785", "es6-static.txt"))
	require.NoError(t, err)
	defer f.Close()
	var static []uint64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		u, err := strconv.ParseUint(sc.Text(), 16, 64)
		require.NoError(t, err)
		static = append(static, u)
	}
	require.NoError(t, sc.Err())
	require.Len(t, static, 168)

	// The sequence: the static values, 2,000 values counting up from the
	// smallest normal double, then doubles taken eight bytes at a time
	// (little-endian) from a SHA-256 chain that starts from 32 zero
	// bytes, skipping zeros, NaNs and infinities.
	var (
		block [sha256.Size]byte
		data  []byte
		idx   int
	)
	next := func() float64 {
		defer func() { idx++ }()
		switch {
		case idx < len(static):
			return math.Float64frombits(static[idx])
		case idx < len(static)+2000:
			return math.Float64frombits(0x0010000000000000 + uint64(idx-len(static)))
		}
		for {
			if len(data) == 0 {
				block = sha256.Sum256(block[:])
				data = block[:]
			}
			v := math.Float64frombits(binary.LittleEndian.Uint64(data))
			data = data[8:]
			if v != 0 && !math.IsNaN(v) && !math.IsInf(v, 0) {
				return v
			}
		}
	}

	h := sha256.New()
	size := 0
	var line []byte
	for range lines {
		v := next()
		// As a JSON number in exponent form, so that every value takes
		// the floating-point path, integers beyond 2^53 included.
		doc := strconv.FormatFloat(v, 'e', -1, 64)
		got, err := attest.Canonicalize([]byte(doc))
		require.NoError(t, err, doc)
		line = strconv.AppendUint(line[:0], math.Float64bits(v), 16)
		line = append(line, ',')
		line = append(line, got...)
		line = append(line, '\n')
		h.Write(line)
		size += len(line)
	}
	assert.Equal(t, wantSize, size)
	assert.Equal(t, wantHash, hex.EncodeToString(h.Sum(nil)))
}

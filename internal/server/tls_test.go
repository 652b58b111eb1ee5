package server_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/internal/server"
	"github.com/mamori-dev/mamori/internal/store"
)

// newClientCert makes a CA and a client certificate it signed.
func newClientCert(t *testing.T) (*x509.CertPool, tls.Certificate) {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "gateways CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true,
		KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	require.NoError(t, err)
	ca, err := x509.ParseCertificate(caDER)
	require.NoError(t, err)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "dsg-gateway"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	return pool, tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// TestGateNeedsClientCertificate runs the service over TLS with a
// client CA: the gate role is refused without a verified client
// certificate and answered with one; other roles need none.
func TestGateNeedsClientCertificate(t *testing.T) {
	ctx := context.Background()
	eng, cats, cl := shared(t)
	st := testStore(t, true)
	_, gate, err := st.CreateToken(ctx, store.Token{Subject: "dsg", Role: store.RoleGate})
	require.NoError(t, err)
	_, admin, err := st.CreateToken(ctx, store.Token{Subject: "mod", Role: store.RoleAdmin})
	require.NoError(t, err)
	env := newEnv(t) // only for its key
	srv, err := server.New(ctx, server.Config{Store: st, Engine: eng, Catalogs: cats, Checklist: cl, Key: env.key, GateClientCert: true})
	require.NoError(t, err)
	defer srv.Close()

	pool, cert := newClientCert(t)
	ts := httptest.NewUnstartedServer(srv.Handler())
	ts.TLS = &tls.Config{ClientCAs: pool, ClientAuth: tls.VerifyClientCertIfGiven}
	ts.StartTLS()
	defer ts.Close()

	call := func(withCert bool, token, path, body string) int {
		tr := ts.Client().Transport.(*http.Transport).Clone()
		if withCert {
			tr.TLSClientConfig.Certificates = []tls.Certificate{cert}
		}
		req, _ := http.NewRequest(http.MethodPost, ts.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := (&http.Client{Transport: tr}).Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	body := `{"org":"kobayashi-electronics","site":"okaya-design"}`
	assert.Equal(t, http.StatusUnauthorized, call(false, gate, "/v1/gate/membership", body), "gate token without a client certificate")
	assert.Equal(t, http.StatusOK, call(true, gate, "/v1/gate/membership", body), "gate token with a client certificate")
	assert.Equal(t, http.StatusOK, call(false, admin, "/v1/gate/membership", body), "other roles need no certificate")
}

// TestRevokedTokenRefused checks that a token revoked by another process
// (mamori token revoke) stops working within the refresh interval.
func TestRevokedTokenRefused(t *testing.T) {
	e := newEnv(t)
	code, _, _ := e.do("gate", http.MethodPost, "/v1/gate/membership", "application/json",
		[]byte(`{"org":"kobayashi-electronics","site":"okaya-design"}`))
	require.Equal(t, http.StatusOK, code)
	toks, err := e.st.ListTokens(context.Background())
	require.NoError(t, err)
	for _, tk := range toks {
		if tk.Role == store.RoleGate {
			require.NoError(t, e.st.RevokeToken(context.Background(), tk.ID))
		}
	}
	assert.Eventually(t, func() bool {
		code, _, _ := e.do("gate", http.MethodPost, "/v1/gate/membership", "application/json",
			[]byte(`{"org":"kobayashi-electronics","site":"okaya-design"}`))
		return code == http.StatusUnauthorized
	}, 2*time.Second, 20*time.Millisecond)
}

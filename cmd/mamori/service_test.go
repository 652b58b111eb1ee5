package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine/attest"
)

type serviceExpectation struct {
	Registry  string `yaml:"registry"`
	Decisions []struct {
		Gate     string   `yaml:"gate"`
		Org      string   `yaml:"org"`
		Site     string   `yaml:"site"`
		Contract string   `yaml:"contract"`
		Decision string   `yaml:"decision"`
		Reasons  []string `yaml:"reasons"`
	} `yaml:"decisions"`
	// CloudRegistry is the registry the server checks cloud services
	// against (serve --cloud-registry); Cloud is each example's services'
	// outcomes, by example and service ID.
	CloudRegistry string                       `yaml:"cloud_registry"`
	Cloud         map[string]map[string]string `yaml:"cloud"`
}

// checkServiceExample runs the verdict service as a user would: admin
// import, token create, serve; submits the evidence examples; asks the
// gates; stops the server (SIGTERM's path) and verifies the ledger.
func checkServiceExample(t *testing.T, dir string, want *serviceExpectation) {
	tmp := t.TempDir()
	db := filepath.Join(tmp, "mamori.db")
	cli := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := run(context.Background(), args, &streams{In: &bytes.Buffer{}, Out: &out, Err: &errOut})
		return code, out.String(), errOut.String()
	}
	code, out, errOut := cli("admin", "import", filepath.Join(dir, want.Registry), "--db", db)
	require.Equal(t, 0, code, "%s", errOut)
	assert.Contains(t, out, "created 3 organizations")
	code, out, _ = cli("admin", "import", filepath.Join(dir, want.Registry), "--db", db)
	require.Equal(t, 0, code)
	assert.Contains(t, out, "unchanged 3 organizations", "importing again changes nothing")
	token := func(args ...string) string {
		code, out, errOut := cli(append([]string{"token", "create", "--db", db}, args...)...)
		require.Equal(t, 0, code, "%s", errOut)
		return strings.TrimSpace(out)
	}
	admin := token("--role", "admin", "--subject", "mod-admin")
	auditor := token("--role", "auditor", "--subject", "auditor-takahashi")
	gate := token("--role", "gate", "--subject", "dsg-gateway")

	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var serveErr syncBuffer // the server writes its log while the test reads it
	go func() {
		args := []string{"serve", "--db", db, "--key", filepath.Join(tmp, "server.key"), "--addr", "127.0.0.1:0"}
		if want.CloudRegistry != "" {
			args = append(args, "--cloud-registry", filepath.Join(dir, want.CloudRegistry))
		}
		done <- run(ctx, args, &streams{In: &bytes.Buffer{}, Out: pw, Err: &serveErr})
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	require.NoError(t, err, "serve: %s", serveErr.String())
	go io.Copy(io.Discard, pr)
	m := regexp.MustCompile(`listening on (http://\S+)`).FindStringSubmatch(line)
	require.NotNil(t, m, line)
	base := m[1]

	post := func(tok, path, ct string, body []byte) (int, []byte) {
		req, err := http.NewRequest(http.MethodPost, base+path, bytes.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", ct)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, b
	}
	for _, ex := range []string{"tsubasa-heavy-komaki", "kobayashi-electronics", "sato-machining"} {
		files, err := filepath.Glob(filepath.Join(dir, "..", ex, "*.yaml"))
		require.NoError(t, err)
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for _, f := range files {
			if filepath.Base(f) == "expected.yaml" {
				continue
			}
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			w, err := mw.CreateFormFile("evidence", filepath.Base(f))
			require.NoError(t, err)
			w.Write(b)
		}
		require.NoError(t, mw.Close())
		tok := admin
		if ex == "tsubasa-heavy-komaki" {
			tok = auditor // an auditor's assessment
		}
		code, b := post(tok, "/v1/assessments", mw.FormDataContentType(), buf.Bytes())
		require.Equal(t, http.StatusCreated, code, "%s: %s", ex, b)
		var resp struct {
			Verdict struct {
				Cloud *struct {
					Registry *struct {
						Sample bool `json:"sample"`
					} `json:"registry"`
					Services []struct {
						ID     string `json:"id"`
						Status string `json:"status"`
					} `json:"services"`
				} `json:"cloud"`
			} `json:"verdict"`
		}
		require.NoError(t, json.Unmarshal(b, &resp))
		got := map[string]string{}
		if c := resp.Verdict.Cloud; c != nil {
			require.NotNil(t, c.Registry, "%s: the server checks against its registry", ex)
			assert.True(t, c.Registry.Sample, ex)
			for _, s := range c.Services {
				got[s.ID] = s.Status
			}
		}
		if want.Cloud[ex] == nil {
			assert.Empty(t, got, "%s: cloud services", ex)
		} else {
			assert.Equal(t, want.Cloud[ex], got, "%s: cloud services", ex)
		}
	}
	for _, d := range want.Decisions {
		req := map[string]string{"org": d.Org, "site": d.Site}
		if d.Contract != "" {
			req["contract"] = d.Contract
		}
		body, _ := json.Marshal(req)
		code, b := post(gate, "/v1/gate/"+d.Gate, "application/json", body)
		require.Equal(t, http.StatusOK, code, "%s", b)
		var got struct {
			Decision string `json:"decision"`
			Reasons  []struct {
				Code string `json:"code"`
			} `json:"reasons"`
		}
		require.NoError(t, json.Unmarshal(b, &got))
		codes := []string{}
		for _, r := range got.Reasons {
			codes = append(codes, r.Code)
		}
		assert.Equal(t, d.Decision, got.Decision, "%s %s", d.Gate, d.Org)
		assert.Equal(t, d.Reasons, codes, "%s %s", d.Gate, d.Org)
	}

	// A checkpoint as an auditor fetches it.
	req, err := http.NewRequest(http.MethodGet, base+"/v1/ledger/checkpoint", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "bearer "+auditor) // the scheme is case-insensitive (RFC 9110 §11.1)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	fetched, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", fetched)
	require.NoError(t, os.WriteFile(filepath.Join(tmp, "fetched.checkpoint"), fetched, 0o644))

	cancel()
	select {
	case code := <-done:
		assert.Equal(t, 0, code, "graceful shutdown: %s", serveErr.String())
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	assert.Contains(t, serveErr.String(), "shutting down")
	// The checkpoint signed on shutdown, beside the database.
	written, err := filepath.Glob(db + ".checkpoints/ledger-*.checkpoint")
	require.NoError(t, err)
	require.Len(t, written, 1, "%s", serveErr.String())
	code, out, errOut = cli("audit", "verify", "--db", db, "--key", filepath.Join(tmp, "server.pub"),
		"--checkpoint", filepath.Join(tmp, "fetched.checkpoint"), "--checkpoint", written[0])
	require.Equal(t, 0, code, "%s%s", out, errOut)
	assert.Equal(t, 2, strings.Count(out, "the ledger extends it"), out)
	assert.Contains(t, out, "ok")
}

func TestVerifyGateDecision(t *testing.T) {
	dir := t.TempDir()
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{5}, 32))
	pubPEM, err := attest.MarshalPublicKey(key.Public().(ed25519.PublicKey))
	require.NoError(t, err)
	pub := filepath.Join(dir, "server.pub")
	require.NoError(t, os.WriteFile(pub, pubPEM, 0o644))
	issued := time.Now().UTC().Truncate(time.Second)
	write := func(name string, st attest.DecisionStatement) string {
		env, err := attest.SignDecision(st, key)
		require.NoError(t, err)
		b, _ := json.Marshal(env)
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, b, 0o600))
		return p
	}
	base := attest.DecisionStatement{ID: "g_1", Gate: "exchange", Organization: "tsubasa-heavy", Site: "komaki-2",
		Contract: "C-2026-014", VerdictID: "v_1", IssuedAt: issued}
	allow := base
	allow.Decision, allow.ValidUntil = "allow", issued.Add(24*time.Hour)
	deny := base
	deny.Decision, deny.Reasons, deny.ValidUntil = "deny", []string{"exchange.not_party"}, issued
	expired := allow
	expired.IssuedAt, expired.ValidUntil = issued.Add(-48*time.Hour), issued.Add(-24*time.Hour)
	tests := []struct {
		name, locale string
		file         string
		code         int
		out          []string
	}{
		{"allow", "en_US.UTF-8", write("allow.json", allow), 0, []string{`(?m)^Decision +allow \(exchange gate, g_1\)$`, `(?m)^Validity +valid until `}},
		// A good signature on a deny verifies (exit 0): the deny is a
		// record, and the decision says so on its own line.
		{"deny", "en_US.UTF-8", write("deny.json", deny), 0, []string{`(?m)^Decision +deny \(exchange gate, g_1\)$`,
			`(?m)^Validity +a record of the refusal; it grants nothing$`, `(?m)^Reason +not a party to the contract$`}},
		{"deny in Japanese", "ja_JP.UTF-8", write("deny-ja.json", deny), 0, []string{`(?m)^判定 +拒否（利用ゲート、g_1）$`,
			`(?m)^理由 +契約の当事者でない$`}},
		{"expired allow", "en_US.UTF-8", write("expired.json", expired), 1, []string{`(?m)^Validity +EXPIRED at `}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			setLocale(t, tt.locale)
			var out, errOut bytes.Buffer
			code := run(context.Background(), []string{"verify", tt.file, "--key", pub}, &streams{In: &bytes.Buffer{}, Out: &out, Err: &errOut})
			assert.Equal(t, tt.code, code, "%s", errOut.String())
			for _, re := range tt.out {
				assert.Regexp(t, re, out.String())
			}
		})
	}
	// Tampered: a deny turned into an allow is exit 2.
	b, err := os.ReadFile(filepath.Join(dir, "deny.json"))
	require.NoError(t, err)
	var env attest.Envelope
	require.NoError(t, json.Unmarshal(b, &env))
	forged := allow
	p, _ := forged.Payload()
	env.Payload = base64.StdEncoding.EncodeToString(p)
	b, _ = json.Marshal(env)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "forged.json"), b, 0o600))
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"verify", filepath.Join(dir, "forged.json"), "--key", pub}, &streams{In: &bytes.Buffer{}, Out: &out, Err: &errOut})
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut.String(), "treat it as no decision")
}

// syncBuffer is a bytes.Buffer that one goroutine may write while
// another reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

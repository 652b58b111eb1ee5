package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	var serveErr bytes.Buffer
	go func() {
		done <- run(ctx, []string{"serve", "--db", db, "--key", filepath.Join(tmp, "server.key"), "--addr", "127.0.0.1:0"},
			&streams{In: &bytes.Buffer{}, Out: pw, Err: &serveErr})
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

	cancel()
	select {
	case code := <-done:
		assert.Equal(t, 0, code, "graceful shutdown: %s", serveErr.String())
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	assert.Contains(t, serveErr.String(), "shutting down")
	code, out, errOut = cli("audit", "verify", "--db", db)
	require.Equal(t, 0, code, "%s", errOut)
	assert.Contains(t, out, "ok")
}

package server_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/mamori-dev/mamori/controls"
	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/attest"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/internal/server"
	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/policies"
	"github.com/mamori-dev/mamori/reports"
)

// testNow is the service's clock in these tests.
var testNow = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)

var (
	sharedOnce sync.Once
	sharedEng  *engine.Engine
	sharedCats *engine.Catalogs
	sharedCL   *engine.Checklist
	sharedErr  error
)

// shared builds the engine, catalogues and checklist once per test run.
func shared(t testing.TB) (*engine.Engine, *engine.Catalogs, *engine.Checklist) {
	t.Helper()
	sharedOnce.Do(func() {
		ctx := context.Background()
		if sharedEng, sharedErr = engine.New(ctx, engine.Options{Controls: controls.FS, Policies: policies.FS}); sharedErr != nil {
			return
		}
		var sp *engine.Catalog
		if sp, sharedErr = engine.LoadCatalog(controls.FS, reports.SP80053Catalog); sharedErr != nil {
			return
		}
		if sharedCats, sharedErr = engine.NewCatalogs(sharedEng.Catalog(), sp); sharedErr != nil {
			return
		}
		var b []byte
		if b, sharedErr = controls.FS.ReadFile(engine.DefaultChecklist); sharedErr != nil {
			return
		}
		sharedCL, sharedErr = engine.ParseChecklist(engine.DefaultChecklist, b, sharedEng.Catalog())
	})
	require.NoError(t, sharedErr)
	return sharedEng, sharedCats, sharedCL
}

const testRegistry = `mamori: registry/v1
organizations:
  - id: tsubasa-heavy
    name: つばさ重工業株式会社
    sites: [{id: komaki-2, name: 小牧第二工場}]
  - id: kobayashi-electronics
    name: 小林電子株式会社
    sites: [{id: okaya-design, name: 岡谷設計センター}]
  - id: sato-machining
    name: 佐藤精密工業株式会社
    sites: [{id: suwa-honsha, name: 諏訪本社工場}]
contracts:
  - id: C-2026-014
    prime: tsubasa-heavy
    special_clause: true
    designation_reference: 指定書 2026-014
    subcontractors: [kobayashi-electronics]
  - id: C-2026-020
    prime: sato-machining
    special_clause: true
    subcontractors: []
auditors:
  - subject: auditor-tanaka
    sites: [okaya-design, komaki-2]
`

// env is a running service with the three examples registered.
type env struct {
	t      testing.TB
	st     *store.SQLite
	srv    *server.Server
	ts     *httptest.Server
	key    ed25519.PrivateKey
	tokens map[string]string // role name -> raw token
}

// testStore opens a store in a temporary directory, closed when the
// test ends, with the test registry applied when registered is set.
func testStore(t testing.TB, registered bool) *store.SQLite {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "mamori.db"), store.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	if registered {
		reg, err := server.ParseRegistry("registry.yaml", []byte(testRegistry))
		require.NoError(t, err)
		_, err = server.ApplyRegistry(ctx, st, "registry.yaml", reg)
		require.NoError(t, err)
	}
	return st
}

func newEnv(t testing.TB) *env {
	t.Helper()
	ctx := context.Background()
	eng, cats, cl := shared(t)
	st := testStore(t, true)
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{3}, 32))
	srv, err := server.New(ctx, server.Config{
		Store: st, Engine: eng, Catalogs: cats, Checklist: cl, Key: key,
		Now: func() time.Time { return testNow }, RefreshInterval: 10 * time.Millisecond,
	})
	require.NoError(t, err)
	ts := httptest.NewServer(srv.Handler())
	e := &env{t: t, st: st, srv: srv, ts: ts, key: key, tokens: map[string]string{}}
	t.Cleanup(func() {
		ts.Close()
		srv.Close()
	})
	for name, tok := range map[string]store.Token{
		"company":       {Subject: "kobayashi-it", Role: store.RoleCompany, OrgID: "kobayashi-electronics"},
		"company-other": {Subject: "sato-it", Role: store.RoleCompany, OrgID: "sato-machining"},
		"auditor":       {Subject: "auditor-tanaka", Role: store.RoleAuditor},
		"prime":         {Subject: "tsubasa-procurement", Role: store.RolePrime, OrgID: "tsubasa-heavy"},
		"gate":          {Subject: "dsg-gateway", Role: store.RoleGate},
		"admin":         {Subject: "mod-admin", Role: store.RoleAdmin},
	} {
		_, raw, err := st.CreateToken(ctx, tok)
		require.NoError(t, err)
		e.tokens[name] = raw
	}
	return e
}

// do sends a request as a role ("" for none) and returns the status and body.
func (e *env) do(role, method, path, contentType string, body []byte) (int, []byte, http.Header) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.ts.URL+path, bytes.NewReader(body))
	require.NoError(e.t, err)
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[role])
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := e.ts.Client().Do(req)
	require.NoError(e.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(e.t, err)
	return resp.StatusCode, b, resp.Header
}

func (e *env) json(role, method, path string, v any) (int, []byte) {
	e.t.Helper()
	var body []byte
	if v != nil {
		var err error
		body, err = json.Marshal(v)
		require.NoError(e.t, err)
	}
	code, b, _ := e.do(role, method, path, "application/json", body)
	return code, b
}

// exampleMultipart is an example's evidence as a multipart body.
func exampleMultipart(t testing.TB, name string) (string, []byte) {
	t.Helper()
	dir := filepath.Join("..", "..", "examples", name)
	ents, err := os.ReadDir(dir)
	require.NoError(t, err)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, ent := range ents {
		if !strings.HasSuffix(ent.Name(), ".yaml") || ent.Name() == "expected.yaml" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, ent.Name()))
		require.NoError(t, err)
		w, err := mw.CreateFormFile("evidence", ent.Name())
		require.NoError(t, err)
		_, err = w.Write(b)
		require.NoError(t, err)
	}
	require.NoError(t, mw.Close())
	return mw.FormDataContentType(), buf.Bytes()
}

type verdictBody struct {
	ID       string          `json:"id"`
	Org      string          `json:"org"`
	Site     string          `json:"site"`
	Summary  attest.Decision `json:"summary"`
	Verdict  json.RawMessage `json:"verdict"`
	Signed   attest.Envelope `json:"signed"`
	Evidence []string        `json:"evidence_digests"`
}

// submit posts an example's evidence as role and returns the verdict.
func (e *env) submit(role, example string) verdictBody {
	e.t.Helper()
	ct, body := exampleMultipart(e.t, example)
	code, b, hdr := e.do(role, http.MethodPost, "/v1/assessments", ct, body)
	require.Equal(e.t, http.StatusCreated, code, "%s", b)
	var v verdictBody
	require.NoError(e.t, json.Unmarshal(b, &v))
	assert.Equal(e.t, "/v1/verdicts/"+v.ID, hdr.Get("Location"))
	return v
}

type gateBody struct {
	ID        string          `json:"id"`
	Decision  string          `json:"decision"`
	Reasons   []engine.Reason `json:"reasons"`
	VerdictID string          `json:"verdict_id"`
	Signed    attest.Envelope `json:"signed"`
}

func (e *env) gate(kind, org, site, contract string) gateBody {
	e.t.Helper()
	req := map[string]string{"org": org, "site": site}
	if contract != "" {
		req["contract"] = contract
	}
	code, b := e.json("gate", http.MethodPost, "/v1/gate/"+kind, req)
	require.Equal(e.t, http.StatusOK, code, "%s", b)
	var g gateBody
	require.NoError(e.t, json.Unmarshal(b, &g))
	return g
}

func reasonCodes(rs []engine.Reason) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Code
	}
	return out
}

// filledChecklist makes the site checklist form for an example and fills
// every item with result, signed by an auditor.
func filledChecklist(t testing.TB, example, site, result string) []byte {
	t.Helper()
	eng, _, cl := shared(t)
	ev, err := evidence.Read(filepath.Join("..", "..", "examples", example))
	require.NoError(t, err)
	v, err := eng.Assess(context.Background(), ev)
	require.NoError(t, err)
	var form bytes.Buffer
	require.NoError(t, reports.WriteSiteChecklist(&form, cl, ev, v, site, engine.LangJA))
	f, err := excelize.OpenReader(&form)
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows(reports.SheetChecklist)
	require.NoError(t, err)
	items := map[string]bool{}
	for _, it := range cl.Items {
		items[it.ID] = true
	}
	for i, r := range rows {
		if len(r) == 0 {
			continue
		}
		row := strconv.Itoa(i + 1)
		switch {
		case items[r[0]]:
			require.NoError(t, f.SetCellStr(reports.SheetChecklist, "H"+row, result))
		case strings.HasPrefix(r[0], "確認者氏名"):
			require.NoError(t, f.SetCellStr(reports.SheetChecklist, "C"+row, "田中 監査"))
		case strings.HasPrefix(r[0], "所属"):
			require.NoError(t, f.SetCellStr(reports.SheetChecklist, "C"+row, "防衛装備庁"))
		case strings.HasPrefix(r[0], "確認日"):
			require.NoError(t, f.SetCellStr(reports.SheetChecklist, "C"+row, "2026-11-20"))
		}
	}
	var out bytes.Buffer
	require.NoError(t, f.Write(&out))
	return out.Bytes()
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func TestGateJourney(t *testing.T) {
	e := newEnv(t)
	pub := e.key.Public().(ed25519.PublicKey)

	// No verdict yet: every reason is listed.
	g := e.gate("membership", "tsubasa-heavy", "komaki-2", "")
	assert.Equal(t, "deny", g.Decision)
	assert.Contains(t, reasonCodes(g.Reasons), "membership.no_verdict")

	// The auditor submits the prime site's auditor-led assessment.
	v := e.submit("auditor", "tsubasa-heavy-komaki")
	assert.True(t, v.Summary.Ready)
	g = e.gate("membership", "tsubasa-heavy", "komaki-2", "")
	assert.Equal(t, "deny", g.Decision)
	assert.ElementsMatch(t, []string{"membership.pre_site_check_not_passed", "membership.final_site_check_not_passed"}, reasonCodes(g.Reasons))

	// Pre-site and final site checks, uploaded by the assigned auditor.
	for _, kind := range []string{"pre", "final"} {
		code, b, _ := e.do("auditor", http.MethodPost, "/v1/sites/komaki-2/checks?kind="+kind, xlsxType,
			filledChecklist(t, "tsubasa-heavy-komaki", "komaki-2", "適合"))
		require.Equal(t, http.StatusCreated, code, "%s", b)
		var resp struct {
			Check   store.SiteCheck `json:"check"`
			Verdict *verdictBody    `json:"verdict"`
		}
		require.NoError(t, json.Unmarshal(b, &resp))
		assert.Equal(t, store.CheckPass, resp.Check.Result)
		require.NotNil(t, resp.Verdict, "the check is applied to the current evidence")
		assert.True(t, resp.Verdict.Summary.Ready)
	}
	g = e.gate("membership", "tsubasa-heavy", "komaki-2", "")
	assert.Equal(t, "allow", g.Decision, "%v", g.Reasons)
	st, err := attest.VerifyDecision(&g.Signed, pub)
	require.NoError(t, err)
	assert.Equal(t, "allow", st.Decision)
	assert.Equal(t, g.VerdictID, st.VerdictID)
	assert.Equal(t, "komaki-2", st.Site)
	assert.True(t, st.ValidUntil.After(testNow))

	// The prime may receive its own contract's information.
	g = e.gate("exchange", "tsubasa-heavy", "komaki-2", "C-2026-014")
	assert.Equal(t, "allow", g.Decision, "%v", g.Reasons)
	// Not a party to another prime's contract.
	g = e.gate("exchange", "tsubasa-heavy", "komaki-2", "C-2026-020")
	assert.Equal(t, "deny", g.Decision)
	assert.Contains(t, reasonCodes(g.Reasons), "exchange.not_party")

	// A suspension takes effect at once, and lifting it restores the decision.
	code, b := e.json("admin", http.MethodPost, "/v1/organizations/tsubasa-heavy/suspensions", map[string]string{"reason": "incident 2026-11-22-01"})
	require.Equal(t, http.StatusCreated, code, "%s", b)
	g = e.gate("membership", "tsubasa-heavy", "komaki-2", "")
	assert.Equal(t, "deny", g.Decision)
	assert.Contains(t, reasonCodes(g.Reasons), "membership.organization_suspended")
	code, b = e.json("admin", http.MethodDelete, "/v1/organizations/tsubasa-heavy/suspensions", nil)
	require.Equal(t, http.StatusOK, code, "%s", b)
	assert.Equal(t, "allow", e.gate("membership", "tsubasa-heavy", "komaki-2", "").Decision)

	// Every step is in the ledger, which verifies, and holds no evidence.
	rep, err := e.st.VerifyLedger(context.Background())
	require.NoError(t, err)
	assert.True(t, rep.OK(), "%v", rep.Problem)
	entries, err := e.st.LedgerEntries(context.Background())
	require.NoError(t, err)
	kinds := map[string]int{}
	for _, en := range entries {
		kinds[en.Kind]++
		assert.NotContains(t, en.Subject, "つばさ")
		assert.NotContains(t, en.Subject, "incident")
	}
	assert.Equal(t, 7, kinds[store.KindGateDecision])
	assert.Equal(t, 3, kinds[store.KindVerdict])
	assert.Equal(t, 2, kinds[store.KindSiteCheck])
	assert.Equal(t, 1, kinds[store.KindSuspension])
	assert.Equal(t, 1, kinds[store.KindSuspensionLifted])
}

func TestGateBadRequests(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name string
		path string
		body string
		code int
	}{
		{"not JSON", "/v1/gate/membership", `{"org":`, http.StatusBadRequest},
		{"unknown field", "/v1/gate/membership", `{"org":"a","site":"b","x":1}`, http.StatusBadRequest},
		{"missing site", "/v1/gate/membership", `{"org":"kobayashi-electronics"}`, http.StatusUnprocessableEntity},
		{"contract on membership", "/v1/gate/membership", `{"org":"kobayashi-electronics","site":"okaya-design","contract":"C-2026-014"}`, http.StatusUnprocessableEntity},
		{"missing contract", "/v1/gate/exchange", `{"org":"kobayashi-electronics","site":"okaya-design"}`, http.StatusUnprocessableEntity},
		{"unknown org", "/v1/gate/membership", `{"org":"nobody","site":"okaya-design"}`, http.StatusNotFound},
		{"unknown contract", "/v1/gate/exchange", `{"org":"kobayashi-electronics","site":"okaya-design","contract":"C-0"}`, http.StatusNotFound},
		{"someone else's site", "/v1/gate/membership", `{"org":"kobayashi-electronics","site":"suwa-honsha"}`, http.StatusUnprocessableEntity},
		{"trailing data", "/v1/gate/membership", `{"org":"a","site":"b"} {}`, http.StatusBadRequest},
		{"too large", "/v1/gate/membership", `{"org":"` + strings.Repeat("a", 70<<10) + `"}`, http.StatusRequestEntityTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, b, hdr := e.do("gate", http.MethodPost, tt.path, "application/json", []byte(tt.body))
			assert.Equal(t, tt.code, code, "%s", b)
			assert.Equal(t, "application/problem+json", hdr.Get("Content-Type"))
			var p map[string]any
			require.NoError(t, json.Unmarshal(b, &p))
			assert.EqualValues(t, tt.code, p["status"])
			assert.NotEmpty(t, p["detail"])
		})
	}

	// A body of unknown length is stopped at the limit as it is read;
	// the decision after it reads a body of its own.
	req, err := http.NewRequest(http.MethodPost, e.ts.URL+"/v1/gate/membership",
		io.MultiReader(strings.NewReader(`{"org":"`), strings.NewReader(strings.Repeat("a", 70<<10)+`"}`)))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+e.tokens["gate"])
	resp, err := e.ts.Client().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
	code, b, _ := e.do("gate", http.MethodPost, "/v1/gate/membership", "application/json",
		[]byte(`{"org":"kobayashi-electronics","site":"okaya-design"}`))
	assert.Equal(t, http.StatusOK, code, "%s", b)
}

// TestNewerSchemaStopsServing migrates the database under a running
// server, as a newer mamori would: the server notices within its
// refresh interval and refuses every request but liveness and metrics,
// writing nothing more.
func TestNewerSchemaStopsServing(t *testing.T) {
	e := newEnv(t)
	gate := []byte(`{"org":"kobayashi-electronics","site":"okaya-design"}`)
	code, b, _ := e.do("gate", http.MethodPost, "/v1/gate/membership", "application/json", gate)
	require.Equal(t, http.StatusOK, code, "%s", b)
	_, err := e.st.DB().Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future.sql', '')`,
		store.SchemaVersion()+1)
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		code, _, _ := e.do("", http.MethodGet, "/readyz", "", nil)
		return code == http.StatusServiceUnavailable
	}, 5*time.Second, 10*time.Millisecond)
	before, err := e.st.LedgerEntries(context.Background())
	require.NoError(t, err)

	for _, tt := range []struct {
		role, method, path string
		body               []byte
		code               int
	}{
		{"", http.MethodGet, "/readyz", nil, http.StatusServiceUnavailable},
		{"gate", http.MethodPost, "/v1/gate/membership", gate, http.StatusServiceUnavailable},
		{"company", http.MethodGet, "/v1/organizations/kobayashi-electronics/verdict", nil, http.StatusServiceUnavailable},
		{"admin", http.MethodGet, "/v1/whoami", nil, http.StatusServiceUnavailable},
		{"", http.MethodGet, "/v1/keys", nil, http.StatusServiceUnavailable},
		{"", http.MethodGet, "/healthz", nil, http.StatusOK},
		{"", http.MethodGet, "/metrics", nil, http.StatusOK},
	} {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			code, b, hdr := e.do(tt.role, tt.method, tt.path, "application/json", tt.body)
			require.Equal(t, tt.code, code, "%s", b)
			if code == http.StatusServiceUnavailable {
				assert.Equal(t, "application/problem+json", hdr.Get("Content-Type"))
				assert.Contains(t, string(b), `"type":"https://mamori.dev/problems/schema-too-new"`)
			}
		})
	}
	after, err := e.st.LedgerEntries(context.Background())
	require.NoError(t, err)
	assert.Len(t, after, len(before), "nothing is written once the schema has moved on")
}

func TestAssessmentBadInput(t *testing.T) {
	e := newEnv(t)
	ct, good := exampleMultipart(t, "kobayashi-electronics")
	tests := []struct {
		name, role, ct string
		body           []byte
		code           int
		detail         string
	}{
		{"unsupported type", "company", "text/plain", []byte("x"), http.StatusUnsupportedMediaType, "multipart"},
		{"bad YAML with its line", "company", "application/yaml", []byte("mamori: evidence/v1\norganization: [\n"), http.StatusUnprocessableEntity, ".yaml:"},
		{"not a workbook", "company", xlsxType, []byte("PK not really"), http.StatusUnprocessableEntity, "request.xlsx"},
		{"a JSON escape JSON does not have", "company", "application/json",
			[]byte(`{"mamori": "evidence/v1",` + "\n" + `"f\x61cts": {}}`), http.StatusUnprocessableEntity, `"line":2`},
		{"a duplicate JSON key", "company", "application/json",
			[]byte(`{"mamori": "evidence/v1", "facts": {},` + "\n" + `"facts": {}}`), http.StatusUnprocessableEntity, `duplicate key`},
		{"a lone surrogate", "company", "application/json",
			[]byte(`{"mamori": "evidence/v1", "scope": {"description": "\ud800"}}`), http.StatusUnprocessableEntity, `lone surrogate`},
		{"a second YAML document", "company", "application/yaml",
			[]byte("mamori: evidence/v1\n---\nfacts: {}\n"), http.StatusUnprocessableEntity, "a second YAML document"},
		{"a bad file of several, by its name", "company", "multipart/form-data; boundary=b", []byte("--b\r\n" +
			"Content-Disposition: form-data; name=\"evidence\"; filename=\"../facts.yaml\"\r\n\r\n" +
			"mamori: evidence/v1\nfacts: [\n\r\n--b--\r\n"), http.StatusUnprocessableEntity, `"file":"facts.yaml","line":3`},
		{"another company's evidence", "company-other", ct, good, http.StatusForbidden, "own organisation"},
		{"auditor's assessment from a company", "company", "", nil, http.StatusForbidden, "auditor"},
		{"over the limit", "company", "application/yaml", bytes.Repeat([]byte("#"), server.DefaultMaxBody+1), http.StatusRequestEntityTooLarge, "limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, ctype := tt.body, tt.ct
			if body == nil {
				ctype, body = exampleMultipart(t, "tsubasa-heavy-komaki")
				body = bytes.ReplaceAll(body, []byte("id: tsubasa-heavy\n"), []byte("id: kobayashi-electronics\n"))
			}
			code, b, _ := e.do(tt.role, http.MethodPost, "/v1/assessments", ctype, body)
			assert.Equal(t, tt.code, code, "%s", b)
			assert.Contains(t, string(b), tt.detail)
		})
	}
	// Nothing was stored.
	vs, err := e.st.ListVerdicts(context.Background(), "kobayashi-electronics")
	require.NoError(t, err)
	assert.Empty(t, vs)
}

func TestReportStreamed(t *testing.T) {
	e := newEnv(t)
	e.submit("company", "kobayashi-electronics")
	code, b, hdr := e.do("company", http.MethodGet, "/v1/organizations/kobayashi-electronics/report.xlsx?lang=en", "", nil)
	require.Equal(t, http.StatusOK, code, "%s", b)
	assert.Equal(t, xlsxType, hdr.Get("Content-Type"))
	f, err := excelize.OpenReader(bytes.NewReader(b))
	require.NoError(t, err)
	defer f.Close()
	assert.Contains(t, f.GetSheetList(), "POA&M")
}

// keySet is the body of GET /v1/keys.
type keySet struct {
	Keys []struct {
		KeyID  string `json:"keyid"`
		Status string `json:"status"`
		PEM    string `json:"public_key_pem"`
	} `json:"keys"`
}

// After a key rotation, /v1/keys serves the old public key as retired,
// and what the old key signed verifies with it.
func TestRetiredKeys(t *testing.T) {
	ctx := context.Background()
	eng, cats, cl := shared(t)
	st := testStore(t, false)
	oldKey := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{1}, 32))
	newKey := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{2}, 32))
	cfg := server.Config{Store: st, Engine: eng, Catalogs: cats, Checklist: cl, Key: newKey,
		RetiredKeys: []ed25519.PublicKey{oldKey.Public().(ed25519.PublicKey)}}

	_, err := server.New(ctx, server.Config{Store: st, Engine: eng, Catalogs: cats, Checklist: cl, Key: newKey,
		RetiredKeys: []ed25519.PublicKey{newKey.Public().(ed25519.PublicKey)}})
	assert.ErrorContains(t, err, "is the current signing key")

	srv, err := server.New(ctx, cfg)
	require.NoError(t, err)
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	resp, err := http.Get(ts.URL + "/v1/keys")
	require.NoError(t, err)
	defer resp.Body.Close()
	var keys keySet
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&keys))
	require.Len(t, keys.Keys, 2)
	assert.Equal(t, "active", keys.Keys[0].Status)
	assert.Equal(t, attest.KeyID(newKey.Public().(ed25519.PublicKey)), keys.Keys[0].KeyID)
	assert.Equal(t, "retired", keys.Keys[1].Status)
	assert.Equal(t, attest.KeyID(oldKey.Public().(ed25519.PublicKey)), keys.Keys[1].KeyID)

	var served []ed25519.PublicKey
	for _, k := range keys.Keys {
		pub, err := attest.ParsePublicKey([]byte(k.PEM))
		require.NoError(t, err)
		served = append(served, pub)
	}
	old, err := attest.SignDecision(attest.DecisionStatement{ID: "g_old", Gate: "membership", Organization: "sato",
		Site: "suwa", Decision: "allow", Reasons: []string{}, IssuedAt: testNow, ValidUntil: testNow}, oldKey)
	require.NoError(t, err)
	_, err = attest.VerifyDecision(old, served...)
	assert.NoError(t, err, "a decision signed before the rotation verifies with the served keys")
	_, err = attest.VerifyDecision(old, served[0])
	assert.Error(t, err, "the new key alone does not verify it")
}

func TestKeysAndOpenAPI(t *testing.T) {
	e := newEnv(t)
	code, b, _ := e.do("", http.MethodGet, "/v1/keys", "", nil)
	require.Equal(t, http.StatusOK, code)
	var keys keySet
	require.NoError(t, json.Unmarshal(b, &keys))
	require.Len(t, keys.Keys, 1)
	assert.Equal(t, "active", keys.Keys[0].Status)
	pub, err := attest.ParsePublicKey([]byte(keys.Keys[0].PEM))
	require.NoError(t, err)
	assert.Equal(t, e.key.Public(), pub)
	assert.Equal(t, attest.KeyID(pub), keys.Keys[0].KeyID)

	code, b, _ = e.do("", http.MethodGet, "/v1/openapi.yaml", "", nil)
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, server.OpenAPI, b)

	for _, p := range []string{"/healthz", "/readyz"} {
		code, _, _ = e.do("", http.MethodGet, p, "", nil)
		assert.Equal(t, http.StatusOK, code, p)
	}
}

func TestSupplyChainForPrime(t *testing.T) {
	e := newEnv(t)
	e.submit("company", "kobayashi-electronics")
	code, b, _ := e.do("prime", http.MethodGet, "/v1/supply-chain/tsubasa-heavy", "", nil)
	require.Equal(t, http.StatusOK, code, "%s", b)
	var rep struct {
		Contracts []struct {
			ID    string `json:"id"`
			Ready bool   `json:"ready"`
		} `json:"contracts"`
		Blockers []struct {
			Contract string   `json:"contract"`
			Company  string   `json:"company"`
			Tier     int      `json:"tier"`
			Path     []string `json:"path"`
			Reasons  []struct {
				Code string `json:"code"`
			} `json:"reasons"`
		} `json:"blockers"`
	}
	require.NoError(t, json.Unmarshal(b, &rep))
	require.Len(t, rep.Contracts, 1)
	assert.Equal(t, "C-2026-014", rep.Contracts[0].ID)
	assert.False(t, rep.Contracts[0].Ready, "kobayashi is conditional and not auditor-verified")
	require.NotEmpty(t, rep.Blockers)
	assert.Equal(t, "kobayashi-electronics", rep.Blockers[0].Company)
	assert.Equal(t, 1, rep.Blockers[0].Tier)
	assert.Equal(t, []string{"tsubasa-heavy", "kobayashi-electronics"}, rep.Blockers[0].Path)
	// Summaries only: no findings, gaps or evidence of the subcontractor.
	for _, s := range []string{`"findings"`, `"gaps"`, `"requirements"`, `"evidence"`} {
		assert.NotContains(t, string(b), s)
	}
	// Another prime's chain is not found; a company may not ask.
	code, _, _ = e.do("prime", http.MethodGet, "/v1/supply-chain/sato-machining", "", nil)
	assert.Equal(t, http.StatusNotFound, code)
	code, _, _ = e.do("company", http.MethodGet, "/v1/supply-chain/tsubasa-heavy", "", nil)
	assert.Equal(t, http.StatusForbidden, code)
}

// TestBadInputNever500 sends malformed bodies to every endpoint that
// takes one, as admin (who passes every scope check): each answer is a
// problem+json 4xx.
func TestBadInputNever500(t *testing.T) {
	e := newEnv(t)
	e.submit("company", "kobayashi-electronics")
	bodies := map[string][]byte{
		"empty":        nil,
		"truncated":    []byte(`{"org":`),
		"binary":       {0x00, 0xff, 0xfe, 0x50, 0x4b, 0x03, 0x04, 0x00},
		"deep":         []byte(strings.Repeat("[", 10000) + strings.Repeat("]", 10000)),
		"wrong types":  []byte(`{"org": 1, "site": [], "contract": {}, "reason": false, "id": null, "mamori": 7}`),
		"yaml bomb":    []byte("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"),
		"invalid utf8": []byte("mamori: evidence/v1\norganization: {id: \xff\xfe}\n"),
	}
	types := []string{"application/json", "application/yaml", xlsxType, "multipart/form-data; boundary=x", "text/plain", ""}
	paths := []struct{ method, path string }{
		{"POST", "/v1/assessments"},
		{"POST", "/v1/sites/okaya-design/checks?kind=final"},
		{"POST", "/v1/gate/membership"},
		{"POST", "/v1/gate/exchange"},
		{"POST", "/v1/organizations/kobayashi-electronics/suspensions"},
		{"POST", "/v1/organizations"},
		{"POST", "/v1/organizations/kobayashi-electronics/sites"},
		{"POST", "/v1/contracts"},
		{"POST", "/v1/registry"},
	}
	for _, p := range paths {
		for name, body := range bodies {
			for _, ct := range types {
				code, b, hdr := e.do("admin", p.method, p.path, ct, body)
				if code >= 500 || code < 400 {
					t.Errorf("%s %s with %s as %q: %d %s", p.method, p.path, name, ct, code, b)
					continue
				}
				assert.Equal(t, "application/problem+json", hdr.Get("Content-Type"), "%s %s %s", p.path, name, ct)
			}
		}
	}
}

func TestSupplyChainTiers(t *testing.T) {
	e := newEnv(t)
	code, b := e.json("admin", http.MethodPost, "/v1/contracts", map[string]any{
		"id": "C-2026-030", "prime": "tsubasa-heavy", "special_clause": true, "designation_reference": "指定書 030",
		"subcontractors": []string{"kobayashi-electronics", "sato-machining"},
		"parents":        map[string]string{"sato-machining": "kobayashi-electronics"},
	})
	require.Equal(t, http.StatusCreated, code, "%s", b)
	// A parent outside the contract, and a cycle, are refused.
	for _, parents := range []map[string]string{{"sato-machining": "nobody"}, {"sato-machining": "kobayashi-electronics", "kobayashi-electronics": "sato-machining"}} {
		code, b = e.json("admin", http.MethodPost, "/v1/contracts", map[string]any{
			"id": "C-bad", "prime": "tsubasa-heavy", "subcontractors": []string{"kobayashi-electronics", "sato-machining"}, "parents": parents})
		assert.Equal(t, http.StatusUnprocessableEntity, code, "%s", b)
	}
	e.submit("company-other", "sato-machining")
	code, b, _ = e.do("prime", http.MethodGet, "/v1/supply-chain/tsubasa-heavy", "", nil)
	require.Equal(t, http.StatusOK, code, "%s", b)
	var rep struct {
		Blockers []struct {
			Contract string   `json:"contract"`
			Company  string   `json:"company"`
			Tier     int      `json:"tier"`
			Path     []string `json:"path"`
		} `json:"blockers"`
	}
	require.NoError(t, json.Unmarshal(b, &rep))
	found := false
	for _, bl := range rep.Blockers {
		if bl.Contract == "C-2026-030" && bl.Company == "sato-machining" {
			found = true
			assert.Equal(t, 2, bl.Tier)
			assert.Equal(t, []string{"tsubasa-heavy", "kobayashi-electronics", "sato-machining"}, bl.Path)
		}
	}
	assert.True(t, found, "the tier-2 subcontractor blocks: %s", b)
}

// TestProblemBounded submits evidence with thousands of unknown
// objectives: the answer lists the first 100 faults and says how many
// there were. With 20,000 the mapping itself is refused, before yaml.v3
// compares its keys pairwise (300,000 would take it minutes).
func TestProblemBounded(t *testing.T) {
	e := newEnv(t)
	post := func(n int) (int, []byte) {
		var b strings.Builder
		b.WriteString("mamori: evidence/v1\norganization:\n  id: kobayashi-electronics\n  name: 小林電子株式会社\n" +
			"assessment:\n  type: self\n  date: 2026-10-01\n  assessor:\n    name: 検査 花子\nobjectives:\n")
		for i := range n {
			fmt.Fprintf(&b, "  9.9.%d[a]: {status: met}\n", i)
		}
		code, body, _ := e.do("admin", http.MethodPost, "/v1/assessments", "application/yaml", []byte(b.String()))
		t.Logf("%.1f MB of evidence with %d unknown objectives: %d, a %d-byte answer", float64(b.Len())/1e6, n, code, len(body))
		return code, body
	}
	var p struct {
		Detail      string `json:"detail"`
		Errors      []any  `json:"errors"`
		ErrorsTotal int    `json:"errors_total"`
	}
	code, body := post(4000)
	require.Equal(t, http.StatusUnprocessableEntity, code, "%.300s", body)
	require.NoError(t, json.Unmarshal(body, &p))
	assert.Len(t, p.Errors, 100)
	assert.Equal(t, 4000, p.ErrorsTotal)
	assert.Equal(t, "4000 faults in the input; the first 100 are listed", p.Detail)
	assert.Less(t, len(body), 32<<10)

	code, body = post(20_000)
	require.Equal(t, http.StatusUnprocessableEntity, code, "%.300s", body)
	p.Errors, p.ErrorsTotal = nil, 0
	require.NoError(t, json.Unmarshal(body, &p))
	assert.Len(t, p.Errors, 1)
	assert.Zero(t, p.ErrorsTotal)
	assert.Contains(t, p.Detail, ":11: objectives: a mapping of 20000 entries: at most 5000 in one mapping")
}

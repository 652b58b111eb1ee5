package server_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/oscal/export"
	"github.com/mamori-dev/mamori/internal/server"
)

// TestVerdictOSCAL checks GET /v1/verdicts/{id}/oscal: the company gets
// the full assessment results of its stored verdict, valid against
// NIST's schema and the same at every request; a prime gets the summary,
// without findings, observations, risks or evidence.
func TestVerdictOSCAL(t *testing.T) {
	e := newEnv(t)
	v := e.submit("company", "kobayashi-electronics")
	path := "/v1/verdicts/" + v.ID + "/oscal"

	code, full, hdr := e.do("company", http.MethodGet, path, "", nil)
	require.Equal(t, http.StatusOK, code, "%s", full)
	assert.Equal(t, "application/json", hdr.Get("Content-Type"))
	assert.Equal(t, "no-store", hdr.Get("Cache-Control"))
	validOSCAL(t, full)
	_, again, _ := e.do("admin", http.MethodGet, path, "", nil)
	assert.Equal(t, full, again, "the same verdict, the same document")

	var doc export.AssessmentResultsDocument
	require.NoError(t, json.Unmarshal(full, &doc))
	res := doc.AssessmentResults.Results[0]
	assert.Len(t, res.Findings, 110+320)
	assert.NotEmpty(t, res.Observations)
	assert.NotEmpty(t, res.Risks)
	assert.Equal(t, "105", propValue(res.Props, "dod-score"))
	assert.Equal(t, "conditional", propValue(res.Props, "cmmc-status"))
	// The UUIDs derive from the digest the signed verdict binds.
	assert.Equal(t, signedVerdictSHA256(t, e, v.ID), propValue(doc.AssessmentResults.Metadata.Props, "verdict-sha256"))

	code, sum, _ := e.do("prime", http.MethodGet, path, "", nil)
	require.Equal(t, http.StatusOK, code, "%s", sum)
	validOSCAL(t, sum)
	var sdoc export.AssessmentResultsDocument
	require.NoError(t, json.Unmarshal(sum, &sdoc))
	sres := sdoc.AssessmentResults.Results[0]
	assert.Empty(t, sres.Findings)
	assert.Empty(t, sres.Observations)
	assert.Empty(t, sres.Risks)
	assert.Equal(t, "105", propValue(sres.Props, "dod-score"))
	for _, secret := range []string{"中村", "KD-03", `"findings":`, `"observations":`, `"risks":`, "evidence-file"} {
		assert.NotContains(t, string(sum), secret)
	}

	code, ja, _ := e.do("company", http.MethodGet, path+"?lang=ja", "", nil)
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, string(ja), "評価結果: 小林電子株式会社")
	code, b, _ := e.do("company", http.MethodGet, path+"?lang=fr", "", nil)
	assert.Equal(t, http.StatusBadRequest, code, "%s", b)
	code, _, _ = e.do("company", http.MethodGet, "/v1/verdicts/v_missing/oscal", "", nil)
	assert.Equal(t, http.StatusNotFound, code)
}

func propValue(ps []export.Property, name string) string {
	for _, p := range ps {
		if p.NS == export.NS && p.Name == name {
			return p.Value
		}
	}
	return ""
}

// signedVerdictSHA256 reads the verdict digest from the signed statement.
func signedVerdictSHA256(t *testing.T, e *env, id string) string {
	t.Helper()
	code, b, _ := e.do("admin", http.MethodGet, "/v1/verdicts/"+id, "", nil)
	require.Equal(t, http.StatusOK, code)
	var vr struct {
		Signed struct {
			Payload string `json:"payload"`
		} `json:"signed"`
	}
	require.NoError(t, json.Unmarshal(b, &vr))
	payload, err := base64.StdEncoding.DecodeString(vr.Signed.Payload)
	require.NoError(t, err)
	var st struct {
		VerdictSHA256 string `json:"verdict_sha256"`
	}
	require.NoError(t, json.Unmarshal(payload, &st))
	require.Len(t, st.VerdictSHA256, 64)
	return st.VerdictSHA256
}

// validOSCAL validates a document against NIST's OSCAL 1.1.3 schema,
// the test data of engine/oscal/export.
func validOSCAL(t *testing.T, b []byte) {
	t.Helper()
	f, err := os.Open("../../engine/oscal/export/testdata/oscal_complete_schema-1-1-3.json")
	require.NoError(t, err)
	defer f.Close()
	sdoc, err := jsonschema.UnmarshalJSON(f)
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	require.NoError(t, c.AddResource("oscal.json", sdoc))
	sch, err := c.Compile("oscal.json")
	require.NoError(t, err)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	require.NoError(t, err)
	require.NoError(t, sch.Validate(inst))
}

// TestVerdictOSCALCatalogChanged checks that a verdict whose catalogue
// version the server no longer has is a 409, not a document that names
// the wrong catalogue.
func TestVerdictOSCALCatalogChanged(t *testing.T) {
	e := newEnv(t)
	v := e.submit("company", "kobayashi-electronics")
	eng, cats, cl := shared(t)
	var changed []*engine.Catalog
	for _, c := range cats.All() {
		b, err := yaml.Marshal(c)
		require.NoError(t, err)
		var cp engine.Catalog
		require.NoError(t, yaml.Unmarshal(b, &cp))
		if cp.ID == engine.DefaultCatalog {
			cp.Version = "a later version"
		}
		changed = append(changed, &cp)
	}
	newCats, err := engine.NewCatalogs(changed...)
	require.NoError(t, err)
	srv, err := server.New(context.Background(), server.Config{Store: e.st, Engine: eng, Catalogs: newCats, Checklist: cl, Key: e.key})
	require.NoError(t, err)
	t.Cleanup(func() { srv.Close() })
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	req, err := http.NewRequest(http.MethodGet, ts.URL+"/v1/verdicts/"+v.ID+"/oscal", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+e.tokens["admin"])
	resp, err := ts.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, http.StatusConflict, resp.StatusCode, "%s", b)
	assert.Contains(t, string(b), "no longer has")
}

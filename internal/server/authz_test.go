package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAuthorization tries every role against every endpoint, for a
// record of its own organisation (kobayashi-electronics: the company's
// own, a site assigned to the auditor, a subcontractor of the prime's
// contract) and for another's (sato-machining). A refusal must be a 403
// or 404 whose body is the same as for a record that does not exist, so
// that it reveals nothing; the expected count of leaks is 0.
func TestAuthorization(t *testing.T) {
	e := newEnv(t)
	own := e.submit("company", "kobayashi-electronics")
	other := e.submit("company-other", "sato-machining")
	ownCT, ownBody := exampleMultipart(t, "kobayashi-electronics")
	otherCT, otherBody := exampleMultipart(t, "sato-machining")

	type target struct {
		org, site, verdict, contract, ct string
		evidence                         []byte
	}
	targets := map[string]target{
		"own":   {"kobayashi-electronics", "okaya-design", own.ID, "C-2026-014", ownCT, ownBody},
		"other": {"sato-machining", "suwa-honsha", other.ID, "C-2026-020", otherCT, otherBody},
		// ghost is a target that does not exist: refusing "other" must look
		// exactly like refusing it.
		"ghost": {"ghost-co", "ghost-site", "v_ghost", "C-ghost", otherCT,
			bytes.ReplaceAll(bytes.ReplaceAll(otherBody, []byte("sato-machining"), []byte("ghost-co")), []byte("suwa-honsha"), []byte("ghost-site"))},
	}
	// The secrets of the other organisation that no refusal may show.
	secrets := []string{other.ID, "佐藤", "sato-it", `"dod_score"`}

	type endpoint struct {
		name string
		req  func(t target) (method, path, ct string, body []byte)
		// allow lists the roles that may call it, per target.
		allowOwn, allowOther []string
	}
	js := func(v any) []byte { b, _ := json.Marshal(v); return b }
	all := []string{"company", "auditor", "prime", "gate", "admin"}
	endpoints := []endpoint{
		{"GET verdict", func(t target) (string, string, string, []byte) {
			return "GET", "/v1/verdicts/" + t.verdict, "", nil
		}, []string{"company", "auditor", "prime", "admin"}, []string{"admin"}},
		{"GET verdict OSCAL", func(t target) (string, string, string, []byte) {
			return "GET", "/v1/verdicts/" + t.verdict + "/oscal", "", nil
		}, []string{"company", "auditor", "prime", "admin"}, []string{"admin"}},
		{"GET org verdict", func(t target) (string, string, string, []byte) {
			return "GET", "/v1/organizations/" + t.org + "/verdict", "", nil
		}, []string{"company", "auditor", "prime", "admin"}, []string{"admin"}},
		{"GET report", func(t target) (string, string, string, []byte) {
			return "GET", "/v1/organizations/" + t.org + "/report.xlsx", "", nil
		}, []string{"company", "auditor", "admin"}, []string{"admin"}},
		{"POST assessment", func(t target) (string, string, string, []byte) {
			return "POST", "/v1/assessments", t.ct, t.evidence
		}, []string{"company", "auditor", "admin"}, []string{"admin"}},
		{"POST site check", func(t target) (string, string, string, []byte) {
			return "POST", "/v1/sites/" + t.site + "/checks?kind=pre", xlsxType, []byte("not a workbook")
		}, []string{"auditor", "admin"}, []string{"admin"}},
		{"GET site checks", func(t target) (string, string, string, []byte) {
			return "GET", "/v1/sites/" + t.site + "/checks", "", nil
		}, []string{"company", "auditor", "admin"}, []string{"admin"}},
		{"POST gate membership", func(t target) (string, string, string, []byte) {
			return "POST", "/v1/gate/membership", "application/json", js(map[string]string{"org": t.org, "site": t.site})
		}, []string{"gate", "admin"}, []string{"gate", "admin"}},
		{"POST gate exchange", func(t target) (string, string, string, []byte) {
			return "POST", "/v1/gate/exchange", "application/json", js(map[string]string{"org": t.org, "site": t.site, "contract": t.contract})
		}, []string{"gate", "admin"}, []string{"gate", "admin"}},
		{"GET organization", func(t target) (string, string, string, []byte) {
			return "GET", "/v1/organizations/" + t.org, "", nil
		}, []string{"company", "admin"}, []string{"admin"}},
		{"GET contract", func(t target) (string, string, string, []byte) {
			return "GET", "/v1/contracts/" + t.contract, "", nil
		}, []string{"prime", "admin"}, []string{"admin"}},
		{"GET suspensions", func(t target) (string, string, string, []byte) {
			return "GET", "/v1/organizations/" + t.org + "/suspensions", "", nil
		}, []string{"admin"}, []string{"admin"}},
		{"POST suspension", func(t target) (string, string, string, []byte) {
			return "POST", "/v1/organizations/" + t.org + "/suspensions", "application/json", js(map[string]string{"reason": "test"})
		}, []string{"admin"}, []string{"admin"}},
		{"DELETE suspension", func(t target) (string, string, string, []byte) {
			return "DELETE", "/v1/organizations/" + t.org + "/suspensions", "", nil
		}, []string{"admin"}, []string{"admin"}},
		{"GET organizations", func(target) (string, string, string, []byte) {
			return "GET", "/v1/organizations", "", nil
		}, []string{"admin"}, []string{"admin"}},
		{"POST organization", func(t target) (string, string, string, []byte) {
			return "POST", "/v1/organizations", "application/json", js(map[string]string{"id": "new-" + t.org, "name": "New"})
		}, []string{"admin"}, []string{"admin"}},
		{"POST site", func(t target) (string, string, string, []byte) {
			return "POST", "/v1/organizations/" + t.org + "/sites", "application/json", js(map[string]string{"id": "new-" + t.site, "name": "New"})
		}, []string{"admin"}, []string{"admin"}},
		{"POST contract", func(t target) (string, string, string, []byte) {
			return "POST", "/v1/contracts", "application/json", js(map[string]any{"id": "new-" + t.contract, "prime": t.org, "special_clause": true})
		}, []string{"admin"}, []string{"admin"}},
		{"PUT auditor site", func(t target) (string, string, string, []byte) {
			return "PUT", "/v1/auditors/auditor-suzuki/sites/" + t.site, "", nil
		}, []string{"admin"}, []string{"admin"}},
		{"POST registry", func(t target) (string, string, string, []byte) {
			return "POST", "/v1/registry", "application/json", js(map[string]any{"mamori": "registry/v1",
				"organizations": []map[string]string{{"id": "reg-" + t.org, "name": "R"}}})
		}, []string{"admin"}, []string{"admin"}},
		{"GET supply chain", func(t target) (string, string, string, []byte) {
			prime := map[string]string{"kobayashi-electronics": "tsubasa-heavy"}[t.org]
			if prime == "" {
				prime = t.org
			}
			return "GET", "/v1/supply-chain/" + prime, "", nil
		}, []string{"prime", "admin"}, []string{"admin"}},
		{"GET ledger checkpoint", func(target) (string, string, string, []byte) {
			return "GET", "/v1/ledger/checkpoint", "", nil
		}, []string{"auditor", "admin"}, []string{"auditor", "admin"}},
		{"GET ledger consistency", func(target) (string, string, string, []byte) {
			return "GET", "/v1/ledger/consistency?from=1&to=2", "", nil
		}, []string{"auditor", "admin"}, []string{"auditor", "admin"}},
		{"GET whoami", func(target) (string, string, string, []byte) {
			return "GET", "/v1/whoami", "", nil
		}, all, all},
	}
	calls := 0
	do := func(role, method, path, ct string, body []byte) (int, []byte, http.Header) {
		calls++
		return e.do(role, method, path, ct, body)
	}

	leaks := 0
	var table strings.Builder
	fmt.Fprintf(&table, "%-22s %-8s %s\n", "endpoint", "target", strings.Join(all, " "))
	for _, ep := range endpoints {
		for _, tn := range []string{"own", "other"} {
			allow := ep.allowOwn
			if tn == "other" {
				allow = ep.allowOther
			}
			fmt.Fprintf(&table, "%-22s %-8s", ep.name, tn)
			for _, role := range all {
				method, path, ct, body := ep.req(targets[tn])
				code, b, _ := do(role, method, path, ct, body)
				refused := code == http.StatusUnauthorized || code == http.StatusForbidden || isNotFound(b)
				want := contains(allow, role)
				fmt.Fprintf(&table, " %d", code)
				switch {
				case want && refused:
					t.Errorf("%s %s as %s: refused with %d: %s", ep.name, tn, role, code, b)
				case !want && !refused:
					leaks++
					t.Errorf("LEAK: %s %s as %s: %d: %.200s", ep.name, tn, role, code, b)
				case !want:
					gm, gp, gct, gbody := ep.req(targets["ghost"])
					gcode, gb, _ := do(role, gm, gp, gct, gbody)
					if gcode != code || !bytes.Equal(b, gb) {
						leaks++
						t.Errorf("LEAK: %s %s as %s: the refusal (%d %s) differs from a missing record's (%d %s)", ep.name, tn, role, code, b, gcode, gb)
					}
					for _, s := range secrets {
						if bytes.Contains(b, []byte(s)) {
							leaks++
							t.Errorf("LEAK: %s %s as %s: the refusal shows %q", ep.name, tn, role, s)
						}
					}
				}
			}
			table.WriteString("\n")
		}
	}
	// Without a token every endpoint but the public ones is 401.
	for _, ep := range endpoints {
		method, path, ct, body := ep.req(targets["own"])
		code, _, hdr := do("", method, path, ct, body)
		assert.Equal(t, http.StatusUnauthorized, code, ep.name)
		assert.Contains(t, hdr.Get("WWW-Authenticate"), "Bearer")
	}
	t.Logf("status by role:\n%s", table.String())
	t.Logf("authorisation matrix: %d endpoints, %d calls, %d leaks", len(endpoints), calls, leaks)
	assert.Zero(t, leaks, "leaks")
}

// TestPrimeSeesSummaryOnly checks that a prime gets the decision, score,
// status and expiry of its subcontractor, never the evidence or findings.
func TestPrimeSeesSummaryOnly(t *testing.T) {
	e := newEnv(t)
	v := e.submit("company", "kobayashi-electronics")
	code, b, _ := e.do("prime", "GET", "/v1/verdicts/"+v.ID, "", nil)
	require.Equal(t, http.StatusOK, code, "%s", b)
	var got map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(b, &got))
	for _, k := range []string{"verdict", "evidence_digests", "policy_digest", "assessor"} {
		assert.NotContains(t, got, k)
	}
	for _, s := range []string{"findings", "requirements", "objectives", "poam"} {
		assert.NotContains(t, string(got["summary"]), s)
	}
	var sum struct {
		DoDScore   *int   `json:"dod_score"`
		CMMCStatus string `json:"cmmc_status"`
	}
	require.NoError(t, json.Unmarshal(got["summary"], &sum))
	require.NotNil(t, sum.DoDScore)
	assert.Equal(t, 105, *sum.DoDScore)
	assert.Equal(t, "conditional", sum.CMMCStatus)
}

func isNotFound(b []byte) bool {
	var p struct {
		Type string `json:"type"`
	}
	return json.Unmarshal(b, &p) == nil && strings.HasSuffix(p.Type, "/not-found")
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// TestAuditorSiteScope checks that an auditor assigned to one site of an
// organisation may not submit or read another site's verdict.
func TestAuditorSiteScope(t *testing.T) {
	e := newEnv(t)
	code, b := e.json("admin", http.MethodPost, "/v1/organizations/kobayashi-electronics/sites", map[string]string{"id": "okaya-2", "name": "第二工場"})
	require.Equal(t, http.StatusCreated, code, "%s", b)
	// Evidence for the unassigned site: refused.
	ct, body := exampleMultipart(t, "kobayashi-electronics")
	other := bytes.ReplaceAll(body, []byte("okaya-design"), []byte("okaya-2"))
	code, b, _ = e.do("auditor", http.MethodPost, "/v1/assessments", ct, other)
	assert.Equal(t, http.StatusForbidden, code, "%s", b)
	// The company submits it; the auditor cannot read it, but can read
	// the assigned site's.
	code, b, _ = e.do("company", http.MethodPost, "/v1/assessments", ct, other)
	require.Equal(t, http.StatusCreated, code, "%s", b)
	var v struct {
		ID string `json:"id"`
	}
	require.NoError(t, json.Unmarshal(b, &v))
	code, _, _ = e.do("auditor", http.MethodGet, "/v1/verdicts/"+v.ID, "", nil)
	assert.Equal(t, http.StatusNotFound, code)
	code, _, _ = e.do("auditor", http.MethodGet, "/v1/organizations/kobayashi-electronics/report.xlsx?site=okaya-2", "", nil)
	assert.Equal(t, http.StatusNotFound, code)
	own := e.submit("company", "kobayashi-electronics")
	code, _, _ = e.do("auditor", http.MethodGet, "/v1/verdicts/"+own.ID, "", nil)
	assert.Equal(t, http.StatusOK, code)
}

package m365_test

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine/collect"
	"github.com/mamori-dev/mamori/engine/collect/m365"
)

// The fixtures follow the formats' public documentation field by field:
//   - testdata/tenant/userRegistrationDetails-N.json: Microsoft Learn,
//     "userRegistrationDetails resource type" and "List
//     userRegistrationDetails" (Graph v1.0), two pages joined by
//     @odata.nextLink;
//   - testdata/tenant/conditionalAccessPolicies-1.json: Microsoft Learn,
//     "conditionalAccessPolicy resource type", "conditionalAccessUsers",
//     "conditionalAccessApplications", "conditionalAccessGrantControls"
//     (Graph v1.0);
//   - testdata/tenant/securityDefaults.json: Microsoft Learn,
//     "identitySecurityDefaultsEnforcementPolicy resource type";
//   - testdata/ScubaResults.json: cisagov/ScubaGear,
//     docs/misc/tooloutputschema.md ("Object Schema for ScubaGear Output
//     JSON": MetaData, Summary, Results with Control objects, Raw).

func TestImportGraph(t *testing.T) {
	rep, err := m365.ImportGraph(os.DirFS("testdata"), "tenant")
	require.NoError(t, err)
	assert.Equal(t, collect.Subject{Kind: collect.SubjectTenant, ID: "3f6c1d2e-8a4b-4c9d-9e0f-1a2b3c4d5e6f", Name: "佐藤精密工業株式会社"}, rep.Subject)
	assert.Len(t, rep.Inputs, 5)
	// Administrators must use MFA; the all-users policy is report-only.
	assert.Equal(t, map[string]string{
		"identity.mfa.privileged_network":    "true",
		"identity.mfa.nonprivileged_network": "false",
	}, rep.Values())
	assert.Contains(t, rep.Notes, "MFA registration: 2 of 3 members registered")
	assert.Contains(t, rep.Notes, "not registered for MFA: takahashi@sato-seimitsu.example")
	for _, o := range rep.Observations {
		if o.Fact == "identity.mfa.privileged_network" {
			assert.Equal(t, "a1b2c3d4-0001-4000-8000-000000000001", o.Basis[0].Rule)
		}
	}
}

func TestImportScuba(t *testing.T) {
	f, err := os.Open("testdata/ScubaResults.json")
	require.NoError(t, err)
	defer f.Close()
	rep, err := m365.ImportScuba("ScubaResults.json", f)
	require.NoError(t, err)
	assert.Equal(t, "3f6c1d2e-8a4b-4c9d-9e0f-1a2b3c4d5e6f", rep.Subject.ID)
	assert.Equal(t, "1.7.1", rep.Source.ToolVersion)
	assert.Equal(t, map[string]string{
		"identity.mfa.nonprivileged_network": "false",
		"identity.mfa.privileged_network":    "true",
		"audit.logging_enabled":              "true",
	}, rep.Values())
	assert.Len(t, rep.Checks, 4)

	// Graph and ScubaGear agree on the tenant's MFA; aggregated they are
	// one tenant, and no conflict arises.
	g, err := m365.ImportGraph(os.DirFS("testdata"), "tenant")
	require.NoError(t, err)
	agg := collect.Aggregate([]*collect.Report{g, rep}, nil)
	assert.Empty(t, agg.Conflicts)
	assert.Equal(t, "1 of 1 tenant", agg.Fact("identity.mfa.nonprivileged_network").Coverage())
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	return string(b)
}

func TestImportGraphBadInput(t *testing.T) {
	tenant := read(t, "testdata/tenant/tenant.json")
	reg1 := read(t, "testdata/tenant/userRegistrationDetails-1.json")
	reg2 := read(t, "testdata/tenant/userRegistrationDetails-2.json")
	pols := read(t, "testdata/tenant/conditionalAccessPolicies-1.json")
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no tenant", map[string]string{"conditionalAccessPolicies-1.json": pols}, "t/tenant.json: missing"},
		{"unexpected file", map[string]string{"tenant.json": tenant, "users.csv": "x"}, "t/users.csv: unexpected file"},
		{"tenant id", map[string]string{"tenant.json": strings.Replace(tenant, "3f6c1d2e-8a4b-4c9d-9e0f-1a2b3c4d5e6f", "sato", 1)}, `t/tenant.json: TenantId: expected the tenant's ID (a GUID), got "sato"`},
		{"missing page", map[string]string{"tenant.json": tenant, "userRegistrationDetails-1.json": reg1}, "t/userRegistrationDetails-1.json: @odata.nextLink: the last page says there is another"},
		{"wrong list", map[string]string{"tenant.json": tenant, "userRegistrationDetails-1.json": pols}, "t/userRegistrationDetails-1.json"},
		{"beta property", map[string]string{"tenant.json": tenant, "userRegistrationDetails-1.json": reg1, "userRegistrationDetails-2.json": strings.Replace(reg2, `"isAdmin"`, `"defaultMfaMethod": "push", "isAdmin"`, 1)}, "t/userRegistrationDetails-2.json:9: defaultMfaMethod: unknown field"},
		{"user twice", map[string]string{"tenant.json": tenant, "userRegistrationDetails-1.json": reg1, "userRegistrationDetails-2.json": strings.Replace(reg2, "00000003-1111-2222-3333-444444444443", "00000001-1111-2222-3333-444444444441", 1)}, "id: user 00000001-1111-2222-3333-444444444441 listed twice"},
		{"isMfaRegistered type", map[string]string{"tenant.json": tenant, "userRegistrationDetails-1.json": reg1, "userRegistrationDetails-2.json": strings.Replace(reg2, `"isMfaRegistered": false`, `"isMfaRegistered": "no"`, 1)}, "isMfaRegistered: expected bool, got JSON string"},
		{"policy state", map[string]string{"tenant.json": tenant, "conditionalAccessPolicies-1.json": strings.Replace(pols, `"state": "enabled"`, `"state": "on"`, 1)}, `t/conditionalAccessPolicies-1.json: value[0]: state: expected one of enabled, disabled, enabledForReportingButNotEnforced, got "on"`},
		{"policy unknown", map[string]string{"tenant.json": tenant, "conditionalAccessPolicies-1.json": strings.Replace(pols, `"templateId"`, `"priority": 1, "templateId"`, 1)}, "priority: unknown field"},
		{"not json", map[string]string{"tenant.json": tenant, "conditionalAccessPolicies-1.json": "<html>"}, "t/conditionalAccessPolicies-1.json:1: JSON syntax"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for n, d := range tt.files {
				fsys["t/"+n] = &fstest.MapFile{Data: []byte(d)}
			}
			rep, err := m365.ImportGraph(fsys, "t")
			require.Error(t, err)
			assert.Nil(t, rep)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestImportScubaBadInput(t *testing.T) {
	good := read(t, "testdata/ScubaResults.json")
	tests := []struct{ name, in, want string }{
		{"empty", "", "s.json: empty"},
		{"tool", strings.Replace(good, `"Tool": "ScubaGear"`, `"Tool": "ScubaGoggles"`, 1), `s.json: MetaData.Tool: expected ScubaGear, got "ScubaGoggles"`},
		{"tenant", strings.Replace(good, `"TenantId": "3f6c1d2e-8a4b-4c9d-9e0f-1a2b3c4d5e6f"`, `"TenantId": ""`, 1), "s.json: MetaData.TenantId"},
		{"time", strings.Replace(good, `"TimestampZulu": "2026-11-20T02:31:09.512Z"`, `"TimestampZulu": "11/20/2026"`, 1), "s.json: MetaData.TimestampZulu"},
		{"result", strings.Replace(good, `"Result": "Pass"`, `"Result": "OK"`, 1), `s.json: Results.AAD[0].Controls[0]: Result: expected one of Pass`},
		{"unknown control field", strings.Replace(good, `"Criticality"`, `"Severity": "High", "Criticality"`, 1), "Severity: unknown field"},
		{"duplicate control", strings.Replace(good, "MS.AAD.3.2v1", "MS.AAD.3.1v1", 1), "Control ID: MS.AAD.3.1v1 given twice"},
		{"no results", strings.Replace(good, `"Results"`, `"Results_"`, 1), "Results_: unknown field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := m365.ImportScuba("s.json", strings.NewReader(tt.in))
			require.Error(t, err)
			assert.Nil(t, rep)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func FuzzImportScuba(f *testing.F) {
	good, err := os.ReadFile("testdata/ScubaResults.json")
	require.NoError(f, err)
	f.Add(good)
	f.Add([]byte(`{"MetaData":{},"Results":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := m365.ImportScuba("s.json", bytes.NewReader(data))
		if err != nil {
			assert.Nil(t, rep)
			assert.True(t, strings.HasPrefix(err.Error(), "s.json"), err.Error())
			return
		}
		require.NoError(t, rep.Validate())
	})
}

func FuzzImportGraph(f *testing.F) {
	files := []string{"tenant.json", "userRegistrationDetails-1.json", "userRegistrationDetails-2.json", "conditionalAccessPolicies-1.json", "securityDefaults.json"}
	seed := make([][]byte, len(files))
	for i, n := range files {
		b, err := os.ReadFile("testdata/tenant/" + n)
		require.NoError(f, err)
		seed[i] = b
	}
	f.Add(seed[1], seed[2], seed[3], seed[4])
	f.Add([]byte(`{"value":[]}`), []byte(`{"value":[]}`), []byte(`{"value":[{"id":"x","state":"enabled"}]}`), []byte(`{"isEnabled":true}`))
	f.Fuzz(func(t *testing.T, reg1, reg2, pols, sd []byte) {
		fsys := fstest.MapFS{"t/tenant.json": &fstest.MapFile{Data: seed[0]},
			"t/userRegistrationDetails-1.json": &fstest.MapFile{Data: reg1}, "t/userRegistrationDetails-2.json": &fstest.MapFile{Data: reg2},
			"t/conditionalAccessPolicies-1.json": &fstest.MapFile{Data: pols}, "t/securityDefaults.json": &fstest.MapFile{Data: sd}}
		rep, err := m365.ImportGraph(fsys, "t")
		if err != nil {
			assert.Nil(t, rep)
			assert.True(t, strings.HasPrefix(err.Error(), "t"), err.Error())
			return
		}
		require.NoError(t, rep.Validate())
	})
}

package engine_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/controls"
	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/policies"
)

// TestBadCloudServices feeds broken cloud service declarations through
// the CLI's path and expects the file, the line, the field and what was
// expected.
func TestBadCloudServices(t *testing.T) {
	eng := testEngine(t)
	svc := func(body string) string { return goodHead + "cloud_services:\n" + body }
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"no id", map[string]string{"e.yaml": svc("  - {service: s, provider: p, holds: [stored]}\n")},
			[]string{"e.yaml:10:", "cloud_services[0].id", "required: an ID for the service"}},
		{"no service", map[string]string{"e.yaml": svc("  - id: mail\n    provider: p\n    holds: [stored]\n")},
			[]string{"e.yaml:10:", "cloud_services[0].service", "required: the service's name"}},
		{"blank provider", map[string]string{"e.yaml": svc("  - id: mail\n    service: s\n    provider: \" \"\n    holds: [stored]\n")},
			[]string{"e.yaml:12:", "cloud_services[0].provider", "required: the provider's name (クラウドサービス事業者)"}},
		{"no holds", map[string]string{"e.yaml": svc("  - id: mail\n    service: s\n    provider: p\n")},
			[]string{"e.yaml:10:", "cloud_services[0].holds", "required: what the service holds, one or more of stored, processed, transmitted, security_protection_data"}},
		{"holds vocabulary", map[string]string{"e.yaml": svc("  - id: mail\n    service: s\n    provider: p\n    holds:\n      - stored\n      - cui\n")},
			[]string{"e.yaml:15:", "cloud_services[0].holds[1]", `expected one of stored, processed, transmitted, security_protection_data, got "cui"`}},
		{"holds twice", map[string]string{"e.yaml": svc("  - id: mail\n    service: s\n    provider: p\n    holds: [stored, stored]\n")},
			[]string{"e.yaml:13:", "cloud_services[0].holds[1]", `"stored" is listed twice`}},
		{"holds is not a list", map[string]string{"e.yaml": svc("  - id: mail\n    service: s\n    provider: p\n    holds: stored\n")},
			[]string{"e.yaml:13:", "cloud_services[0].holds", "expected a list"}},
		{"unknown field", map[string]string{"e.yaml": svc("  - id: mail\n    service: s\n    provider: p\n    holds: [stored]\n    ismap_no: C1\n")},
			[]string{"e.yaml:14:", "cloud_services[0].ismap_no", `unknown field "ismap_no"`}},
		{"fedramp level", map[string]string{"e.yaml": svc("  - id: m\n    service: s\n    provider: p\n    holds: [stored]\n    fedramp:\n      package_id: F1\n      level: medium\n")},
			[]string{"e.yaml:16:", "cloud_services[0].fedramp.level", `expected the impact level, one of li-saas, low, moderate, high, got "medium"`}},
		{"fedramp without package or equivalency", map[string]string{"e.yaml": svc("  - id: m\n    service: s\n    provider: p\n    holds: [stored]\n    fedramp:\n      level: moderate\n")},
			[]string{"e.yaml:14:", "cloud_services[0].fedramp", "required: package_id (the FedRAMP Marketplace package ID) or equivalency"}},
		{"fedramp with both", map[string]string{"e.yaml": svc("  - id: m\n    service: s\n    provider: p\n    holds: [stored]\n    fedramp: {package_id: F1, level: moderate, equivalency: BOE}\n")},
			[]string{"e.yaml:14:", "cloud_services[0].fedramp.equivalency", "not both"}},
		{"equivalency without its artifact", map[string]string{"e.yaml": svc("  - id: m\n    service: s\n    provider: p\n    holds: [stored]\n    fedramp: {level: moderate, equivalency: BOE}\n")},
			[]string{"e.yaml:14:", "cloud_services[0].fedramp.equivalency", `unknown artifact "BOE" (declare it under artifacts)`}},
		{"unknown artifact", map[string]string{"e.yaml": svc("  - id: m\n    service: s\n    provider: p\n    holds: [stored]\n    artifacts: [CONTRACT]\n")},
			[]string{"e.yaml:14:", "cloud_services[0].artifacts", `unknown artifact "CONTRACT"`}},
		{"the same id in two files", map[string]string{
			"a.yaml": svc("  - {id: mail, service: s, provider: p, holds: [stored]}\n"),
			"b.yaml": "mamori: evidence/v1\ncloud_services:\n  - {id: other, service: s, provider: p, holds: [stored]}\n  - {id: mail, service: t, provider: p, holds: [stored]}\n"},
			[]string{"b.yaml:4:", "cloud_services[1].id", `duplicate cloud service "mail"`}},
		{"a bad item in the second file", map[string]string{
			"a.yaml": svc("  - {id: mail, service: s, provider: p, holds: [stored]}\n"),
			"b.yaml": "mamori: evidence/v1\ncloud_services:\n  - id: other\n    service: s\n    provider: p\n    holds: [kept]\n"},
			[]string{"b.yaml:6:", "cloud_services[0].holds[0]", `expected one of`}},
		{"json", map[string]string{"e.json": `{"mamori": "evidence/v1", "organization": {"name": "x"},
"assessment": {"type": "self", "date": "2026-10-01", "assessor": {"name": "y"}},
"cloud_services": [{"id": "m", "service": "s", "provider": "p",
  "holds": ["stored"], "fedramp": {"package_id": 12}}]}`},
			[]string{"e.json:4:", "cloud_services[0].fedramp.package_id", "expected a string"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assertBadEvidence(t, eng, tt.files, tt.want) })
	}
}

// TestAssessCloudServices assesses an evidence set whose claims are all
// met, with cloud services, against a registry: the verdict carries the
// cloud section, the contradiction and the unverified flags, and the
// summary assessment keeps the contradiction but not the flags'
// findings.
func TestAssessCloudServices(t *testing.T) {
	reg, err := engine.ReadCloudRegistry("testdata/cloud-registry.yaml")
	require.NoError(t, err)
	eng, err := engine.New(context.Background(), engine.Options{Controls: controls.FS, Policies: policies.FS,
		CloudRegistry: reg, Now: func() time.Time { return testNow }})
	require.NoError(t, err)
	ev := baseEvidence(t, eng.Catalog())
	ev.POAM = []evidence.POAMItem{{ID: "P-1", Requirements: []string{"3.1.20"}, Weakness: "a cloud service that is not registered"}}
	yes := true
	ev.Facts = &evidence.Facts{Crypto: &evidence.CryptoFacts{AtRestEncrypted: &yes, TransitEncrypted: &yes}}
	without, err := eng.Assess(context.Background(), ev)
	require.NoError(t, err)
	require.NotNil(t, without.DoD.Score)
	ev.CloudServices = []evidence.CloudService{
		{ID: "mail", Service: "信州ビジネスメール", Provider: "信州クラウドサービス株式会社", Holds: []string{"stored", "transmitted"}, ISMAP: "C99-0101-1"},
		{ID: "transfer", Service: "ずくだせファイル便", Provider: "株式会社ずくだせ", Holds: []string{"stored"}, ISMAP: "C99-0312-1"},
		{ID: "logs", Service: "ログ保管", Provider: "信州クラウドサービス株式会社", Holds: []string{"security_protection_data"}},
	}
	v, err := eng.Assess(context.Background(), ev)
	require.NoError(t, err)
	require.NotNil(t, v.Cloud)
	require.NotNil(t, v.Cloud.Registry)
	assert.Equal(t, reg.SHA256, v.Cloud.Registry.SHA256)
	assert.True(t, v.Cloud.Registry.Sample)
	var statuses []string
	for _, s := range v.Cloud.Services {
		statuses = append(statuses, s.ID+":"+s.Status)
	}
	assert.Equal(t, []string{"mail:registered", "transfer:not_registered", "logs:not_required"}, statuses)

	objs := map[string]engine.ObjResult{}
	for _, r := range v.Results {
		for _, o := range r.Objectives {
			objs[o.ID] = o
		}
	}
	assert.Equal(t, engine.ObjResult{ID: "3.1.20[d]", Status: "not_met", Claimed: "met", Contradicted: true}, withoutProvenance(objs["3.1.20[d]"]))
	assert.True(t, objs["3.13.16[a]"].Unverified, "the claim of 3.13.16[a] is unverified")
	assert.Equal(t, "met", objs["3.13.16[a]"].Status)
	assert.False(t, objs["3.13.8[c]"].Unverified, "transfer does not transmit; mail is registered")
	require.NotNil(t, v.DoD.Score)
	assert.Equal(t, *without.DoD.Score-1, *v.DoD.Score, "3.1.20 (1 point) is not met")

	codes := func(v *engine.Verdict) []string {
		var out []string
		for _, f := range v.Findings {
			if strings.Contains(f.Code, ".cloud.") {
				out = append(out, f.Code+":"+f.Effect)
			}
		}
		return out
	}
	assert.Equal(t, []string{"3.1.20.cloud.not_registered:not_met", "3.13.16.cloud.not_registered:unverified"}, codes(v))
	for _, f := range v.Findings {
		if f.Code == "3.1.20.cloud.not_registered" {
			assert.True(t, f.Contradiction, "met was claimed")
		}
	}

	s, err := eng.AssessSummary(context.Background(), ev)
	require.NoError(t, err)
	assert.Equal(t, []string{"3.1.20.cloud.not_registered:not_met"}, codes(s))
	assert.Equal(t, v.Coverage, s.Coverage)
	assert.Equal(t, v.Cloud, s.Cloud)

	// Without cloud services there is no cloud section, registry or not.
	ev.CloudServices = nil
	v, err = eng.Assess(context.Background(), ev)
	require.NoError(t, err)
	assert.Nil(t, v.Cloud)
}

func withoutProvenance(o engine.ObjResult) engine.ObjResult {
	o.Provenance = nil
	return o
}

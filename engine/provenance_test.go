package engine_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
)

const provOrg = `mamori: evidence/v1
organization: {name: 出所試験株式会社}
assessment:
  type: self
  date: 2026-10-01
  assessor: {name: 試験 花子}
scope:
  hosts: [PC-01, PC-07, PC-12, PC-15]
objectives:
  3.1.10[a]: {status: met}
  3.1.10[b]: {status: met}
  3.13.16[a]: {status: met}
  3.14.1[f]: {status: met}
  3.3.1[c]: {status: met}
`

// hostsDoc is a facts document collected by the Windows importer from
// hosts, each with its values of the facts given (fact -> host ->
// value), at the time given.
func hostsDoc(collected string, facts map[string]map[string]string) string {
	var b strings.Builder
	b.WriteString("mamori: evidence/v1\nprovenance:\n  sources:\n")
	hosts := map[string]bool{}
	for _, vs := range facts {
		for h := range vs {
			hosts[h] = true
		}
	}
	for _, h := range slices.Sorted(maps.Keys(hosts)) {
		fmt.Fprintf(&b, "    - {id: %s, importer: windows, tool: 'secedit, auditpol, PowerShell', host: %s, collected: %s, inputs: [{name: %s/secedit.inf, kind: file, sha256: %s}]}\n",
			h, h, collected, h, strings.Repeat("0", 64))
	}
	b.WriteString("  facts:\n")
	for _, f := range slices.Sorted(maps.Keys(facts)) {
		fmt.Fprintf(&b, "    %s:\n      collected:\n", f)
		for _, h := range slices.Sorted(maps.Keys(facts[f])) {
			fmt.Fprintf(&b, "        - {source: %s, value: %s, basis: ['%s/secedit.inf: setting']}\n", h, facts[f][h], h)
		}
	}
	return b.String()
}

// withFacts gives a collected document the facts section its sources
// give, as mamori facts import writes it.
func withFacts(t *testing.T, doc string) []byte {
	t.Helper()
	var p struct {
		Schema     string               `yaml:"mamori"`
		Provenance *evidence.Provenance `yaml:"provenance"`
	}
	require.NoError(t, evidence.Decode("probe.yaml", []byte(doc), &p))
	var f evidence.Facts
	require.NoError(t, p.Provenance.CollectedFacts(&f))
	out := &evidence.FactsDocument{Schema: evidence.Schema, Facts: &f, Provenance: p.Provenance}
	var b strings.Builder
	require.NoError(t, out.Encode(&b, evidence.FormatYAML, ""))
	return []byte(b.String())
}

// mergeDocs reads documents as one evidence set, giving collected ones
// their facts section.
func mergeDocs(t *testing.T, docs ...string) *evidence.Evidence {
	t.Helper()
	var parts []*evidence.Evidence
	for i, d := range docs {
		data := []byte(d)
		if i > 0 && strings.Contains(d, "provenance:\n  sources:") {
			data = withFacts(t, d)
		}
		ev, err := evidence.Parse(fmt.Sprintf("doc%d.yaml", i), data)
		require.NoError(t, err, "%s", data)
		parts = append(parts, ev)
	}
	ev, err := evidence.Merge(parts...)
	require.NoError(t, err)
	return ev
}

func assessDocs(t *testing.T, docs ...string) *engine.Verdict {
	t.Helper()
	v, err := testEngine(t).Assess(context.Background(), mergeDocs(t, docs...))
	require.NoError(t, err)
	return v
}

func finding(v *engine.Verdict, code string) *engine.Finding {
	for i := range v.Findings {
		if v.Findings[i].Code == code {
			return &v.Findings[i]
		}
	}
	return nil
}

func objective(v *engine.Verdict, id string) engine.ObjResult {
	for _, r := range v.Results {
		for _, o := range r.Objectives {
			if o.ID == id {
				return o
			}
		}
	}
	return engine.ObjResult{}
}

// TestCollectedFactsNameTheHosts: a claim contradicted by facts collected
// from two hosts names those hosts, the tool and the time, in both
// languages; hosts whose own value also fails are named even when it is
// not the weakest; a fact that only fails to support a claim leaves it
// unverified, naming the hosts too.
func TestCollectedFactsNameTheHosts(t *testing.T) {
	v := assessDocs(t, provOrg, hostsDoc("2026-09-30T09:00:00Z", map[string]map[string]string{
		"access.session_lock.idle_minutes": {"PC-01": "10", "PC-07": "0", "PC-12": "30"},
		"crypto.full_disk_encryption":      {"PC-01": "true", "PC-07": "false", "PC-12": "false"},
	}))

	f := finding(v, "3.1.10.access.session_lock.idle_minutes")
	require.NotNil(t, f)
	assert.True(t, f.Contradiction)
	require.Len(t, f.Sources, 1)
	assert.Equal(t, []string{"PC-07", "PC-12"}, f.Sources[0].Subjects, "0 (never) and 30 minutes both fail; 10 passes")
	assert.Equal(t, "windows", f.Sources[0].Importer)
	require.NotNil(t, f.Origin)
	assert.Equal(t, "collected on PC-07 and PC-12 (secedit, auditpol, PowerShell; 2026-09-30)", f.Origin.EN)
	assert.Equal(t, "PC-07、PC-12で収集（secedit, auditpol, PowerShell、2026-09-30）", f.Origin.JA)
	assert.Contains(t, f.Describe("en"), "sessions are never locked after inactivity (idle time 0) (collected on PC-07 and PC-12")
	assert.Equal(t, "not_met", objective(v, "3.1.10[a]").Status)

	u := finding(v, "3.13.16.crypto.full_disk_encryption")
	require.NotNil(t, u)
	assert.Equal(t, engine.EffectUnverified, u.Effect)
	assert.Equal(t, []string{"PC-07", "PC-12"}, u.Sources[0].Subjects)
	o := objective(v, "3.13.16[a]")
	assert.Equal(t, "met", o.Status, "failing to support is not disproof")
	assert.True(t, o.Unverified)

	fs := factSummary(v, "crypto.full_disk_encryption")
	require.NotNil(t, fs)
	assert.Equal(t, &engine.FactCoverage{Subject: "host", Reported: 3, InScope: 4, Missing: []string{"PC-15"}}, fs.Coverage)
	assert.Equal(t, "crypto.full_disk_encryption = false — collected on 3 hosts (secedit, auditpol, PowerShell; 2026-09-30); 3 of 4 hosts, not PC-15", fs.Text().EN)
	assert.Equal(t, "crypto.full_disk_encryption = false — 3台で収集（secedit, auditpol, PowerShell、2026-09-30）。4台中3台（PC-15は未報告）", fs.Text().JA)
}

func factSummary(v *engine.Verdict, path string) *engine.FactSummary {
	for i := range v.Facts {
		if v.Facts[i].Fact == path {
			return &v.Facts[i]
		}
	}
	return nil
}

// TestCorroborationCollectedOrDeclared: the coverage counts claims that
// machines corroborate apart from those only declarations corroborate,
// and each objective says which, and by what.
func TestCorroborationCollectedOrDeclared(t *testing.T) {
	declared := "mamori: evidence/v1\nfacts:\n  audit:\n    logging_enabled: true\n    retention_days: 400\nprovenance:\n  declared: {by: 佐藤 健一, date: 2026-09-20}\n"
	v := assessDocs(t, provOrg, declared, hostsDoc("2026-09-30T09:00:00Z", map[string]map[string]string{
		"access.session_lock.idle_minutes": {"PC-01": "10", "PC-07": "5", "PC-12": "10", "PC-15": "15"},
		"crypto.full_disk_encryption":      {"PC-01": "true", "PC-07": "true"},
	}))
	a := objective(v, "3.1.10[a]")
	assert.Equal(t, engine.CorroborationCollected, a.Corroboration, "every in-scope host reports it")
	assert.Equal(t, []string{"access.session_lock.idle_minutes"}, a.CorroboratedBy)
	assert.Equal(t, engine.CorroborationPartial, objective(v, "3.13.16[a]").Corroboration, "2 of 4 hosts report it")
	l := objective(v, "3.3.1[c]")
	assert.Equal(t, engine.CorroborationDeclared, l.Corroboration)
	assert.Equal(t, 2, v.Coverage.CorroboratedCollected, "3.1.10[a] and [b]")
	assert.Equal(t, 1, v.Coverage.CorroboratedPartial, "3.13.16[a]")
	assert.Positive(t, v.Coverage.CorroboratedDeclared)
	s := factSummary(v, "audit.logging_enabled")
	require.NotNil(t, s)
	assert.Equal(t, "declared by 佐藤 健一, 2026-09-20", s.Sources[0].Text().EN)
}

// TestSourcesDisagree: a declaration the machines contradict is a
// disagreement finding with both sources; the policies see the weaker
// value, so the claim does not pass on it.
func TestSourcesDisagree(t *testing.T) {
	declared := "mamori: evidence/v1\nfacts:\n  access:\n    session_lock: {idle_minutes: 10}\nprovenance:\n  declared: {by: 佐藤 健一, date: 2026-09-20}\n"
	v := assessDocs(t, provOrg, declared, hostsDoc("2026-09-30T09:00:00Z", map[string]map[string]string{
		"access.session_lock.idle_minutes": {"PC-01": "10", "PC-07": "0"},
	}))
	d := finding(v, "3.1.10.access.session_lock.idle_minutes.disagreement")
	require.NotNil(t, d)
	assert.Equal(t, engine.EffectDisagreement, d.Effect)
	assert.Equal(t, "0", d.Value)
	require.Len(t, d.Sources, 2)
	assert.Equal(t, "declared", d.Sources[0].Kind)
	assert.Equal(t, "10", d.Sources[0].Value)
	assert.Equal(t, "collected", d.Sources[1].Kind)
	assert.Equal(t, "0", d.Sources[1].Value)
	assert.Contains(t, d.Origin.EN, "10 declared by 佐藤 健一, 2026-09-20; 0 collected on 2 hosts")
	f := finding(v, "3.1.10.access.session_lock.idle_minutes")
	require.NotNil(t, f)
	assert.True(t, f.Contradiction)
	require.Len(t, f.Sources, 1, "the declaration of 10 does not give the finding")
	assert.Equal(t, []string{"PC-07"}, f.Sources[0].Subjects)
}

// TestStaleCollectedFacts: facts collected longer ago than the review
// period make the claims they corroborate stale, as old artifacts do.
func TestStaleCollectedFacts(t *testing.T) {
	v := assessDocs(t, provOrg, hostsDoc("2025-06-30T09:00:00Z", map[string]map[string]string{
		"access.session_lock.idle_minutes": {"PC-01": "10"},
	}))
	assert.True(t, objective(v, "3.1.10[a]").Stale)
	f := finding(v, "3.1.10.fact.stale")
	require.NotNil(t, f)
	assert.Equal(t, "3.1.10[a] rests on facts collected more than 365 days before the assessment: access.session_lock.idle_minutes (secedit, auditpol, PowerShell, collected 2025-06-30)", f.Message.EN)
	assert.Equal(t, 2, v.Coverage.Stale)
}

// TestFilesWrittenBeforeReadAsDeclared: evidence without provenance
// reads as declared by the assessment's assessor on its date.
func TestFilesWrittenBeforeReadAsDeclared(t *testing.T) {
	v := assessDocs(t, provOrg+"facts:\n  access:\n    session_lock: {idle_minutes: 10}\n")
	s := factSummary(v, "access.session_lock.idle_minutes")
	require.NotNil(t, s)
	require.Len(t, s.Sources, 1)
	assert.True(t, s.Sources[0].Implicit)
	assert.Equal(t, "試験 花子", s.Sources[0].By)
	assert.Equal(t, "2026-10-01", s.Sources[0].Date.String())
	assert.Equal(t, engine.CorroborationDeclared, objective(v, "3.1.10[a]").Corroboration)
	assert.Equal(t, 0, v.Coverage.CorroboratedCollected)
}

// TestProvenanceChecks: facts declared or collected after today, and
// hosts outside the listed scope, are errors naming the file and line.
func TestProvenanceChecks(t *testing.T) {
	check := func(docs ...string) error {
		_, err := testEngine(t).Assess(context.Background(), mergeDocs(t, docs...))
		return err
	}
	err := check(provOrg, hostsDoc("2027-01-01T00:00:00Z", map[string]map[string]string{"access.session_lock.idle_minutes": {"PC-01": "10"}}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "doc1.yaml:12: provenance.sources[0].collected: 2027-01-01T00:00:00Z is in the future")
	err = check(provOrg, hostsDoc("2026-09-30T00:00:00Z", map[string]map[string]string{"access.session_lock.idle_minutes": {"PC-99": "10"}}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `doc1.yaml:11: provenance.sources[0].host: host "PC-99" is not in scope (scope.hosts)`)
	err = check(provOrg, "mamori: evidence/v1\nfacts:\n  audit: {retention_days: 400}\nprovenance:\n  declared: {by: A, date: 2026-12-01}\n")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "doc1.yaml:5: provenance.declared.date: date 2026-12-01 is in the future")
}

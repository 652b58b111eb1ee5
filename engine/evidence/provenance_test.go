package evidence_test

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// provDigest is a SHA-256 in the form sources need.
var provDigest = strings.Repeat("ab", 32)

// collectedDoc is a facts document collected from hosts, each with its
// value of crypto.full_disk_encryption; value is what its facts say.
func collectedDoc(value string, hosts map[string]string) string {
	var b strings.Builder
	b.WriteString("mamori: evidence/v1\nfacts:\n  crypto:\n    full_disk_encryption: " + value + "\nprovenance:\n  sources:\n")
	names := slices.Sorted(maps.Keys(hosts))
	for _, h := range names {
		b.WriteString("    - id: " + h + "/windows\n      importer: windows\n      importer_version: \"1\"\n      tool: secedit, auditpol, PowerShell\n")
		b.WriteString("      host: " + h + "\n      collected: 2026-09-30T09:00:00Z\n      inputs:\n")
		b.WriteString("        - {name: " + h + "/bitlocker.json, kind: file, sha256: " + provDigest + "}\n")
	}
	b.WriteString("  facts:\n    crypto.full_disk_encryption:\n      collected:\n")
	for _, h := range names {
		b.WriteString("        - {source: " + h + "/windows, value: " + hosts[h] + ", basis: [\"" + h + "/bitlocker.json: C:\"]}\n")
	}
	return b.String()
}

func writeDocs(t *testing.T, docs map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, doc := range docs {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(doc), 0o600))
	}
	return dir
}

func record(t *testing.T, ev *evidence.Evidence, path string) evidence.FactRecord {
	t.Helper()
	for _, r := range ev.FactRecords() {
		if r.Path == path {
			return r
		}
	}
	t.Fatalf("no record of %s", path)
	return evidence.FactRecord{}
}

// TestProvenanceDeclared: a document's declared block is the source of
// its facts; a document without provenance reads as declared by the
// assessment's assessor (Declaration nil), as files written before do.
func TestProvenanceDeclared(t *testing.T) {
	dir := writeDocs(t, map[string]string{
		"a.yaml": yamlHead + "facts:\n  access:\n    lockout: {threshold: 5}\nprovenance:\n  declared: {by: 佐藤 健一, role: 情報システム担当, date: 2026-09-20}\n",
		"b.yaml": "mamori: evidence/v1\nfacts:\n  audit:\n    retention_days: 400\n",
	})
	ev, err := evidence.Read(dir)
	require.NoError(t, err)
	r := record(t, ev, "access.lockout.threshold")
	require.Len(t, r.Declared, 1)
	require.NotNil(t, r.Declared[0].Declaration)
	assert.Equal(t, "佐藤 健一", r.Declared[0].Declaration.By)
	assert.Equal(t, "2026-09-20", r.Declared[0].Declaration.Date.String())
	assert.Equal(t, 5, r.Value)
	assert.Equal(t, filepath.Join(dir, "a.yaml")+":11", r.Declared[0].Position().String())
	r = record(t, ev, "audit.retention_days")
	require.Len(t, r.Declared, 1)
	assert.Nil(t, r.Declared[0].Declaration, "no provenance: declared by the assessment's assessor")
}

// TestProvenanceCollected: hosts' values are aggregated by the rule that
// a fact holds only as far as it holds on every host; the document's own
// value must be the weakest, or the document is refused.
func TestProvenanceCollected(t *testing.T) {
	doc := collectedDoc("false", map[string]string{"PC-01": "true", "PC-07": "false", "PC-12": "false"})
	ev, err := evidence.Parse("w.yaml", []byte(doc))
	require.NoError(t, err)
	ev, err = evidence.Merge(ev)
	require.NoError(t, err)
	r := record(t, ev, "crypto.full_disk_encryption")
	assert.Equal(t, false, r.Value)
	assert.False(t, r.Disagree, "hosts that differ are not sources that disagree")
	assert.Empty(t, r.Declared)
	require.Len(t, r.Subjects, 3)
	assert.Equal(t, "PC-07", r.Subjects[1].Subject)
	assert.Equal(t, "host", r.Subjects[1].Kind)
	assert.Equal(t, time.Date(2026, 9, 30, 9, 0, 0, 0, time.UTC), r.Collected[0].Source.Collected)

	_, err = evidence.Parse("w.yaml", []byte(collectedDoc("true", map[string]string{"PC-01": "true", "PC-07": "false"})))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "w.yaml:4: facts.crypto.full_disk_encryption: true, but the value its collected sources give is false")
}

// TestProvenanceRefuses: every mistake in a provenance block names the
// file, the line and the field.
func TestProvenanceRefuses(t *testing.T) {
	base := collectedDoc("false", map[string]string{"PC-07": "false"})
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"unknown source", strings.Replace(base, "source: PC-07/windows", "source: PC-99/windows", 1),
			[]string{"x.yaml:18: provenance.facts.crypto.full_disk_encryption.collected[0].source: unknown source \"PC-99/windows\""}},
		{"value of the wrong type", strings.Replace(base, "value: false", "value: \"off\"", 1),
			[]string{"x.yaml:18: provenance.facts.crypto.full_disk_encryption.collected[0].value: expected true or false, got \"off\""}},
		{"unknown fact", base + "    crypto.full_disk_encrypted:\n      declared: {by: A, date: 2026-09-01}\n",
			[]string{"x.yaml:19: provenance.facts.crypto.full_disk_encrypted: unknown fact"}},
		{"fact not given", base + "    crypto.fips_mode:\n      declared: {by: A, date: 2026-09-01}\n",
			[]string{"provenance.facts.crypto.fips_mode: the document gives no fact crypto.fips_mode"}},
		{"bound on a boolean", strings.Replace(base, "value: false,", "value: false, bound: at_most,", 1),
			[]string{"collected[0].bound: expected one of at_most, at_least, more_than, less_than for an integer fact"}},
		{"bad digest", strings.Replace(base, provDigest, "ABC", 1),
			[]string{"x.yaml:14: provenance.sources[0].inputs[0].sha256: expected 64 lowercase hex digits"}},
		{"no host or tenant", strings.Replace(base, "      host: PC-07\n", "", 1),
			[]string{"provenance.sources[0]: expected exactly one of host and tenant"}},
		{"unknown importer", strings.Replace(base, "importer: windows", "importer: nessus", 1),
			[]string{"provenance.sources[0].importer: expected one of openscap, windows, m365, scubagear, linux"}},
		{"declaration without a person", yamlHead + "facts:\n  audit: {retention_days: 400}\nprovenance:\n  declared: {date: 2026-09-01}\n",
			[]string{"x.yaml:12: provenance.declared.by: required"}},
		{"a list collected", yamlHead + "facts:\n  crypto:\n    modules: [{name: A}]\nprovenance:\n  sources: [{id: s, importer: linux, tool: t, host: h, collected: 2026-09-01T00:00:00Z, inputs: [{name: f, kind: file, sha256: " + provDigest + "}]}]\n  facts:\n    crypto.modules:\n      collected: [{source: s, value: A}]\n",
			[]string{"provenance.facts.crypto.modules.collected: crypto.modules is a list: it can only be declared"}},
		{"unknown key", strings.Replace(base, "importer_version:", "importer_release:", 1),
			[]string{"x.yaml:9: provenance.sources[0].importer_release: unknown field"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := evidence.Parse("x.yaml", []byte(tc.doc))
			require.Error(t, err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

// TestMergeFactByFact: facts merge one by one, not section by section;
// the same value from two sources keeps both; different values are a
// disagreement with both sources kept, and the weaker is what the
// policies see.
func TestMergeFactByFact(t *testing.T) {
	declared := func(by, facts string) string {
		return "mamori: evidence/v1\nfacts:\n" + facts + "provenance:\n  declared: {by: " + by + ", date: 2026-09-01}\n"
	}
	t.Run("same section in two files", func(t *testing.T) {
		dir := writeDocs(t, map[string]string{
			"a.yaml": yamlHead + "facts:\n  access:\n    lockout: {threshold: 5}\n",
			"b.yaml": declared("B", "  access:\n    logon_banner: true\n"),
		})
		ev, err := evidence.Read(dir)
		require.NoError(t, err)
		assert.Equal(t, 5, *ev.Facts.Access.Lockout.Threshold)
		assert.True(t, *ev.Facts.Access.LogonBanner)
	})
	t.Run("same value from two people", func(t *testing.T) {
		dir := writeDocs(t, map[string]string{
			"a.yaml": yamlHead + "facts:\n  access:\n    lockout: {threshold: 5}\n",
			"b.yaml": declared("B", "  access:\n    lockout: {threshold: 5}\n"),
		})
		ev, err := evidence.Read(dir)
		require.NoError(t, err)
		r := record(t, ev, "access.lockout.threshold")
		assert.Len(t, r.Declared, 2)
		assert.False(t, r.Disagree)
	})
	t.Run("two people disagree: the weaker is seen", func(t *testing.T) {
		dir := writeDocs(t, map[string]string{
			"a.yaml": yamlHead + "facts:\n  access:\n    lockout: {threshold: 5}\n",
			"b.yaml": declared("B", "  access:\n    lockout: {threshold: 10}\n"),
		})
		ev, err := evidence.Read(dir)
		require.NoError(t, err)
		r := record(t, ev, "access.lockout.threshold")
		assert.True(t, r.Disagree)
		assert.Equal(t, 10, r.Value)
		assert.Equal(t, 10, *ev.Facts.Access.Lockout.Threshold)
	})
	t.Run("a declaration the machines contradict", func(t *testing.T) {
		dir := writeDocs(t, map[string]string{
			"a.yaml": yamlHead + "facts:\n  crypto:\n    full_disk_encryption: true\n",
			"w.yaml": collectedDoc("false", map[string]string{"PC-01": "true", "PC-07": "false"}),
		})
		ev, err := evidence.Read(dir)
		require.NoError(t, err)
		r := record(t, ev, "crypto.full_disk_encryption")
		assert.True(t, r.Disagree)
		assert.Equal(t, false, r.Value)
		assert.Len(t, r.Declared, 1)
		assert.Len(t, r.Collected, 2)
	})
	t.Run("hosts in two files aggregate", func(t *testing.T) {
		dir := writeDocs(t, map[string]string{
			"a.yaml":  yamlHead,
			"w1.yaml": collectedDoc("true", map[string]string{"PC-01": "true"}),
			"w2.yaml": collectedDoc("false", map[string]string{"PC-07": "false"}),
		})
		ev, err := evidence.Read(dir)
		require.NoError(t, err)
		r := record(t, ev, "crypto.full_disk_encryption")
		assert.False(t, r.Disagree)
		assert.Equal(t, false, r.Value)
		assert.Len(t, r.Subjects, 2)
	})
	t.Run("one host, two sources that disagree", func(t *testing.T) {
		dir := writeDocs(t, map[string]string{
			"a.yaml":  yamlHead,
			"w1.yaml": collectedDoc("true", map[string]string{"PC-07": "true"}),
			"w2.yaml": collectedDoc("false", map[string]string{"pc-07": "false"}),
		})
		ev, err := evidence.Read(dir)
		require.NoError(t, err)
		r := record(t, ev, "crypto.full_disk_encryption")
		assert.True(t, r.Disagree)
		require.Len(t, r.Subjects, 1, "host names compare without regard to case")
		assert.True(t, r.Subjects[0].Conflict)
		assert.Equal(t, false, r.Value)
	})
	t.Run("merging merged sets keeps every source", func(t *testing.T) {
		dir1 := writeDocs(t, map[string]string{"a.yaml": yamlHead + "facts:\n  access:\n    lockout: {threshold: 5}\n"})
		dir2 := writeDocs(t, map[string]string{"b.yaml": declared("B", "  access:\n    lockout: {threshold: 3}\n")})
		a, err := evidence.Read(dir1)
		require.NoError(t, err)
		b, err := evidence.Read(dir2)
		require.NoError(t, err)
		ev, err := evidence.Merge(a, b)
		require.NoError(t, err)
		r := record(t, ev, "access.lockout.threshold")
		assert.Len(t, r.Declared, 2)
		assert.True(t, r.Disagree)
		assert.Equal(t, 5, r.Value)
	})
}

// TestBoundsAreConsistent: a rule's "at most 5" and a setting read as 3
// on the same host agree; the host's value is the exact one.
func TestBoundsAreConsistent(t *testing.T) {
	doc := func(id, importer, value, bound string) string {
		return "mamori: evidence/v1\nfacts:\n  access:\n    lockout: {threshold: " + value + "}\nprovenance:\n  sources:\n" +
			"    - {id: " + id + ", importer: " + importer + ", tool: t, host: web-01, collected: 2026-09-30T00:00:00Z, inputs: [{name: f, kind: file, sha256: " + provDigest + "}]}\n" +
			"  facts:\n    access.lockout.threshold:\n      collected: [{source: " + id + ", value: " + value + bound + "}]\n"
	}
	dir := writeDocs(t, map[string]string{
		"a.yaml": yamlHead,
		"l.yaml": doc("l", "linux", "3", ""),
		"o.yaml": doc("o", "openscap", "5", ", bound: at_most"),
	})
	ev, err := evidence.Read(dir)
	require.NoError(t, err)
	r := record(t, ev, "access.lockout.threshold")
	assert.False(t, r.Disagree)
	require.Len(t, r.Subjects, 1)
	assert.Equal(t, 3, r.Subjects[0].Value)
	assert.Equal(t, 3, r.Value)
}

// TestProvenanceJSON: the same block in JSON, with a number that JSON
// gives as 5 read as an integer.
func TestProvenanceJSON(t *testing.T) {
	doc := `{"mamori": "evidence/v1", "facts": {"access": {"lockout": {"threshold": 5}}},
"provenance": {"sources": [{"id": "s", "importer": "linux", "tool": "mamori collect linux", "host": "web-01",
  "collected": "2026-09-30T00:00:00Z", "inputs": [{"name": "/etc/security/faillock.conf", "kind": "file", "sha256": "` + provDigest + `"}]}],
 "facts": {"access.lockout.threshold": {"collected": [{"source": "s", "value": 5}]}}}}`
	ev, err := evidence.Parse("h.json", []byte(doc))
	require.NoError(t, err)
	ev, err = evidence.Merge(ev)
	require.NoError(t, err)
	r := ev.FactRecords()
	require.Len(t, r, 1)
	assert.Equal(t, 5, r[0].Collected[0].Value)

	_, err = evidence.Parse("h.json", []byte(strings.Replace(doc, `"value": 5`, `"value": 5.5`, 1)))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "h.json:4: provenance.facts.access.lockout.threshold.collected[0].value: expected an integer, got 5.5")
}

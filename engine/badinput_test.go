package engine_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
)

const goodHead = `mamori: evidence/v1
organization:
  name: 不正入力株式会社
assessment:
  type: self
  date: 2026-10-01
  assessor:
    name: 検査 花子
`

// TestBadEvidence feeds broken evidence through the same path as the
// CLI (read, merge, check, assess) and expects one clear error naming
// the file, the line and the field.
func TestBadEvidence(t *testing.T) {
	eng := testEngine(t)
	tests := []struct {
		name  string
		files map[string]string
		want  []string // substrings of the error, in order
	}{
		{
			name:  "yaml syntax error",
			files: map[string]string{"e.yaml": goodHead + "objectives:\n  \"3.1.1[a]\": {status: met\n"},
			want:  []string{"e.yaml:10:", "did not find expected"},
		},
		{
			name:  "duplicate key",
			files: map[string]string{"e.yaml": goodHead + "objectives:\n  \"3.1.1[a]\": {status: met}\n  \"3.1.1[a]\": {status: not_met}\n"},
			want:  []string{"e.yaml:11:", `mapping key "3.1.1[a]" already defined at line 10`},
		},
		{
			name:  "wrong type for a fact",
			files: map[string]string{"e.yaml": goodHead + "facts:\n  access:\n    lockout:\n      threshold: five\n"},
			want:  []string{"e.yaml:12:", "facts.access.lockout.threshold", `expected an integer, got string "five"`},
		},
		{
			name:  "wrong type for a boolean",
			files: map[string]string{"e.yaml": goodHead + "facts:\n  identity:\n    mfa:\n      privileged_local: sometimes\n"},
			want:  []string{"e.yaml:12:", "facts.identity.mfa.privileged_local", "expected true or false"},
		},
		{
			name:  "list where a mapping belongs",
			files: map[string]string{"e.yaml": goodHead + "facts:\n  audit: [logging_enabled]\n"},
			want:  []string{"e.yaml:10:", "facts.audit", "expected a mapping, got list"},
		},
		{
			name:  "unknown field",
			files: map[string]string{"e.yaml": goodHead + "facts:\n  identity:\n    mfa_everywhere: true\n"},
			want:  []string{"e.yaml:11:", "facts.identity.mfa_everywhere", `unknown field "mfa_everywhere"`},
		},
		{
			name:  "unknown field in a list item",
			files: map[string]string{"e.yaml": goodHead + "artifacts:\n  - {id: A, title: t}\n  - id: B\n    title: u\n    colour: red\n"},
			want:  []string{"e.yaml:13:", "artifacts[1].colour", `unknown field "colour"`},
		},
		{
			name:  "unknown objective",
			files: map[string]string{"e.yaml": goodHead + "objectives:\n  \"3.1.1[z]\": {status: met}\n"},
			want:  []string{"e.yaml:10:", "objectives.3.1.1[z]", `unknown objective "3.1.1[z]"`},
		},
		{
			name:  "requirement given as an objective",
			files: map[string]string{"e.yaml": goodHead + "objectives:\n  \"3.1.1\": {status: met}\n"},
			want:  []string{"e.yaml:10:", "3.1.1 is a requirement, not an objective"},
		},
		{
			// yaml.v3 compares every key of a mapping with every other to
			// find duplicates: 300,000 entries would take it minutes.
			name:  "mapping too large to check for duplicate keys",
			files: map[string]string{"e.yaml": goodHead + "objectives:\n" + manyObjectives(5001)},
			want:  []string{"e.yaml:10:", "a mapping of 5001 entries: at most 5000 in one mapping"},
		},
		{
			name:  "mappings together too large",
			files: map[string]string{"e.yaml": goodHead + "objectives:\n" + manyObjectives(4000) + "params:\n" + strings.ReplaceAll(manyObjectives(4000), "[a]", "[b]")},
			want:  []string{"e.yaml:4011:", "a mapping of 4000 entries"},
		},
		{
			name:  "invalid status",
			files: map[string]string{"e.yaml": goodHead + "objectives:\n  \"3.1.1[a]\": {status: done}\n"},
			want:  []string{"e.yaml:10:", "objectives.3.1.1[a].status", `expected met, not_met or not_applicable, got "done"`},
		},
		{
			name:  "invalid method",
			files: map[string]string{"e.yaml": goodHead + "objectives:\n  \"3.1.1[a]\": {status: met, method: guess}\n"},
			want:  []string{"e.yaml:10:", "objectives.3.1.1[a].method", `expected examine, interview or test, got "guess"`},
		},
		{
			name:  "assessment date in the future",
			files: map[string]string{"e.yaml": strings.Replace(goodHead, "2026-10-01", "2027-04-01", 1)},
			want:  []string{"e.yaml:6:", "assessment.date", "date 2027-04-01 is in the future"},
		},
		{
			name:  "determination date in the future",
			files: map[string]string{"e.yaml": goodHead + "objectives:\n  \"3.1.1[a]\": {status: met, date: 2030-01-01}\n"},
			want:  []string{"e.yaml:10:", "objectives.3.1.1[a].date", "in the future"},
		},
		{
			name:  "malformed date",
			files: map[string]string{"e.yaml": strings.Replace(goodHead, "2026-10-01", "10/01/2026", 1)},
			want:  []string{"e.yaml:6:", "assessment.date", `invalid date "10/01/2026": expected YYYY-MM-DD`},
		},
		{
			name:  "malformed date in a flow mapping",
			files: map[string]string{"e.yaml": "mamori: evidence/v1\norganization: {name: x}\nassessment: {type: self, date: 2026-13-01, assessor: {name: y}}\n"},
			want:  []string{"e.yaml:3:", "assessment.date", `invalid date "2026-13-01"`},
		},
		{
			name:  "missing marker",
			files: map[string]string{"e.yaml": strings.Replace(goodHead, "mamori: evidence/v1\n", "", 1)},
			want:  []string{"e.yaml", "mamori", `expected "evidence/v1"`},
		},
		{
			name:  "unknown artifact reference",
			files: map[string]string{"e.yaml": goodHead + "objectives:\n  \"3.1.1[a]\": {status: met, artifacts: [POL-9]}\n"},
			want:  []string{"e.yaml:10:", "objectives.3.1.1[a].artifacts", `unknown artifact "POL-9"`},
		},
		{
			name:  "bad sha256",
			files: map[string]string{"e.yaml": goodHead + "artifacts:\n  - {id: A, title: t, sha256: abc}\n"},
			want:  []string{"e.yaml:10:", "artifacts[0].sha256", "expected 64 lowercase hex digits"},
		},
		{
			name:  "bad corporate number",
			files: map[string]string{"e.yaml": strings.Replace(goodHead, "  name: 不正入力株式会社\n", "  name: 不正入力株式会社\n  corporate_number: \"12345\"\n", 1)},
			want:  []string{"e.yaml:4:", "organization.corporate_number", "13-digit"},
		},
		{
			name:  "unknown requirement on the POA&M",
			files: map[string]string{"e.yaml": goodHead + "poam:\n  - {id: P1, requirements: [\"3.99.1\"], weakness: w}\n"},
			want:  []string{"e.yaml:10:", "poam[0].requirements[0]", `unknown requirement "3.99.1"`},
		},
		{
			name:  "temporary deficiency without an operational plan",
			files: map[string]string{"e.yaml": goodHead + "temporary_deficiencies:\n  - {requirement: \"3.13.11\", description: d, plan: P9, previously_implemented: true}\n"},
			want:  []string{"e.yaml:10:", "temporary_deficiencies[0].plan", `unknown POA&M item "P9"`},
		},
		{
			name:  "fact outside its vocabulary",
			files: map[string]string{"e.yaml": goodHead + "facts:\n  media:\n    removable_media: sometimes\n"},
			want:  []string{"e.yaml:11:", "facts.media.removable_media", "expected one of blocked, controlled, unrestricted"},
		},
		{
			name:  "invalid assessment type",
			files: map[string]string{"e.yaml": strings.Replace(goodHead, "type: self", "type: friendly", 1)},
			want:  []string{"e.yaml:5:", "assessment.type", `expected self, prime or auditor, got "friendly"`},
		},
		{
			name:  "deep nesting",
			files: map[string]string{"e.yaml": goodHead + "scope:\n  description: " + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "\n"},
			want:  []string{"e.yaml:10:", "nesting deeper than 32 levels"},
		},
		{
			name:  "file over 10 MiB",
			files: map[string]string{"e.yaml": goodHead + "# " + strings.Repeat("x", evidence.MaxInputBytes) + "\n"},
			want:  []string{"e.yaml", "over the 10485760-byte limit"},
		},
		{
			name:  "json syntax error",
			files: map[string]string{"e.json": `{"mamori": "evidence/v1",` + "\n" + `"organization": {"name": "x"]}`},
			want:  []string{"e.json:2:", "organization", "invalid JSON: invalid character ']'"},
		},
		{
			name:  "json with an empty assessment",
			files: map[string]string{"e.json": `{"mamori": "evidence/v1", "organization": {"name": "x"},` + "\n" + `"assessment": null}`},
			want:  []string{"e.json:2:", "assessment.type", "expected self, prime or auditor"},
		},
		{
			name:  "empty file",
			files: map[string]string{"e.yaml": ""},
			want:  []string{"e.yaml", "empty document"},
		},
		{
			name: "the same objective in two files",
			files: map[string]string{
				"a.yaml": goodHead + "objectives:\n  \"3.1.1[a]\": {status: met}\n",
				"b.yaml": "mamori: evidence/v1\nobjectives:\n  \"3.1.1[a]\": {status: not_met}\n",
			},
			want: []string{"b.yaml:3:", "objectives.3.1.1[a]", "already given in", "a.yaml:10"},
		},
		{
			name: "a duplicate artifact in the second file",
			files: map[string]string{
				"a.yaml": goodHead + "artifacts:\n  - {id: A, title: t}\n",
				"b.yaml": "mamori: evidence/v1\nartifacts:\n  - {id: B, title: t}\n  - {id: A, title: u}\n",
			},
			want: []string{"b.yaml:4:", "artifacts[1].id", `duplicate artifact "A"`},
		},
		{
			name: "conflicting organisation names",
			files: map[string]string{
				"a.yaml": goodHead,
				"b.yaml": "mamori: evidence/v1\norganization:\n  name: 別の会社\n",
			},
			want: []string{"b.yaml:3:", "organization.name", "already given in", "a.yaml:3"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assertBadEvidence(t, eng, tt.files, tt.want) })
	}
}

// assertBadEvidence writes files to a directory, reads and assesses it
// as the CLI does, and expects an input error containing want, in order.
func assertBadEvidence(t *testing.T, eng *engine.Engine, files map[string]string, want []string) {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600))
	}
	ev, err := evidence.Read(dir)
	if err == nil {
		_, err = eng.Assess(context.Background(), ev)
	}
	require.Error(t, err)
	msg := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
	rest := msg
	for _, w := range want {
		i := strings.Index(rest, w)
		if !assert.GreaterOrEqual(t, i, 0, "error %q; want it to contain %q (in order)", msg, w) {
			return
		}
		rest = rest[i+len(w):]
	}
	var ie evidence.InputErrors
	var one *evidence.InputError
	assert.True(t, errors.As(err, &ie) || errors.As(err, &one), "want an input error, got %T", err)
}

// manyObjectives writes n objective determinations, of objectives that
// do not exist.
func manyObjectives(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "  9.9.%d[a]: {status: met}\n", i)
	}
	return b.String()
}

package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// TestNewCmdTemplateSelfAssessment checks flag parsing apart from running.
func TestNewCmdTemplateSelfAssessment(t *testing.T) {
	tests := []flagCase[templateOptions]{
		{name: "defaults", args: "-o sa.xlsx", want: templateOptions{OutFile: "sa.xlsx", Lang: "en"}},
		{name: "japanese locale", args: "-o sa.xlsx", want: templateOptions{OutFile: "sa.xlsx", Lang: "ja"}, locale: "ja_JP.UTF-8"},
		{name: "english", args: "-o sa.xlsx --lang en", want: templateOptions{OutFile: "sa.xlsx", Lang: "en"}},
		{name: "no file", args: "", wantErr: "-o FILE is required"},
		{name: "bad lang", args: "-o sa.xlsx --lang fr", wantErr: `invalid --lang "fr": valid values are ja, en`},
		{name: "argument", args: "-o sa.xlsx x", wantErr: `unknown command "x"`},
	}
	testFlags(t, newTemplateSelfAssessmentCmd, tests)
}

// TestReadEvidenceWorkbook writes the template, fills a little of it
// and reads it with a YAML file: the two merge into one evidence set.
func TestReadEvidenceWorkbook(t *testing.T) {
	dir := t.TempDir()
	g := &globalOptions{}
	s := &streams{In: &bytes.Buffer{}, Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}
	sa := filepath.Join(dir, "sa.xlsx")
	cmd := newTemplateCmd(g, s)
	cmd.SetArgs([]string{"self-assessment", "-o", sa})
	require.NoError(t, cmd.Execute())
	st, err := os.Stat(sa)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), st.Mode().Perm())

	f, err := excelize.OpenFile(sa)
	require.NoError(t, err)
	for cell, v := range map[string]string{
		"Organisation!C2": "test-co", "Organisation!C3": "テスト株式会社", "Organisation!C10": "self",
		"Organisation!C11": "山田 太郎", "Organisation!C14": "2026-10-01",
		"Artifacts!A2": "D-01", "Artifacts!B2": "規程",
		"Objectives!D3": "実施済", "Objectives!E3": "examine", "Objectives!G3": "D-01",
		"Objectives!D4": "未実施",
	} {
		sheet, ref, _ := strings.Cut(cell, "!")
		require.NoError(t, f.SetCellStr(sheet, ref, v))
	}
	require.NoError(t, f.SaveAs(sa))
	require.NoError(t, f.Close())
	poam := filepath.Join(dir, "poam.yaml")
	require.NoError(t, os.WriteFile(poam, []byte(`mamori: evidence/v1
poam:
  - id: P1
    type: remediation
    requirements: ["3.1.1"]
    weakness: w
`), 0o644))

	ev, err := g.readEvidence(sa, poam)
	require.NoError(t, err)
	assert.Equal(t, "テスト株式会社", ev.Organization.Name)
	assert.Equal(t, evidence.Determination{Status: evidence.StatusMet, Method: "examine", Artifacts: []string{"D-01"}}, ev.Objectives["3.1.1[a]"])
	assert.Equal(t, evidence.StatusNotMet, ev.Objectives["3.1.1[b]"].Status)
	assert.Len(t, ev.Objectives, 2)
	require.Len(t, ev.POAM, 1)

	// A bad workbook is an InputError naming the sheet and cell.
	f, err = excelize.OpenFile(sa)
	require.NoError(t, err)
	require.NoError(t, f.SetCellStr("Objectives", "D3", "done"))
	require.NoError(t, f.SaveAs(sa))
	require.NoError(t, f.Close())
	_, err = g.readEvidence(sa)
	var ie *evidence.InputError
	require.True(t, errors.As(err, &ie), "%v", err)
	assert.Equal(t, "Objectives!D3", ie.Field)
	assert.Equal(t, sa+`: Objectives!D3: expected met, not_met or not_applicable, got "done"`, err.Error())

	// YAML alone still goes through evidence.Read.
	ev, err = g.readEvidence(filepath.Join("..", "..", "examples", "sato-machining"))
	require.NoError(t, err)
	assert.NotEmpty(t, ev.Objectives)
}

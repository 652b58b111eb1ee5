package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/mamori-dev/mamori/reports"
)

// TestNewCmdChecklistSite checks flag parsing apart from running.
func TestNewCmdChecklistSite(t *testing.T) {
	tests := []flagCase[checklistSiteOptions]{
		{name: "defaults", args: "ev --site s1 -o c.xlsx", want: checklistSiteOptions{Paths: []string{"ev"}, Site: "s1", OutFile: "c.xlsx", Lang: "en"}},
		{name: "japanese locale", args: "ev --site s1 --out c.xlsx", want: checklistSiteOptions{Paths: []string{"ev"}, Site: "s1", OutFile: "c.xlsx", Lang: "ja"},
			locale: "ja_JP.UTF-8"},
		{name: "-o json is a file name mistaken for a format", args: "ev --site s1 -o json", wantErr: "-o/--out names the file to write"},
		{name: "english, own checklist", args: "a b --site s1 -o c.xlsx --lang en --checklist official.yaml",
			want: checklistSiteOptions{Paths: []string{"a", "b"}, Site: "s1", OutFile: "c.xlsx", Lang: "en", Checklist: "official.yaml"}},
		{name: "no output", args: "ev --site s1", wantErr: "-o FILE is required"},
		{name: "no site", args: "ev -o c.xlsx", wantErr: "--site SITE is required"},
		{name: "bad lang", args: "ev --site s1 -o c.xlsx --lang fr", wantErr: `invalid --lang "fr"`},
	}
	testFlags(t, newChecklistSiteCmd, tests)
}

// TestChecklistSiteAndAssess writes the checklist for an example, fills
// it as two auditors who disagree, and assesses with --site-visit.
func TestChecklistSiteAndAssess(t *testing.T) {
	dir := t.TempDir()
	example := filepath.Join("..", "..", "examples", "sato-machining")
	form := filepath.Join(dir, "checklist.xlsx")
	s := &streams{In: &bytes.Buffer{}, Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}
	cmd := newChecklistCmd(&globalOptions{}, s)
	cmd.SetArgs([]string{"site", example, "--site", "suwa-honsha", "-o", form})
	cmd.SetOut(s.Out)
	cmd.SetErr(s.Err)
	require.NoError(t, cmd.ExecuteContext(context.Background()))
	st, err := os.Stat(form)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())

	fill := func(name, result, auditor string) string {
		f, err := excelize.OpenFile(form)
		require.NoError(t, err)
		defer f.Close()
		require.NoError(t, f.SetCellStr(reports.SheetChecklist, "H15", result)) // PSC-07
		require.NoError(t, f.SetCellStr(reports.SheetChecklist, "C35", auditor))
		require.NoError(t, f.SetCellStr(reports.SheetChecklist, "C37", "2026-10-30"))
		p := filepath.Join(dir, name)
		require.NoError(t, f.SaveAs(p))
		return p
	}
	a, b := fill("a.xlsx", "適合", "監査 一郎"), fill("b.xlsx", "不適合", "検査 花子")

	s = &streams{In: &bytes.Buffer{}, Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}
	acmd := newAssessCmd(&globalOptions{}, s, nil)
	acmd.SetArgs([]string{example, "--site-visit", a, "--site-visit", b, "--format", "json", "--lang", "en"})
	acmd.SetOut(s.Out)
	acmd.SetErr(s.Err)
	acmd.SilenceUsage, acmd.SilenceErrors = true, true
	err = acmd.ExecuteContext(context.Background())
	require.True(t, errors.Is(err, errFindings), "got %v", err)
	assert.Contains(t, s.Err.(*bytes.Buffer).String(), "site visit conflict: 3.10.4[a]")
	var v struct {
		AuditorVerified bool `json:"auditor_verified"`
		Coverage        struct {
			DeterminedBy struct{ Self, Auditor int } `json:"determined_by"`
		} `json:"coverage"`
	}
	out := s.Out.(*bytes.Buffer).Bytes()
	require.NoError(t, json.Unmarshal(out, &v))
	// One checklist item's objectives are the auditors'; the rest stay
	// the company's, and the assessment is not relabelled an auditor's.
	assert.False(t, v.AuditorVerified)
	assert.Positive(t, v.Coverage.DeterminedBy.Auditor)
	assert.Positive(t, v.Coverage.DeterminedBy.Self)

	// A bad form: an error naming the cell, and exit 2.
	bad := fill("bad.xlsx", "たぶん", "x")
	s = &streams{In: &bytes.Buffer{}, Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}
	code := run(context.Background(), []string{"assess", example, "--site-visit", bad}, s)
	assert.Equal(t, 2, code)
	assert.Contains(t, s.Err.(*bytes.Buffer).String(), "Checklist!H15")
}

package engine_test

import (
	"regexp"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/controls"
	"github.com/mamori-dev/mamori/engine"
)

// TestEmbeddedCatalogs validates the embedded catalogues and checks the
// published counts.
func TestEmbeddedCatalogs(t *testing.T) {
	cats, err := engine.LoadCatalogs(controls.FS)
	require.NoError(t, err)
	for _, e := range cats.Validate() {
		t.Error(e)
	}
	type counts struct{ families, active, withdrawn, objectives, params int }
	want := map[string]counts{
		"nist-sp800-171-r2":         {14, 110, 0, 320, 0},
		"nist-sp800-171-r3":         {17, 97, 33, 422, 88},
		"nist-sp800-53-r5-moderate": {18, 287, 0, 1306, 584},
	}
	for id, w := range want {
		c, ok := cats.Get(id)
		if !assert.True(t, ok, "catalogue %s missing", id) {
			continue
		}
		var got counts
		got.families = len(c.Families)
		for _, r := range c.Requirements() {
			if r.Withdrawn {
				got.withdrawn++
			} else {
				got.active++
			}
			got.objectives += len(r.Objectives)
			got.params += len(r.Parameters)
		}
		assert.Equal(t, w, got, "counts for %s", id)
	}
}

// TestSP80053Objectives checks that the SP 800-53 objectives carry their
// SP 800-53A labels: the single objective of a control is named after it,
// as the publication prints it, and parents with text of their own are
// determination statements too (1,303 leaves and AC-08a., CA-07(04),
// RA-05b.).
func TestSP80053Objectives(t *testing.T) {
	c, err := engine.LoadCatalog(controls.FS, "nist-sp800-53-r5-moderate")
	require.NoError(t, err)
	label := regexp.MustCompile(`^[A-Z]{2}-[0-9]+[a-z0-9.()\[\]]*$`) // "AC-02a.01", "IA-05(02)(a)(01)", "AC-12"; not "ac-12_obj"
	n := 0
	for _, r := range c.Requirements() {
		for _, o := range r.Objectives {
			n++
			assert.Regexp(t, label, o.ID, "objective of %s", r.ID)
			if o.ID == r.ID {
				assert.Len(t, r.Objectives, 1, "%s: only a single objective is named after its control", r.ID)
			}
		}
	}
	assert.Equal(t, 1306, n)
	for _, single := range []string{"AC-12", "AU-11", "IA-11", "PE-11", "PL-10", "PL-11", "SC-10", "SC-23", "SC-28", "SC-39", "SI-10", "SI-16", "SR-10", "SR-12"} {
		r, ok := c.Requirement(single)
		require.True(t, ok, single)
		require.Len(t, r.Objectives, 1, single)
		assert.Equal(t, single, r.Objectives[0].ID)
		o, ok := c.Objective(single)
		require.True(t, ok, single)
		assert.Equal(t, r.Objectives[0].Text, o.Text)
	}
	for id, text := range map[string]string{
		"AC-08a.":   "is displayed to users before granting access to the system that provides privacy and security notices",
		"RA-05b.":   "vulnerability monitoring tools and techniques are employed to facilitate interoperability among tools;",
		"CA-07(04)": "risk monitoring is an integral part of the continuous monitoring strategy;",
	} {
		o, ok := c.Objective(id)
		if assert.True(t, ok, id) {
			assert.Contains(t, o.Text.EN, text)
		}
	}
	r, _ := c.Requirement("AC-8")
	assert.Equal(t, []string{"AC-08a.", "AC-08a.01", "AC-08a.02", "AC-08a.03", "AC-08a.04", "AC-08b.", "AC-08c.01", "AC-08c.02", "AC-08c.03"}, objectiveIDs(r))
}

func objectiveIDs(r *engine.Requirement) []string {
	var ids []string
	for _, o := range r.Objectives {
		ids = append(ids, o.ID)
	}
	return ids
}

// TestValidateObjectiveIDs: an objective may share its own control's ID
// only when it is the control's single objective.
func TestValidateObjectiveIDs(t *testing.T) {
	load := func(reqs string) []error {
		t.Helper()
		doc := "id: x\ntitle: {en: X}\nversion: \"1\"\nfamilies:\n  - id: AC\n    title: {en: AC}\n    requirements:\n" + reqs
		c, err := engine.LoadCatalog(fstest.MapFS{"x.yaml": {Data: []byte(doc)}}, "x")
		require.NoError(t, err)
		cs, err := engine.NewCatalogs(c)
		require.NoError(t, err)
		return cs.Validate()
	}
	assert.Empty(t, load("      - {id: AC-12, text: {en: t}, objectives: [{id: AC-12, text: {en: o}}]}\n"))
	assert.NotEmpty(t, load("      - {id: AC-12, text: {en: t}, objectives: [{id: AC-12, text: {en: o}}, {id: AC-12b, text: {en: o}}]}\n"))
	errs := load("      - {id: AC-1, text: {en: t}, objectives: [{id: AC-01, text: {en: o}}]}\n" +
		"      - {id: AC-2, text: {en: t}, objectives: [{id: AC-1, text: {en: o}}]}\n")
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Error(), `duplicate objective id "AC-1"`)
}

// TestRev2Scoring checks the DoD values and CMMC rules carried by the
// Rev 2 catalogue against the methodology's lists.
func TestRev2Scoring(t *testing.T) {
	c, err := engine.LoadCatalog(controls.FS, engine.DefaultCatalog)
	require.NoError(t, err)
	byPoints := map[int]int{}
	poam := map[string]int{}
	far, sum := 0, 0
	var japanese int
	for _, r := range c.Requirements() {
		byPoints[r.Scoring.Points]++
		poam[r.Scoring.POAM]++
		sum += r.Scoring.Points
		if r.Scoring.FAR52204 {
			far++
		}
		if r.Text.JA != "" {
			japanese++
		}
		for _, o := range r.Objectives {
			assert.NotEmpty(t, o.Text.JA, "objective %s has no Japanese text", o.ID)
		}
		assert.NotEmpty(t, r.CSF, "requirement %s has no CSF function", r.ID)
	}
	assert.Equal(t, map[int]int{5: 44, 3: 14, 1: 51, 0: 1}, byPoints)
	assert.Equal(t, 313, sum)
	assert.Equal(t, 17, far)
	assert.Equal(t, 110, japanese)
	assert.Equal(t, map[string]int{engine.POAMEligible: 46, engine.POAMPartialOnly: 1, engine.POAMNever: 63}, poam)
	for id, partial := range map[string]int{"3.5.3": 3, "3.13.11": 3} {
		r, _ := c.Requirement(id)
		assert.Equal(t, partial, r.Scoring.Partial, id)
	}
	r, _ := c.Requirement("3.12.4")
	assert.True(t, r.Scoring.NoValue)
}

func TestNameIn(t *testing.T) {
	tests := []struct{ lang, name, nameEN, want string }{
		{engine.LangJA, "佐藤精密工業株式会社", "Sato Precision", "佐藤精密工業株式会社"},
		{engine.LangEN, "佐藤精密工業株式会社", "Sato Precision", "Sato Precision"},
		{engine.LangEN, "佐藤精密工業株式会社", "", "佐藤精密工業株式会社"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, engine.NameIn(tt.lang, tt.name, tt.nameEN))
	}
}

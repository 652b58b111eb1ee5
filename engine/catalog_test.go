package engine_test

import (
	"regexp"
	"slices"
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
		for _, v := range []string{engine.CSF11, engine.CSF20} {
			assert.NotEmpty(t, r.CSF[v].Functions, "requirement %s has no CSF %s function", r.ID, v)
		}
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

// TestValidateCatalogs checks that a catalogue set is refused when a
// requirement names the same mapping target twice, when a mapping other
// than "withdrawn" points at a withdrawn entry, when a "withdrawn"
// mapping points at an active one, and when a text source is undeclared.
func TestValidateCatalogs(t *testing.T) {
	later := `id: later
title: {en: Later}
version: "1"
families:
  - id: "1"
    title: {en: F}
    requirements:
      - {id: L.1, text: {en: Active.}, objectives: [{id: "L.1[a]", text: {en: o}}]}
      - {id: L.2, text: {en: "[Withdrawn.]"}, withdrawn: true}
`
	earlier := func(mappings, source string) string {
		return `id: earlier
title: {en: Earlier}
version: "1"
text_sources: {pub: The publication}
families:
  - id: "1"
    title: {en: F}
    requirements:
      - id: E.1
        text: {en: Earlier.}` + source + `
        objectives: [{id: "E.1[a]", text: {en: o}}]
        mappings:` + mappings + "\n"
	}
	tests := []struct {
		name, mappings, source string
		want                   []string
	}{
		{"clean", `
          - {catalog: later, id: L.1, relation: successor}
          - {catalog: later, id: L.2, relation: withdrawn, note: withdrawn without a successor}`, "", nil},
		{"duplicate", `
          - {catalog: later, id: L.1, relation: derived-from}
          - {catalog: later, id: L.1, relation: derived-from, as_published: L.0}`, "",
			[]string{"earlier.yaml: requirement E.1: maps to later L.1 more than once"}},
		{"successor withdrawn", `
          - {catalog: later, id: L.2, relation: successor}`, "",
			[]string{"earlier.yaml: requirement E.1: successor later L.2 is withdrawn"}},
		{"withdrawn active", `
          - {catalog: later, id: L.1, relation: withdrawn, note: gone}`, "",
			[]string{"earlier.yaml: requirement E.1: later L.1 is not withdrawn"}},
		{"text source", `
          - {catalog: later, id: L.1, relation: successor}`, "\n        text_source: cprt",
			[]string{`earlier.yaml: requirement E.1: text source "cprt" is not among the catalogue's text_sources`}},
		{"text source declared", `
          - {catalog: later, id: L.1, relation: successor}`, "\n        text_source: pub", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cats, err := engine.LoadCatalogs(fstest.MapFS{
				"earlier.yaml": {Data: []byte(earlier(tt.mappings, tt.source))},
				"later.yaml":   {Data: []byte(later)},
			})
			require.NoError(t, err)
			var got []string
			for _, e := range cats.Validate() {
				got = append(got, e.Error())
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestValidateCSF checks that a catalogue is refused when a CSF
// placement names a function its version does not have, rests on an
// undeclared source, names subcategories outside its functions, or gives
// no rationale where no source decides, and when the version shown is
// missing.
func TestValidateCSF(t *testing.T) {
	cat := func(block, placement string) string {
		return `id: c
title: {en: C}
version: "1"
` + block + `
families:
  - id: "1"
    title: {en: F}
    requirements:
      - id: C.1
        text: {en: Text.}
        objectives: [{id: "C.1[a]", text: {en: o}}]
        csf:` + placement + "\n"
	}
	const block = `csf: {shown: "2.0", sources: {m: A mapping}}`
	tests := []struct {
		name, block, placement string
		want                   []string
	}{
		{"clean", block, `
          "1.1": {functions: [protect], basis: rationale, rationale: Why.}
          "2.0": {functions: [govern, protect], subcategories: [GV.OC-03, PR.DS-01], basis: m}`, nil},
		{"no block", "", `
          "2.0": {functions: [protect], subcategories: [PR.DS-01], basis: m}`,
			[]string{"c.yaml: requirement C.1: CSF placements, but the catalogue has no csf block"}},
		{"govern in 1.1", block, `
          "1.1": {functions: [govern], basis: rationale, rationale: Why.}
          "2.0": {functions: [protect], subcategories: [PR.DS-01], basis: m}`,
			[]string{`c.yaml: requirement C.1: unknown CSF 1.1 function "govern" (want one of identify, protect, detect, respond, recover)`}},
		{"shown missing", block, `
          "1.1": {functions: [protect], basis: rationale, rationale: Why.}`,
			[]string{"c.yaml: requirement C.1: not placed in CSF 2.0, the version shown"}},
		{"undeclared basis", block, `
          "2.0": {functions: [protect], subcategories: [PR.DS-01], basis: guess}`,
			[]string{`c.yaml: requirement C.1: CSF 2.0 basis "guess" is not among the catalogue's csf sources`}},
		{"no rationale", block, `
          "2.0": {functions: [protect], basis: rationale}`,
			[]string{"c.yaml: requirement C.1: CSF 2.0 placement by rationale gives none"}},
		{"subcategory outside", block, `
          "2.0": {functions: [protect], subcategories: [DE.CM-01], basis: m}`,
			[]string{
				"c.yaml: requirement C.1: CSF 2.0 subcategory DE.CM-01 is not in the placement's functions",
				"c.yaml: requirement C.1: CSF 2.0 function protect has none of the placement's subcategories",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cats, err := engine.LoadCatalogs(fstest.MapFS{"c.yaml": {Data: []byte(cat(tt.block, tt.placement))}})
			require.NoError(t, err)
			var got []string
			for _, e := range cats.Validate() {
				got = append(got, e.Error())
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestRev2Crosswalk checks every SP 800-171 Rev 2 requirement's link to
// Rev 3: a successor, incorporated-into or addressed-by link names an
// active Rev 3 requirement, and the six Rev 2 requirements whose Rev 3
// slot was withdrawn without a link say so instead of naming one.
func TestRev2Crosswalk(t *testing.T) {
	cats, err := engine.LoadCatalogs(controls.FS)
	require.NoError(t, err)
	r2, _ := cats.Get(engine.DefaultCatalog)
	r3, _ := cats.Get("nist-sp800-171-r3")
	var withdrawn []string
	for _, r := range r2.Requirements() {
		n := 0
		for _, m := range r.Mappings {
			if m.Catalog != r3.ID {
				continue
			}
			n++
			target, ok := r3.Requirement(m.ID)
			require.True(t, ok, "%s: %s is not in Rev 3", r.ID, m.ID)
			switch m.Relation {
			case "successor", "incorporated-into", "addressed-by":
				assert.False(t, target.Withdrawn, "%s: %s %s is withdrawn", r.ID, m.Relation, m.ID)
			case engine.RelationWithdrawn:
				assert.True(t, target.Withdrawn, "%s: %s is not withdrawn", r.ID, m.ID)
				assert.Empty(t, slices.DeleteFunc(slices.Clone(r.Mappings), func(x engine.Mapping) bool {
					return x.Catalog != r3.ID || x.Relation == engine.RelationWithdrawn
				}), "%s: a withdrawn slot and a successor", r.ID)
				withdrawn = append(withdrawn, r.ID)
			default:
				t.Errorf("%s: unexpected relation %q to Rev 3", r.ID, m.Relation)
			}
		}
		assert.Positive(t, n, "%s has no Rev 3 mapping", r.ID)
	}
	assert.Equal(t, []string{"3.5.6", "3.5.8", "3.5.9", "3.7.1", "3.13.2", "3.13.14"}, withdrawn)
}

// TestRev2MappingsOnce checks that no Rev 2 requirement lists an SP 800-53
// control twice (Rev 5 merged IA-2(3) into IA-2(1) and IA-2(9) into
// IA-2(8); Appendix D cites both halves).
func TestRev2MappingsOnce(t *testing.T) {
	c, err := engine.LoadCatalog(controls.FS, engine.DefaultCatalog)
	require.NoError(t, err)
	for _, r := range c.Requirements() {
		seen := map[string]bool{}
		for _, m := range r.Mappings {
			if m.ID == "" {
				continue
			}
			k := m.Catalog + " " + m.ID
			assert.False(t, seen[k], "%s maps to %s twice", r.ID, k)
			seen[k] = true
		}
	}
	for id, want := range map[string]string{"3.5.3": "IA-2(1), IA-2(3)", "3.5.4": "IA-2(8), IA-2(9)"} {
		r, _ := c.Requirement(id)
		var got []string
		for _, m := range r.Mappings {
			if m.AsPublished != "" {
				got = append(got, m.AsPublished)
			}
		}
		assert.Equal(t, []string{want}, got, id)
	}
}

package controls_test

import (
	"encoding/json"
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/controls"
	"github.com/mamori-dev/mamori/engine"
)

// TestRev2TextIsNISTs compares the statement of every SP 800-171 Rev 2
// requirement with NIST's CPRT export of SP 800-171 Rev 2
// (testdata/sp800-171r2_requirements_nist-cprt.json). A statement follows
// CPRT word for word, or, for the two where CPRT's punctuation departs
// from the publication (3.3.2, 3.5.4), follows the publication: those
// say so in text_source and differ from CPRT in punctuation only.
func TestRev2TextIsNISTs(t *testing.T) {
	b, err := os.ReadFile("testdata/sp800-171r2_requirements_nist-cprt.json")
	require.NoError(t, err)
	var cprt struct {
		Requirements []struct{ ID, Text string } `json:"requirements"`
	}
	require.NoError(t, json.Unmarshal(b, &cprt))
	require.Len(t, cprt.Requirements, 110)

	c, err := engine.LoadCatalog(controls.FS, engine.DefaultCatalog)
	require.NoError(t, err)
	assert.Len(t, c.Requirements(), 110)
	assert.Contains(t, c.TextSources, "cprt")
	assert.Contains(t, c.TextSources, "sp800-171r2")

	var publication []string
	for _, n := range cprt.Requirements {
		r, ok := c.Requirement(n.ID)
		if !assert.True(t, ok, "%s is not in the catalogue", n.ID) {
			continue
		}
		switch r.TextSource {
		case "cprt":
			assert.Equal(t, n.Text, r.Text.EN, "%s differs from NIST's CPRT text", n.ID)
		case "sp800-171r2":
			publication = append(publication, n.ID)
			assert.NotEqual(t, n.Text, r.Text.EN, "%s is CPRT's text but names the publication", n.ID)
			assert.Equal(t, words(n.Text), words(r.Text.EN), "%s differs from CPRT in more than punctuation", n.ID)
		default:
			t.Errorf("%s: text source %q, want cprt or sp800-171r2", n.ID, r.TextSource)
		}
	}
	assert.Equal(t, []string{"3.3.2", "3.5.4"}, publication)

	r, _ := c.Requirement("3.7.1")
	assert.Equal(t, "Perform maintenance on organizational systems.", r.Text.EN)
}

var notWord = regexp.MustCompile(`[^\pL\pN]+`)

// words keeps letters and digits: two texts that differ only in commas,
// hyphens and spacing give the same words.
func words(s string) string { return notWord.ReplaceAllString(s, "") }

// TestRev2CSF checks the Cybersecurity Framework placements: every
// requirement is placed in CSF 1.1 and CSF 2.0, the catalogue shows CSF
// 2.0, each placement rests on NIST's mappings (as controls/gen/csf.go
// applies them) or on a rationale, and the counts of each are those the
// mappings give: a change in the NIST data or in the rule shows here.
func TestRev2CSF(t *testing.T) {
	c, err := engine.LoadCatalog(controls.FS, engine.DefaultCatalog)
	require.NoError(t, err)
	require.NotNil(t, c.CSF)
	assert.Equal(t, engine.CSF20, c.CSF.Shown)
	bases := map[string]map[string]int{engine.CSF11: {}, engine.CSF20: {}}
	var rationale []string
	for _, r := range c.Requirements() {
		for v, n := range bases {
			p, ok := r.CSF[v]
			if !assert.True(t, ok, "%s is not placed in CSF %s", r.ID, v) {
				continue
			}
			n[p.Basis]++
			if p.Basis == engine.CSFBasisRationale {
				rationale = append(rationale, r.ID+" "+v)
				assert.Empty(t, p.Subcategories, "%s: a rationale names no subcategory as mapped", r.ID)
				assert.NotEmpty(t, p.Rationale, r.ID)
			} else {
				assert.Contains(t, c.CSF.Sources, p.Basis, r.ID)
				assert.NotEmpty(t, p.Subcategories, r.ID)
			}
		}
	}
	assert.Equal(t, map[string]map[string]int{
		engine.CSF11: {"csf-1.1-sp800-53r5": 95, "csf-1.1-core": 12, "rationale": 3},
		engine.CSF20: {"olir-186": 86, "via-csf-1.1": 22, "rationale": 2},
	}, bases)
	assert.ElementsMatch(t, []string{"3.1.22 1.1", "3.1.22 2.0", "3.13.3 1.1", "3.13.3 2.0", "3.13.4 1.1"}, rationale)

	for _, tt := range []struct {
		id, version, basis string
		functions, subs    []string
	}{
		// AC-7 is in the CSF 1.1 core's PR.AC-7 references, not in the Rev 5 mapping.
		{"3.1.8", engine.CSF11, "csf-1.1-core", []string{"protect"}, []string{"PR.AC-7"}},
		// SC-19 (VoIP) was withdrawn from SP 800-53 Rev 5 without a successor; CSF 1.1 lists it under PR.PT-4.
		{"3.13.14", engine.CSF11, "csf-1.1-core", []string{"protect"}, []string{"PR.PT-4"}},
		{"3.13.14", engine.CSF20, "via-csf-1.1", []string{"protect"}, []string{"PR.AA-06", "PR.IR-01"}},
		// PS-3, PS-4, PS-5 → CSF 1.1 PR.IP-11, which CSF 2.0 moved to GV.RR-04.
		{"3.9.2", engine.CSF20, "via-csf-1.1", []string{"govern", "protect"}, nil},
		// OLIR 186 relates RA-3 to GV.RM and GV.SC subcategories.
		{"3.11.1", engine.CSF20, "olir-186", []string{"govern", "identify", "detect", "respond"}, nil},
	} {
		r, ok := c.Requirement(tt.id)
		require.True(t, ok, tt.id)
		p := r.CSF[tt.version]
		assert.Equal(t, tt.basis, p.Basis, "%s CSF %s", tt.id, tt.version)
		assert.Equal(t, tt.functions, p.Functions, "%s CSF %s", tt.id, tt.version)
		if tt.subs != nil {
			assert.Equal(t, tt.subs, p.Subcategories, "%s CSF %s", tt.id, tt.version)
		}
	}
}

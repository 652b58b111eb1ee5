package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine"
)

// TestPlace checks the order in which the sources decide a placement:
// the CSF 1.1 Rev 5 mapping, else the CSF 1.1 core's Rev 4 references
// (by base control or family), else a rationale; OLIR 186 (controls and
// families), else CSF 1.1 carried into CSF 2.0, else a rationale.
func TestPlace(t *testing.T) {
	d := &csfData{used: map[string]bool{}}
	d.tables.CSF11 = map[string][]string{"AC-2": {"PR.AC-1", "DE.CM-3"}}
	d.tables.CSF20 = map[string][]string{"AC-2": {"PR.AA-05"}}
	d.tables.CSF20Families = map[string][]string{"IR": {"PR.IR-03"}}
	d.tables.CSF11To20 = map[string][]string{"PR.AC-7": {"PR.AA-03"}, "PR.PT-1": {"PR.PS-04"}}
	d.supp.Core = map[string]struct {
		Subcategories []string `yaml:"subcategories"`
		Printed       string   `yaml:"printed"`
	}{"AC-7": {Subcategories: []string{"PR.AC-7"}}, "AU": {Subcategories: []string{"PR.PT-1"}}}
	d.supp.Rationale = map[string]map[string]struct {
		Functions []string `yaml:"functions"`
		Text      string   `yaml:"text"`
	}{"X.3": {"1.1": {Functions: []string{"protect"}, Text: "Why."}, "2.0": {Functions: []string{"protect"}, Text: "Why."}}}

	// An enhancement the mapping does not name takes its base control's subcategories.
	got, err := d.place("X.1", []string{"AC-2(1)"}, []string{"AC-2(1)"})
	require.NoError(t, err)
	assert.Equal(t, engine.CSFPlacement{Functions: []string{"protect", "detect"}, Subcategories: []string{"DE.CM-3", "PR.AC-1"}, Basis: basisCSF11Map}, got[engine.CSF11])
	assert.Equal(t, engine.CSFPlacement{Functions: []string{"protect"}, Subcategories: []string{"PR.AA-05"}, Basis: basisOLIR186}, got[engine.CSF20])

	// Rev 4 controls the Rev 5 mapping omits: the CSF 1.1 core, by base control and by family.
	got, err = d.place("X.2", []string{"AC-7(1)", "AU-5"}, []string{"AC-7(1)", "AU-5"})
	require.NoError(t, err)
	assert.Equal(t, []string{"PR.AC-7", "PR.PT-1"}, got[engine.CSF11].Subcategories)
	assert.Equal(t, basisCSF11Core, got[engine.CSF11].Basis)
	assert.Equal(t, engine.CSFPlacement{Functions: []string{"protect"}, Subcategories: []string{"PR.AA-03", "PR.PS-04"}, Basis: basisViaCSF11}, got[engine.CSF20])

	// Nothing decides: the rationale.
	got, err = d.place("X.3", []string{"SC-2"}, []string{"SC-2"})
	require.NoError(t, err)
	assert.Equal(t, engine.CSFBasisRationale, got[engine.CSF11].Basis)
	assert.Equal(t, "Why.", got[engine.CSF20].Rationale)
	require.NoError(t, d.unused())

	// A family reference decides CSF 2.0; a rationale where a mapping decides is refused.
	_, err = d.place("X.4", []string{"IR-9"}, []string{"IR-9"})
	require.Error(t, err, "no CSF 1.1 source and no rationale")
	d.supp.Rationale["X.4"] = map[string]struct {
		Functions []string `yaml:"functions"`
		Text      string   `yaml:"text"`
	}{"1.1": {Functions: []string{"respond"}, Text: "Why."}}
	got, err = d.place("X.4", []string{"IR-9"}, []string{"IR-9"})
	require.NoError(t, err)
	assert.Equal(t, []string{"PR.IR-03"}, got[engine.CSF20].Subcategories)
	_, err = d.place("X.1", []string{"AC-2"}, []string{"AC-2"})
	require.NoError(t, err)
	d.supp.Rationale["X.1"] = d.supp.Rationale["X.4"]
	_, err = d.place("X.1", []string{"AC-2"}, []string{"AC-2"})
	assert.ErrorContains(t, err, "drop its rationale")
}

package oscal

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/mamori-dev/mamori/engine"
)

func TestRenderProse(t *testing.T) {
	r := renderer{params: map[string]*param{
		"label":     {ID: "label", Label: "frequency"},
		"usage":     {ID: "usage", Label: "time period", Usage: "organization-defined time period of inactivity"},
		"altlabel":  {ID: "altlabel", Label: "time period", Props: []prop{{Name: "alt-label", Value: "time period for each account", Class: "sp800-53"}}},
		"aggregate": {ID: "aggregate", Label: "organization-defined personnel or roles", Props: []prop{{Name: "aggregates", Value: "label"}}},
		"bare":      {ID: "bare"},
		"orgly":     {ID: "orgly", Label: "organizationally-defined types of external systems"},
		"linked":    {ID: "linked", Label: "event types (subset of [AU-2a.](#au-2_smt.a))"},
		"one":       {ID: "one", Select: &selection{Choice: []string{"remove", "disable"}}},
		"many":      {ID: "many", Select: &selection{HowMany: "one-or-more", Choice: []string{"lock for {{ insert: param, label }} ", " notify"}}},
		"loop":      {ID: "loop", Select: &selection{Choice: []string{"again {{ insert: param, loop }}"}}},
	}}
	tests := []struct {
		in, want string
	}{
		{"Review {{ insert: param, label }}.", "Review [Assignment: organization-defined frequency]."},
		{"Disable after {{ insert: param, usage }}", "Disable after [Assignment: organization-defined time period of inactivity]"},
		{"after {{ insert: param, altlabel }}", "after [Assignment: organization-defined time period for each account]"},
		{"to {{ insert: param, aggregate }}:", "to [Assignment: organization-defined personnel or roles]:"},
		{"{{ insert: param, bare }}", "[Assignment: organization-defined bare]"},
		{"{{ insert: param, orgly }}", "[Assignment: organizationally-defined types of external systems]"},
		{"{{ insert: param, linked }}", "[Assignment: organization-defined event types (subset of AU-2a.)]"},
		{"Automatically {{insert: param,one}} accounts", "Automatically [Selection: remove; disable] accounts"},
		{"{{ insert: param, many }}", "[Selection (one or more): lock for [Assignment: organization-defined frequency]; notify]"},
		{"Policy {{ insert: param, label }} ; and", "Policy [Assignment: organization-defined frequency]; and"},
		{"Unknown {{ insert: param, nope }}", "Unknown [nope]"},
		{"  several\n   spaces\there  ", "several spaces here"},
		{"one\n\n  two", "one\n\ntwo"},
		{"see [AC-2](#ac-2) , [AU-6](#au-6).", "see AC-2, AU-6."},
		{"", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, r.prose(tt.in), tt.in)
	}
	// Parameters that insert themselves do not loop forever.
	assert.Contains(t, r.prose("{{ insert: param, loop }}"), "[Selection]")
}

func TestItemLabel(t *testing.T) {
	for in, want := range map[string]string{
		"a.":               "a.",
		"1.":               "1.",
		"(a)":              "(a)",
		"SR-03.01.01.a":    "a.",
		"SR-03.01.01.a.01": "1.",
		"SR-03.01.01.b.10": "10.",
		"x":                "x",
		"":                 "",
	} {
		assert.Equal(t, want, itemLabel(in), in)
	}
}

func TestSP80053ID(t *testing.T) {
	for in, want := range map[string]string{
		"AC-02(03)": "AC-2(3)",
		"SC-08":     "SC-8",
		"AC-2":      "AC-2",
		"SI-10(12)": "SI-10(12)",
		"PM-100":    "PM-100",
	} {
		got, ok := sp80053ID(in)
		assert.True(t, ok, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"OMB A-130", "SP 800-53", "ac-2", "AC-2(a)", ""} {
		_, ok := sp80053ID(in)
		assert.False(t, ok, in)
	}
}

func TestIdentifier(t *testing.T) {
	tests := []struct {
		props []prop
		id    string
		want  string
	}{
		{[]prop{{Name: "label", Value: "AC-02", Class: "zero-padded"}, {Name: "label", Value: "AC-2"}}, "ac-2", "AC-2"},
		{[]prop{{Name: "label", Value: "AC-02(01)", Class: "zero-padded"}, {Name: "label", Value: "AC-2(1)", Class: "sp800-53"}}, "ac-2.1", "AC-2(1)"},
		{[]prop{{Name: "label", Value: "AC-02", Class: "zero-padded"}}, "ac-2", "AC-02"},
		{[]prop{{Name: "sort-id", Value: "03.01.01"}, {Name: "label", Value: "Account Management (03.01.01)"}}, "SP_800_171_03.01.01", "03.01.01"},
		{[]prop{{Name: "sort-id", Value: "03.01.13"}}, "SP_800_171_03.01.13", "03.01.13"},
		{[]prop{{Name: "label", Value: "Two words"}}, "x-1", "x-1"},
		{nil, "ac", "ac"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, identifier(tt.props, tt.id))
	}
}

func TestNaturalLess(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"A.03.01.01.b.2", "A.03.01.01.b.10", true},
		{"A.03.01.01.a.02", "A.03.01.01.b", true},
		{"A.03.01.01.b", "A.03.01.01.b.01", true},
		{"03.02", "03.10", true},
		{"03.10", "03.02", false},
		{"x", "x", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, naturalLess(tt.a, tt.b), "%s < %s", tt.a, tt.b)
	}
}

func TestWithdrawnText(t *testing.T) {
	m := func(id, rel string) engine.Mapping { return engine.Mapping{ID: id, Relation: rel} }
	assert.Equal(t, "[Withdrawn.]", withdrawnText(nil))
	assert.Equal(t, "[Withdrawn: Incorporated into 03.01.12.]", withdrawnText([]engine.Mapping{m("03.01.12", RelationIncorporatedInto)}))
	assert.Equal(t, "[Withdrawn: Incorporated into MP-4, SC-28; Moved to SI-2.]",
		withdrawnText([]engine.Mapping{m("MP-4", RelationIncorporatedInto), m("SC-28", RelationIncorporatedInto), m("SI-2", RelationMovedTo)}))
}

func TestSlugAndDate(t *testing.T) {
	assert.Equal(t, "nist-special-publication-800-53-revision-5-1-1-moderate-impact-baseline",
		slug("NIST Special Publication 800-53 Revision 5.1.1 MODERATE IMPACT BASELINE"))
	assert.Equal(t, "", slug(" -- "))
	assert.Equal(t, "2025-05-29", datePart("2025-05-29T18:00:00-04:00"))
	assert.Equal(t, "2025-05-29", datePart("2025-05-29"))
	assert.Equal(t, "", datePart(""))
}

package oscal

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return data
}

func en(s string) engine.Text { return engine.Text{EN: s} }

func TestImportJSON(t *testing.T) {
	got, err := Import(readFixture(t, "tiny.json"), "testdata/tiny.json", Options{ID: "tiny", MappingCatalog: "sp800-53"})
	require.NoError(t, err)

	examineTest := []string{"examine", "test"}
	want := &engine.Catalog{
		ID:        "tiny",
		Title:     en("Tiny Test Catalog"),
		Version:   "1.2",
		Published: "2024-01-02",
		Source:    "NIST OSCAL catalog tiny.json",
		Families: []engine.Family{
			{
				ID: "AC", Abbrev: "AC", Title: en("Access Control"),
				Requirements: []engine.Requirement{
					{
						ID:    "AC-1",
						Title: en("Policy and Procedures"),
						Text: en("a. Disseminate to [Assignment: organization-defined personnel or roles]:\n" +
							"  1. [Selection (one or more): organization-level; lock for [Assignment: organization-defined time period for each lock]; system-level] policy that:\n" +
							"    (a) Addresses purpose; and\n" +
							"  2. Procedures, as in AC-2.\n" +
							"b. Review the policy [Assignment: organization-defined time period for each lock]; and"),
						Discussion: en("Policies are documented, as AC-2 explains.\n\nProcedures follow them."),
						// A parent objective with text of its own is a
						// determination statement too, before its children.
						Objectives: []engine.Objective{
							{ID: "AC-01a.", Text: en("the policy is disseminated before use;"), Methods: examineTest},
							{ID: "AC-01a.[01]", Text: en("the policy is disseminated to [Assignment: organization-defined personnel or roles];"), Methods: examineTest},
							{ID: "AC-01a.[02]", Text: en("the policy is developed;"), Methods: examineTest},
							{ID: "AC-01b.", Text: en("the policy is reviewed [Assignment: organization-defined time period for each lock]."), Methods: examineTest},
						},
						// ac-1_prm_1 aggregates other ODPs and is not listed.
						Parameters: []engine.Parameter{
							{ID: "ac-01_odp.01", Label: en("personnel or roles"), Text: en("personnel or roles to whom the policy is disseminated are defined;")},
							{ID: "ac-01_odp.02", Label: en("[Selection (one or more): organization-level; lock for [Assignment: organization-defined time period for each lock]; system-level]")},
							{ID: "ac-01_odp.03", Label: en("time period"), Text: en("the lock time period is defined;")},
						},
					},
					{
						ID:    "AC-1(1)",
						Title: en("Automated Policy"),
						Text:  en("Automatically [Selection: remove; disable] old policies."),
						Objectives: []engine.Objective{
							{ID: "AC-01(01)", Text: en("old policies are automatically [Selection: remove; disable]."), Methods: []string{"interview"}},
						},
						Parameters: []engine.Parameter{
							{ID: "ac-01.01_odp", Label: en("[Selection: remove; disable]")},
						},
					},
				},
			},
			{
				ID: "SC", Abbrev: "SC", Title: en("System and Communications Protection"),
				Requirements: []engine.Requirement{
					{
						ID:        "SC-2",
						Title:     en("Separation of System and User Functionality"),
						Text:      en("[Withdrawn: Incorporated into AC-1.]"),
						Withdrawn: true,
						Mappings:  []engine.Mapping{{Catalog: "tiny", ID: "AC-1", Relation: "incorporated-into"}},
					},
					{
						ID:    "SC-12",
						Title: en("Key Management"),
						Text:  en("Manage keys.\n\nRotate them."),
						// SP 800-53A names a single objective after its
						// control, the requirement's own ID.
						Objectives: []engine.Objective{{ID: "SC-12", Text: en("keys are managed.")}},
					},
				},
			},
		},
	}
	assert.Equal(t, want, got)
}

func TestImportXML(t *testing.T) {
	got, err := Import(readFixture(t, "tiny-rev3.xml"), "/some/dir/tiny-rev3.xml", Options{ID: "r3", MappingCatalog: "sp800-53-moderate"})
	require.NoError(t, err)

	methods := []string{"examine", "interview"}
	src := func(id string) engine.Mapping {
		return engine.Mapping{Catalog: "sp800-53-moderate", ID: id, Relation: "source"}
	}
	want := &engine.Catalog{
		ID:        "r3",
		Title:     en("Protecting Tiny Information in Nonfederal Systems"),
		Version:   "1.0.0",
		Published: "2025-05-29",
		Source:    "NIST OSCAL catalog tiny-rev3.xml",
		Families: []engine.Family{
			// Families and requirements are put in sort-id order.
			{
				ID: "03.01", Title: en("Access Control"),
				Requirements: []engine.Requirement{
					{
						ID:    "03.01.01",
						Title: en("Account Management"),
						// Folded in from the nested security_requirement control.
						Text: en("a. Manage accounts:\n" +
							"  1. Define the \"account types\", and\n" +
							"  2. Disable accounts inactive for [Assignment: organization-defined time period of inactivity].\n" +
							"b. Require users to [Selection (one or more): log out after [Assignment: organization-defined time period]; lock the session], see the guide."),
						Discussion: en("Accounts are managed.\n\nInactive accounts are a risk."),
						// In statement order, not source order.
						Objectives: []engine.Objective{
							{ID: "A.03.01.01.a.01", Text: en("account types are defined."), Methods: methods},
							{ID: "A.03.01.01.a.02", Text: en("accounts inactive for [Assignment: organization-defined time period of inactivity] are disabled."), Methods: methods},
							{ID: "A.03.01.01.b", Text: en("users are required to [Selection (one or more): log out after [Assignment: organization-defined time period]; lock the session]."), Methods: methods},
						},
						Parameters: []engine.Parameter{
							{ID: "A.03.01.01.ODP.01", Label: en("time period"), Text: en("the time period of inactivity after which accounts are disabled is defined.")},
							{ID: "A.03.01.01.ODP.02", Label: en("[Selection (one or more): log out after [Assignment: organization-defined time period]; lock the session]")},
							{ID: "A.03.01.01.ODP.03", Label: en("organization-defined time period"), Text: en("the time period is defined (if selected).")},
						},
						// Duplicates and non-control resources are dropped.
						Mappings: []engine.Mapping{src("AC-2"), src("AC-2(3)")},
					},
				},
			},
			{
				ID: "03.02", Title: en("Awareness and Training"),
				Requirements: []engine.Requirement{
					{
						ID:         "03.02.01",
						Title:      en("Literacy Training"),
						Text:       en("Provide security literacy training."),
						Objectives: []engine.Objective{{ID: "A.03.02.01", Text: en("literacy training is provided.")}},
						Mappings:   []engine.Mapping{src("AT-2(2)")},
					},
					{
						ID:        "03.02.02",
						Text:      en("[Withdrawn: Addressed by 03.01.01; Incorporated into 03.02.01.]"),
						Withdrawn: true,
						Mappings: []engine.Mapping{
							{Catalog: "r3", ID: "03.01.01", Relation: "addressed-by"},
							{Catalog: "r3", ID: "03.02.01", Relation: "incorporated-into"},
						},
					},
				},
			},
		},
	}
	assert.Equal(t, want, got)

	// The catalogue indexes like any other.
	cs, err := engine.NewCatalogs(got)
	require.NoError(t, err)
	c, _ := cs.Get("r3")
	assert.Equal(t, 4, c.ObjectiveCount())
	r, ok := c.Requirement("03.01.01")
	require.True(t, ok)
	assert.Equal(t, "03.01", r.Family().ID)
}

// The same catalog in both formats imports to the same catalogue.
func TestFormatsAgree(t *testing.T) {
	const jsonDoc = `{"catalog": {"uuid": "u", "metadata": {"title": "Same", "version": "1"},
	  "groups": [{"id": "ac", "title": "Access Control", "controls": [{
	    "id": "ac-3", "title": "Access Enforcement",
	    "params": [{"id": "p1", "label": "rules", "guidelines": [{"prose": "rules are defined;"}]},
	               {"id": "p2", "select": {"choice": ["allow", "deny {{ insert: param, p1 }}"]}}],
	    "props": [{"name": "label", "value": "AC-3"}],
	    "parts": [
	      {"id": "ac-3_smt", "name": "statement", "prose": "Enforce {{ insert: param, p1 }} and {{ insert: param, p2 }}."},
	      {"id": "ac-3_obj", "name": "assessment-objective", "props": [{"name": "label", "value": "AC-03", "class": "sp800-53a"}],
	       "parts": [{"id": "ac-3_obj-1", "name": "assessment-objective", "props": [{"name": "label", "value": "AC-03[01]", "class": "sp800-53a"}],
	                  "prose": "{{ insert: param, p1 }} are enforced;"}]},
	      {"id": "ac-3_asm-test", "name": "assessment-method", "props": [{"name": "method", "value": "TEST"}]}]}]}]}}`
	const xmlDoc = `<catalog xmlns="http://csrc.nist.gov/ns/oscal/1.0" uuid="u">
	  <metadata><title>Same</title><version>1</version></metadata>
	  <group id="ac"><title>Access Control</title>
	    <control id="ac-3"><title>Access Enforcement</title>
	      <param id="p1"><label>rules</label><guideline><p>rules are defined;</p></guideline></param>
	      <param id="p2"><select><choice>allow</choice><choice>deny <insert type="param" id-ref="p1"/></choice></select></param>
	      <prop name="label" value="AC-3"/>
	      <part id="ac-3_smt" name="statement"><p>Enforce <insert type="param" id-ref="p1"/> and <insert type="param" id-ref="p2"/>.</p></part>
	      <part id="ac-3_obj" name="assessment-objective"><prop name="label" value="AC-03" class="sp800-53a"/>
	        <part id="ac-3_obj-1" name="assessment-objective"><prop name="label" value="AC-03[01]" class="sp800-53a"/>
	          <p><insert type="param" id-ref="p1"/> are enforced;</p></part></part>
	      <part id="ac-3_asm-test" name="assessment-method"><prop name="method" value="TEST"/></part>
	    </control></group></catalog>`
	fromJSON, err := Import([]byte(jsonDoc), "same.json", Options{})
	require.NoError(t, err)
	fromXML, err := Import([]byte(xmlDoc), "same.json", Options{})
	require.NoError(t, err)
	assert.Equal(t, fromJSON, fromXML)

	r := fromJSON.Families[0].Requirements[0]
	assert.Equal(t, "same", fromJSON.ID, "ID derived from the title")
	assert.Equal(t, "Enforce [Assignment: organization-defined rules] and [Selection: allow; deny [Assignment: organization-defined rules]].", r.Text.EN)
	assert.Equal(t, []engine.Objective{{ID: "AC-03[01]", Text: en("[Assignment: organization-defined rules] are enforced;"), Methods: []string{"test"}}}, r.Objectives)
}

func TestImportDefaults(t *testing.T) {
	got, err := Import(readFixture(t, "tiny-rev3.xml"), "tiny-rev3.xml", Options{})
	require.NoError(t, err)
	assert.Equal(t, "protecting-tiny-information-in-nonfederal-systems", got.ID)
	m := got.Families[0].Requirements[0].Mappings[0]
	assert.Equal(t, DefaultMappingCatalog, m.Catalog)
	withdrawn := got.Families[1].Requirements[1]
	assert.Equal(t, got.ID, withdrawn.Mappings[0].Catalog, "withdrawal links point into the catalogue itself")
}

func TestImportErrors(t *testing.T) {
	tinyJSON := readFixture(t, "tiny.json")
	tinyXML := readFixture(t, "tiny-rev3.xml")
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", []byte(" \n\t"), "import x: empty input: expected an OSCAL catalog in JSON or XML"},
		{"not OSCAL", []byte("# README\n"), `import x: not an OSCAL catalog: expected JSON (starting with '{') or XML (starting with '<'), found '#'`},
		{"JSON array", []byte(`[1, 2]`), "not an OSCAL catalog: expected JSON"},
		{"JSON without catalog", []byte(`{"summary": {}}`), `import x: not an OSCAL catalog: missing "catalog" object`},
		{"JSON profile", []byte(`{"profile": {"imports": []}}`), `import x: not an OSCAL catalog: found an OSCAL profile, expected "catalog" object`},
		{"JSON null catalog", []byte(`{"catalog": null}`), `missing "catalog" object`},
		{"JSON catalog not object", []byte("{\n  \"catalog\": \"x\"\n}"), "import x: invalid OSCAL catalog at line 2, column 17: catalog must be an object, found string"},
		{"JSON wrong field type", []byte(`{"catalog": {"metadata": {"title": "T"}, "groups": [{"id": 7}]}}`), "catalog.groups.id must be a string, found number"},
		{"truncated JSON", tinyJSON[:len(tinyJSON)/2], "import x: invalid JSON at line "},
		{"JSON syntax", []byte("{\n  \"catalog\": {,}\n}"), "import x: invalid JSON at line 2, column 16: invalid character ','"},
		{"JSON too deep", []byte(`{"catalog": ` + strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth) + `}`), "import x: JSON nested deeper than 200 levels at line 1"},
		{"XML not a catalog", []byte(`<?xml version="1.0"?><profile xmlns="http://csrc.nist.gov/ns/oscal/1.0"/>`), "import x: not an OSCAL catalog: found an OSCAL profile, expected <catalog> root element"},
		{"XML other root", []byte(`<html><body/></html>`), "import x: not an OSCAL catalog: missing <catalog> root element"},
		{"XML other namespace", []byte(`<catalog xmlns="urn:other"/>`), `import x: not an OSCAL catalog: <catalog> is in namespace "urn:other", expected "http://csrc.nist.gov/ns/oscal/1.0"`},
		{"truncated XML", tinyXML[:len(tinyXML)/2], "import x: invalid XML: XML syntax error"},
		{"XML too deep", []byte(`<catalog>` + strings.Repeat("<part>", MaxDepth) + strings.Repeat("</part>", MaxDepth) + `</catalog>`), "import x: XML nested deeper than 200 levels at line 1"},
		{"no controls", []byte(`{"catalog": {"metadata": {"title": "Empty"}}}`), "import x: catalog has no groups or controls"},
		{"no title, no ID", []byte(`{"catalog": {"metadata": {}, "controls": [{"id": "a"}]}}`), "import x: no catalogue ID given and the metadata has no title"},
		{"duplicate requirement", []byte(`{"catalog": {"metadata": {"title": "T"}, "groups": [
			{"id": "ac", "controls": [{"id": "ac-1", "props": [{"name": "label", "value": "AC-1"}]}]},
			{"id": "at", "controls": [{"id": "at-1", "props": [{"name": "label", "value": "AC-1"}]}]}]}}`),
			`import x: duplicate ID "AC-1": used by a requirement in family AC and by a requirement in family AT`},
		// An objective may bear its own control's ID, no other.
		{"objective named after another control", []byte(`{"catalog": {"metadata": {"title": "T"}, "groups": [
			{"id": "ac", "controls": [{"id": "ac-1", "props": [{"name": "label", "value": "AC-1"}]},
			  {"id": "ac-2", "props": [{"name": "label", "value": "AC-2"}], "parts": [
			    {"id": "ac-2_obj", "name": "assessment-objective", "props": [{"name": "label", "value": "AC-1"}], "prose": "x"}]}]}]}}`),
			`import x: duplicate ID "AC-1": used by a requirement in family AC and by an objective of AC-2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Import(tt.data, "x", Options{})
			require.Error(t, err)
			assert.Nil(t, c)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestImportTooLarge(t *testing.T) {
	data := bytes.Repeat([]byte{' '}, MaxSize+1)
	data[len(data)-1] = '{'
	_, err := Import(data, "big.json", Options{})
	require.Error(t, err)
	assert.Equal(t, "import big.json: input is 67108865 bytes, over the 64 MiB limit", err.Error())
}

// A byte-order mark and leading space are skipped when detecting the format.
func TestImportBOM(t *testing.T) {
	data := append([]byte("\xEF\xBB\xBF\n  "), readFixture(t, "tiny-rev3.xml")...)
	c, err := Import(data, "bom.xml", Options{ID: "bom"})
	require.NoError(t, err)
	assert.Len(t, c.Families, 2)
}

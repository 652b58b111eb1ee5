package oscal

// This file holds the intermediate model that both readers produce. Its
// shape and JSON tags follow the OSCAL JSON catalog schema (only the
// fields the importer uses), so the JSON reader decodes straight into it
// and the XML reader fills the same structs. Prose is kept in the OSCAL
// JSON markup form: plain text with "{{ insert: param, ID }}" placeholders,
// paragraphs separated by a blank line.

// document is the root of an OSCAL file.
type document struct {
	Catalog *catalog `json:"catalog"`
}

// catalog is an OSCAL catalog.
type catalog struct {
	UUID       string      `json:"uuid"`
	Metadata   metadata    `json:"metadata"`
	Params     []param     `json:"params"`
	Controls   []control   `json:"controls"`
	Groups     []group     `json:"groups"`
	BackMatter *backMatter `json:"back-matter"`
}

// metadata is the part of OSCAL metadata the importer reads.
type metadata struct {
	Title        string `json:"title"`
	Published    string `json:"published"`
	LastModified string `json:"last-modified"`
	Version      string `json:"version"`
	Props        []prop `json:"props"`
}

// group is an OSCAL group: for mamori, a family.
type group struct {
	ID       string    `json:"id"`
	Class    string    `json:"class"`
	Title    string    `json:"title"`
	Params   []param   `json:"params"`
	Props    []prop    `json:"props"`
	Parts    []part    `json:"parts"`
	Groups   []group   `json:"groups"`
	Controls []control `json:"controls"`
}

// control is an OSCAL control; enhancements and (in SP 800-171 Rev 3
// v1.0.0) security-requirement statements are nested controls.
type control struct {
	ID       string    `json:"id"`
	Class    string    `json:"class"`
	Title    string    `json:"title"`
	Params   []param   `json:"params"`
	Props    []prop    `json:"props"`
	Links    []link    `json:"links"`
	Parts    []part    `json:"parts"`
	Controls []control `json:"controls"`
}

// param is an OSCAL parameter (an organisation-defined parameter).
type param struct {
	ID         string      `json:"id"`
	Class      string      `json:"class"`
	Props      []prop      `json:"props"`
	Label      string      `json:"label"`
	Usage      string      `json:"usage"`
	Guidelines []guideline `json:"guidelines"`
	Values     []string    `json:"values"`
	Select     *selection  `json:"select"`
}

// guideline is a param guideline: prose only.
type guideline struct {
	Prose string `json:"prose"`
}

// selection is a param's select: a choice among values.
type selection struct {
	HowMany string   `json:"how-many"`
	Choice  []string `json:"choice"`
}

// part is an OSCAL part: statement, item, guidance, assessment
// objective, assessment method and so on.
type part struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	NS    string `json:"ns"`
	Class string `json:"class"`
	Title string `json:"title"`
	Props []prop `json:"props"`
	Prose string `json:"prose"`
	Parts []part `json:"parts"`
	Links []link `json:"links"`
}

// prop is an OSCAL property.
type prop struct {
	Name  string `json:"name"`
	NS    string `json:"ns"`
	Value string `json:"value"`
	Class string `json:"class"`
}

// link is an OSCAL link.
type link struct {
	Href string `json:"href"`
	Rel  string `json:"rel"`
	Text string `json:"text"`
}

// backMatter holds the resources that links point to.
type backMatter struct {
	Resources []resource `json:"resources"`
}

// resource is a back-matter resource; only its identity and title matter.
type resource struct {
	UUID  string `json:"uuid"`
	Title string `json:"title"`
}

// propValue returns the value of the first prop with the given name.
func propValue(props []prop, name string) string {
	for _, p := range props {
		if p.Name == name {
			return p.Value
		}
	}
	return ""
}

package engine

import (
	"fmt"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Text is a piece of catalogue prose in the languages mamori renders.
// English is the official text where one exists; Japanese is the
// catalogue's own translation unless the catalogue says otherwise.
type Text struct {
	EN string `yaml:"en,omitempty" json:"en,omitempty"`
	JA string `yaml:"ja,omitempty" json:"ja,omitempty"`
}

// In returns the text in lang, falling back to English.
func (t Text) In(lang string) string {
	if lang == LangJA && t.JA != "" {
		return t.JA
	}
	return t.EN
}

// NameIn returns an organisation's name for lang: its English name in
// English when it has one, else its own (Japanese) name.
func NameIn(lang, name, nameEN string) string {
	if lang == LangEN && nameEN != "" {
		return nameEN
	}
	return name
}

// Languages mamori renders.
const (
	LangEN = "en"
	LangJA = "ja"
)

// Catalog is a standard: its families, requirements, objectives,
// parameters and mappings to other catalogues. The same shape holds
// SP 800-171 (Rev 2 and Rev 3), the SP 800-53 baseline, and any national
// view that is loaded as data.
type Catalog struct {
	ID           string        `yaml:"id" json:"id"`
	Title        Text          `yaml:"title" json:"title"`
	Version      string        `yaml:"version" json:"version"`
	Published    string        `yaml:"published,omitempty" json:"published,omitempty"`
	Source       string        `yaml:"source,omitempty" json:"source,omitempty"`
	Notes        Text          `yaml:"notes,omitempty" json:"notes,omitempty"`
	Translations []Translation `yaml:"translations,omitempty" json:"translations,omitempty"`

	// TextSources names the publications requirement text is taken from,
	// keyed by the value of Requirement.TextSource.
	TextSources map[string]string `yaml:"text_sources,omitempty" json:"text_sources,omitempty"`

	// CSF says which Cybersecurity Framework versions the requirements
	// are placed in, which one roll-ups show, and the sources of the
	// placements.
	CSF *CSFInfo `yaml:"csf,omitempty" json:"csf,omitempty"`

	Families []Family `yaml:"families" json:"families"`

	// File is where the catalogue was loaded from (not serialised).
	File string `yaml:"-" json:"-"`

	byID  map[string]*Requirement
	objs  map[string]*Objective
	order map[string]int
	reqs  []*Requirement
}

// Translation records the status of one language's text in a catalogue.
type Translation struct {
	Lang   string `yaml:"lang" json:"lang"`
	Status string `yaml:"status" json:"status"` // official | unofficial
	Note   string `yaml:"note,omitempty" json:"note,omitempty"`
}

// Family groups requirements (for SP 800-53, controls).
type Family struct {
	ID           string        `yaml:"id" json:"id"`
	Abbrev       string        `yaml:"abbrev,omitempty" json:"abbrev,omitempty"`
	Title        Text          `yaml:"title" json:"title"`
	Requirements []Requirement `yaml:"requirements" json:"requirements"`
}

// Requirement is one assessable statement: an SP 800-171 security
// requirement or an SP 800-53 control.
type Requirement struct {
	ID         string      `yaml:"id" json:"id"`
	Type       string      `yaml:"type,omitempty" json:"type,omitempty"` // basic | derived (800-171 Rev 2)
	Title      Text        `yaml:"title,omitempty" json:"title,omitempty"`
	Text       Text        `yaml:"text" json:"text"`
	Discussion Text        `yaml:"discussion,omitempty" json:"discussion,omitempty"` // the publication's discussion (SP 800-53 guidance); informative
	Withdrawn  bool        `yaml:"withdrawn,omitempty" json:"withdrawn,omitempty"`
	Objectives []Objective `yaml:"objectives,omitempty" json:"objectives,omitempty"`
	Parameters []Parameter `yaml:"parameters,omitempty" json:"parameters,omitempty"`
	Scoring    *Scoring    `yaml:"scoring,omitempty" json:"scoring,omitempty"`
	// CSF places the requirement in the Cybersecurity Framework, one
	// placement per version ("1.1", "2.0").
	CSF      map[string]CSFPlacement `yaml:"csf,omitempty" json:"csf,omitempty"`
	Mappings []Mapping               `yaml:"mappings,omitempty" json:"mappings,omitempty"`

	// TextSource says which of the catalogue's TextSources the English
	// text follows.
	TextSource string `yaml:"text_source,omitempty" json:"text_source,omitempty"`

	family *Family
}

// Objective is a determination statement (SP 800-171A / 800-53A).
type Objective struct {
	ID      string   `yaml:"id" json:"id"`
	Text    Text     `yaml:"text" json:"text"`
	Methods []string `yaml:"methods,omitempty" json:"methods,omitempty"`
}

// Parameter is an organisation-defined parameter (ODP).
type Parameter struct {
	ID    string `yaml:"id" json:"id"`
	Label Text   `yaml:"label,omitempty" json:"label,omitempty"`
	Text  Text   `yaml:"text,omitempty" json:"text,omitempty"`
}

// Scoring carries the DoD Assessment Methodology and CMMC data of an
// SP 800-171 Rev 2 requirement.
type Scoring struct {
	// Points is the value deducted when the requirement is not
	// implemented (5, 3 or 1). Zero with NoValue for 3.12.4.
	Points int `yaml:"points" json:"points"`
	// Partial is the reduced deduction where the methodology gives
	// partial credit (3 for 3.5.3 and 3.13.11).
	Partial int `yaml:"partial,omitempty" json:"partial,omitempty"`
	// NoValue marks a requirement without a point value (3.12.4): its
	// absence means no score can be given.
	NoValue bool `yaml:"no_value,omitempty" json:"no_value,omitempty"`
	// FAR52204 marks the FAR 52.204-21 basic safeguarding set.
	FAR52204 bool `yaml:"far_52_204_21,omitempty" json:"far_52_204_21,omitempty"`
	// POAM says whether a NOT MET requirement may be carried on a CMMC
	// Level 2 POA&M (32 CFR 170.21(a)(2)): "eligible", "never", or
	// "partial-only" (3.13.11: only when encryption is employed but not
	// FIPS-validated).
	POAM string `yaml:"cmmc_poam" json:"cmmc_poam"`
	// NotPermitted names the capability (remote_access, wireless,
	// mobile) whose absence scores the requirement as implemented.
	NotPermitted string `yaml:"not_permitted_capability,omitempty" json:"not_permitted_capability,omitempty"`
}

// POA&M eligibility values.
const (
	POAMEligible    = "eligible"
	POAMNever       = "never"
	POAMPartialOnly = "partial-only"
)

// Mapping links a requirement to an entry of another catalogue.
type Mapping struct {
	Catalog string `yaml:"catalog" json:"catalog"`
	ID      string `yaml:"id,omitempty" json:"id,omitempty"`
	// AsPublished is the identifier as the source document names it
	// when it differs from ID (for example the SP 800-53 Rev 4 control
	// that Rev 2 Appendix D cites).
	AsPublished string `yaml:"as_published,omitempty" json:"as_published,omitempty"`
	Relation    string `yaml:"relation,omitempty" json:"relation,omitempty"`
	Note        string `yaml:"note,omitempty" json:"note,omitempty"`
}

// RelationWithdrawn relates a requirement to an entry of a later
// catalogue that was withdrawn without naming where its content went: the
// only relation that may point at a withdrawn entry.
const RelationWithdrawn = "withdrawn"

// CSF versions and their functions, in the order the Framework lists
// them. CSF 2.0 adds Govern.
const (
	CSF11 = "1.1"
	CSF20 = "2.0"
)

// CSFFunctions lists each Cybersecurity Framework version's functions.
var CSFFunctions = map[string][]string{
	CSF11: {"identify", "protect", "detect", "respond", "recover"},
	CSF20: {"govern", "identify", "protect", "detect", "respond", "recover"},
}

// CSFInfo describes a catalogue's Cybersecurity Framework placements.
type CSFInfo struct {
	// Shown is the version the roll-ups count by.
	Shown string `yaml:"shown" json:"shown"`
	// Sources names what a placement may rest on, keyed by the value of
	// CSFPlacement.Basis.
	Sources map[string]string `yaml:"sources" json:"sources"`
}

// CSFBasisRationale marks a placement that no published mapping decides:
// its Rationale says why the functions were chosen.
const CSFBasisRationale = "rationale"

// CSFPlacement puts a requirement in one version of the Cybersecurity
// Framework.
type CSFPlacement struct {
	Functions []string `yaml:"functions" json:"functions"`
	// Subcategories are those the basis relates the requirement to; a
	// placement by rationale names none.
	Subcategories []string `yaml:"subcategories,omitempty" json:"subcategories,omitempty"`
	// Basis is one of the catalogue's CSF sources, or "rationale".
	Basis     string `yaml:"basis" json:"basis"`
	Rationale string `yaml:"rationale,omitempty" json:"rationale,omitempty"`
}

// MarshalYAML writes the lists in flow style, one placement a few lines.
func (p CSFPlacement) MarshalYAML() (any, error) {
	n := &yaml.Node{Kind: yaml.MappingNode}
	add := func(k string, v *yaml.Node) {
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, v)
	}
	list := func(xs []string) *yaml.Node {
		seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, x := range xs {
			seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: x})
		}
		return seq
	}
	add("functions", list(p.Functions))
	if len(p.Subcategories) > 0 {
		add("subcategories", list(p.Subcategories))
	}
	add("basis", &yaml.Node{Kind: yaml.ScalarNode, Value: p.Basis})
	if p.Rationale != "" {
		add("rationale", &yaml.Node{Kind: yaml.ScalarNode, Value: p.Rationale})
	}
	return n, nil
}

// CSFShown returns the version the catalogue's roll-ups count by, and
// its functions; none when the catalogue places no requirement.
func (c *Catalog) CSFShown() (string, []string) {
	if c.CSF == nil {
		return "", nil
	}
	return c.CSF.Shown, CSFFunctions[c.CSF.Shown]
}

// index builds the lookup tables. It is called by the loader.
func (c *Catalog) index() {
	c.byID = map[string]*Requirement{}
	c.objs = map[string]*Objective{}
	c.order = map[string]int{}
	c.reqs = nil
	n := 0
	for fi := range c.Families {
		f := &c.Families[fi]
		for ri := range f.Requirements {
			r := &f.Requirements[ri]
			r.family = f
			c.reqs = append(c.reqs, r)
			c.byID[r.ID] = r
			c.order[r.ID] = n
			n++
			for oi := range r.Objectives {
				o := &r.Objectives[oi]
				c.objs[o.ID] = o
				if _, taken := c.order[o.ID]; !taken { // SP 800-53A names a single objective after its control
					c.order[o.ID] = n
				}
				n++
			}
		}
	}
}

// Requirement returns the requirement with the given ID.
func (c *Catalog) Requirement(id string) (*Requirement, bool) {
	r, ok := c.byID[id]
	return r, ok
}

// Objective returns the objective with the given ID.
func (c *Catalog) Objective(id string) (*Objective, bool) {
	o, ok := c.objs[id]
	return o, ok
}

// Requirements returns every requirement in catalogue order. The slice
// is shared: do not modify it.
func (c *Catalog) Requirements() []*Requirement { return c.reqs }

// Family returns the family that holds the requirement.
func (r *Requirement) Family() *Family { return r.family }

// ObjectiveCount is the number of objectives in the catalogue.
func (c *Catalog) ObjectiveCount() int { return len(c.objs) }

// Less orders two requirement or objective IDs by catalogue position.
func (c *Catalog) Less(a, b string) bool {
	ia, oka := c.order[a]
	ib, okb := c.order[b]
	switch {
	case oka && okb:
		return ia < ib
	case oka:
		return true
	case okb:
		return false
	}
	return a < b
}

// position is an ID's place in the catalogue; unknown IDs sort last.
func (c *Catalog) position(id string) int {
	if i, ok := c.order[id]; ok {
		return i
	}
	return len(c.order)
}

// SortIDs sorts requirement or objective IDs into catalogue order.
func (c *Catalog) SortIDs(ids []string) {
	sort.SliceStable(ids, func(i, j int) bool { return c.Less(ids[i], ids[j]) })
}

// Catalogs is a set of loaded catalogues, keyed by ID.
type Catalogs struct {
	list []*Catalog
	byID map[string]*Catalog
}

// NewCatalogs indexes the given catalogues.
func NewCatalogs(cs ...*Catalog) (*Catalogs, error) {
	s := &Catalogs{byID: map[string]*Catalog{}}
	for _, c := range cs {
		if prev, dup := s.byID[c.ID]; dup {
			return nil, fmt.Errorf("catalogue %q defined twice: %s and %s", c.ID, prev.File, c.File)
		}
		c.index()
		s.byID[c.ID] = c
		s.list = append(s.list, c)
	}
	sort.Slice(s.list, func(i, j int) bool { return s.list[i].ID < s.list[j].ID })
	return s, nil
}

// Get returns the catalogue with the given ID.
func (s *Catalogs) Get(id string) (*Catalog, bool) {
	c, ok := s.byID[id]
	return c, ok
}

// All returns the catalogues ordered by ID.
func (s *Catalogs) All() []*Catalog { return s.list }

// Lookup finds a requirement by ID across all catalogues, preferring
// the catalogue named first in prefer.
func (s *Catalogs) Lookup(id string, prefer ...string) (*Catalog, *Requirement, bool) {
	for _, p := range prefer {
		if c, ok := s.byID[p]; ok {
			if r, ok := c.Requirement(id); ok {
				return c, r, true
			}
		}
	}
	for _, c := range s.list {
		if r, ok := c.Requirement(id); ok {
			return c, r, true
		}
		if r, ok := c.Requirement(strings.ToUpper(id)); ok {
			return c, r, true
		}
	}
	return nil, nil, false
}

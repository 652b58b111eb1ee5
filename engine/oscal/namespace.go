package oscal

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/mamori-dev/mamori/engine"
)

// MamoriNamespace qualifies the properties and parts that mamori adds
// to the OSCAL documents it writes (catalogs, assessment results,
// POA&Ms); docs/oscal.md lists them. OSCAL tools that do not know it keep
// or ignore what it qualifies; NIST's own names are never reused in it.
const MamoriNamespace = "https://mamori.dev/ns/oscal"

// Names in MamoriNamespace that a catalog written by mamori carries, so
// that importing it gives back the catalogue it was made from. The
// metadata of such a catalog has a PropCatalogID property; a catalog
// without one is read as NIST publishes them, and these names are not
// looked at.
const (
	// PropCatalogID (metadata) is the catalogue's ID.
	PropCatalogID = "catalog-id"
	// PropSource (metadata) is the catalogue's source statement.
	PropSource = "source"
	// PropPublished (metadata) is the publication date when it is not a
	// calendar date that OSCAL's published field can hold.
	PropPublished = "published"
	// PropTranslatedTitle (metadata, class: language) is the title in
	// another language.
	PropTranslatedTitle = "translated-title"
	// PropNotes (metadata, class: language) is a note on the catalogue.
	PropNotes = "notes"
	// PropTranslation (metadata, class: language) is the status of a
	// language's text ("official" or "unofficial");
	// PropTranslationNote (class: language) says more.
	PropTranslation     = "translation"
	PropTranslationNote = "translation-note"
	// PropAbbrev (group) is a family's abbreviation ("AC").
	PropAbbrev = "abbrev"
	// Control properties: the requirement's type (basic or derived), its
	// DoD Assessment Methodology value, partial value and whether it has
	// none, FAR 52.204-21 membership, CMMC POA&M rule, the capability
	// whose absence scores it as implemented, and its Cybersecurity
	// Framework functions (one property each).
	PropRequirementType = "requirement-type"
	PropDoDPoints       = "dod-points"
	PropDoDPartial      = "dod-partial-points"
	PropDoDNoValue      = "dod-no-value"
	PropFAR52204        = "far-52.204-21"
	PropCMMCPOAM        = "cmmc-poam"
	PropNotPermitted    = "not-permitted-capability"
	PropCSF             = "csf-function"
	// PropTextSource (control) names the catalogue's source of the
	// requirement's English text; on the catalogue (class: the source's
	// key) it describes that source.
	PropTextSource = "text-source"
	// PropCSFShown (catalogue) is the Cybersecurity Framework version the
	// roll-ups count by; PropCSFSource (class: its key) describes a
	// source a placement rests on.
	PropCSFShown  = "csf-shown"
	PropCSFSource = "csf-source"
	// PartCSFPlacement (class: the CSF version as CSFVersionClass writes
	// it) places a requirement in
	// the Cybersecurity Framework: its functions (PropCSF), subcategories
	// (PropCSFSubcategory) and basis (PropCSFBasis), with the rationale
	// as prose where no published mapping decides it.
	PartCSFPlacement   = "csf-placement"
	PropCSFSubcategory = "csf-subcategory"
	PropCSFBasis       = "csf-basis"
	// PropTranslatedLabel and PropTranslatedGuideline (param, class:
	// language) are a parameter's label and guideline in another
	// language.
	PropTranslatedLabel     = "translated-label"
	PropTranslatedGuideline = "translated-guideline"

	// PartAlternateLanguage is a part holding the text of its parent in
	// the language its class names: the title of a group or control, the
	// prose of a statement or objective.
	PartAlternateLanguage = "alternate-language"
	// PartMapping is a part holding one mapping of a requirement to an
	// entry of another catalogue (or of this one): the catalogue, the
	// target ID, the relation and the ID as the source document prints
	// it, with the note as prose.
	PartMapping            = "mapping"
	PropMappingCatalog     = "catalog"
	PropMappingTarget      = "target"
	PropMappingRelation    = "relation"
	PropMappingAsPublished = "as-published"
)

// nsProps returns the properties in MamoriNamespace with the given
// name.
func nsProps(props []prop, name string) []prop {
	var out []prop
	for _, p := range props {
		if p.NS == MamoriNamespace && p.Name == name {
			out = append(out, p)
		}
	}
	return out
}

// nsProp returns the value of the first property in MamoriNamespace
// with the given name.
func nsProp(props []prop, name string) (string, bool) {
	for _, p := range props {
		if p.NS == MamoriNamespace && p.Name == name {
			return p.Value, true
		}
	}
	return "", false
}

// setText sets the text of t in lang; languages mamori does not render
// are left out.
func setText(t *engine.Text, lang, s string) {
	switch lang {
	case engine.LangEN:
		t.EN = s
	case engine.LangJA:
		t.JA = s
	}
}

// alternates applies the alternate-language parts among ps to t, taking
// each part's title (titled) or prose.
func alternates(ps []part, t *engine.Text, titled bool) {
	for _, p := range ps {
		if p.NS != MamoriNamespace || p.Name != PartAlternateLanguage {
			continue
		}
		if titled {
			setText(t, p.Class, p.Title)
		} else {
			setText(t, p.Class, p.Prose)
		}
	}
}

// applyNamespace restores, in a catalogue converted from a catalog that
// mamori wrote, what that catalog carries in MamoriNamespace: the
// catalogue's ID (unless opts gives one), source and notes, the text in
// other languages, scoring data, CSF functions and mappings. The text is
// taken as written, without the reflowing that NIST's prose needs, and
// the objectives in the order written. The structure (families,
// requirements, objectives, methods, parameters, withdrawal) is what
// convert read the standard way.
func applyNamespace(c *catalog, out *engine.Catalog, opts Options) error {
	id, ok := nsProp(c.Metadata.Props, PropCatalogID)
	if !ok {
		return nil
	}
	if opts.ID == "" {
		out.ID = id
	}
	for _, p := range c.Metadata.Props {
		if p.NS != MamoriNamespace {
			continue
		}
		switch p.Name {
		case PropSource:
			out.Source = p.Value
		case PropPublished:
			out.Published = p.Value
		case PropTextSource:
			if out.TextSources == nil {
				out.TextSources = map[string]string{}
			}
			out.TextSources[p.Class] = p.Value
		case PropCSFShown:
			if out.CSF == nil {
				out.CSF = &engine.CSFInfo{}
			}
			out.CSF.Shown = p.Value
		case PropCSFSource:
			if out.CSF == nil {
				out.CSF = &engine.CSFInfo{}
			}
			if out.CSF.Sources == nil {
				out.CSF.Sources = map[string]string{}
			}
			out.CSF.Sources[p.Class] = p.Value
		case PropTranslatedTitle:
			setText(&out.Title, p.Class, p.Value)
		case PropNotes:
			setText(&out.Notes, p.Class, p.Value)
		case PropTranslation:
			out.Translations = append(out.Translations, engine.Translation{Lang: p.Class, Status: p.Value})
		case PropTranslationNote:
			for i := range out.Translations {
				if out.Translations[i].Lang == p.Class {
					out.Translations[i].Note = p.Value
				}
			}
		}
	}
	out.Title.EN = c.Metadata.Title

	fams := map[string]*engine.Family{}
	reqs := map[string]*engine.Requirement{}
	for fi := range out.Families {
		f := &out.Families[fi]
		fams[f.ID] = f
		for ri := range f.Requirements {
			reqs[f.Requirements[ri].ID] = &f.Requirements[ri]
		}
	}
	var walkControls func([]control) error
	walkControls = func(cs []control) error {
		for i := range cs {
			if r := reqs[controlID(&cs[i])]; r != nil {
				if err := applyControl(&cs[i], r, out.ID); err != nil {
					return err
				}
			}
			if err := walkControls(cs[i].Controls); err != nil {
				return err
			}
		}
		return nil
	}
	var walkGroups func([]group) error
	walkGroups = func(gs []group) error {
		for i := range gs {
			g := &gs[i]
			id := identifier(g.Props, g.ID)
			if isLetters(id) {
				id = strings.ToUpper(id)
			}
			if f := fams[id]; f != nil {
				f.Title.EN = g.Title
				alternates(g.Parts, &f.Title, true)
				if a, ok := nsProp(g.Props, PropAbbrev); ok {
					f.Abbrev = a
				}
			}
			if err := walkControls(g.Controls); err != nil {
				return err
			}
			if err := walkGroups(g.Groups); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walkControls(c.Controls); err != nil {
		return err
	}
	return walkGroups(c.Groups)
}

// applyControl restores one requirement from its control. catID is the
// catalogue's ID, which mappings within the catalogue name.
func applyControl(c *control, r *engine.Requirement, catID string) error {
	r.Title = engine.Text{}
	if c.Title != r.ID {
		r.Title.EN = c.Title
	}
	alternates(c.Parts, &r.Title, true)
	if st := findPart(c.Parts, "statement"); st != nil {
		r.Text = engine.Text{EN: st.Prose}
		alternates(st.Parts, &r.Text, false)
	}
	if g := findPart(c.Parts, "guidance"); g != nil {
		r.Discussion = engine.Text{EN: g.Prose}
		alternates(g.Parts, &r.Discussion, false)
	}
	// The objectives in the order the catalog gives them (convert orders
	// NIST's by the statement parts they assess, which mamori does not
	// write), with their text as written.
	objs := map[string]engine.Objective{}
	for _, o := range r.Objectives {
		objs[o.ID] = o
	}
	ordered := r.Objectives[:0:0]
	var walk func([]part)
	walk = func(ps []part) {
		for i := range ps {
			p := &ps[i]
			if p.Name == "assessment-objective" {
				if o, ok := objs[chooseLabel(p.Props)]; ok {
					delete(objs, o.ID)
					o.Text = engine.Text{EN: p.Prose}
					alternates(p.Parts, &o.Text, false)
					ordered = append(ordered, o)
				}
			}
			walk(p.Parts)
		}
	}
	walk(c.Parts)
	if len(objs) == 0 && len(ordered) > 0 {
		r.Objectives = ordered
	}
	for i := range c.Params {
		p := &c.Params[i]
		for j := range r.Parameters {
			ep := &r.Parameters[j]
			if ep.ID != p.ID {
				continue
			}
			ep.Label = engine.Text{EN: p.Label}
			ep.Text = engine.Text{}
			if len(p.Guidelines) > 0 {
				ep.Text.EN = p.Guidelines[0].Prose
			}
			for _, pr := range nsProps(p.Props, PropTranslatedLabel) {
				setText(&ep.Label, pr.Class, pr.Value)
			}
			for _, pr := range nsProps(p.Props, PropTranslatedGuideline) {
				setText(&ep.Text, pr.Class, pr.Value)
			}
		}
	}
	r.Type, _ = nsProp(c.Props, PropRequirementType)
	r.TextSource, _ = nsProp(c.Props, PropTextSource)
	r.CSF = nil
	for _, p := range c.Parts {
		if p.NS != MamoriNamespace || p.Name != PartCSFPlacement {
			continue
		}
		pl := engine.CSFPlacement{Rationale: p.Prose}
		for _, x := range nsProps(p.Props, PropCSF) {
			pl.Functions = append(pl.Functions, x.Value)
		}
		for _, x := range nsProps(p.Props, PropCSFSubcategory) {
			pl.Subcategories = append(pl.Subcategories, x.Value)
		}
		pl.Basis, _ = nsProp(p.Props, PropCSFBasis)
		if r.CSF == nil {
			r.CSF = map[string]engine.CSFPlacement{}
		}
		r.CSF[strings.TrimPrefix(p.Class, "csf-")] = pl
	}
	sc, err := scoring(c)
	if err != nil {
		return fmt.Errorf("control %s: %w", c.ID, err)
	}
	r.Scoring = sc
	r.Mappings = nil
	for _, p := range c.Parts {
		if p.NS != MamoriNamespace || p.Name != PartMapping {
			continue
		}
		m := engine.Mapping{Note: p.Prose}
		m.Catalog, _ = nsProp(p.Props, PropMappingCatalog)
		m.ID, _ = nsProp(p.Props, PropMappingTarget)
		m.Relation, _ = nsProp(p.Props, PropMappingRelation)
		m.AsPublished, _ = nsProp(p.Props, PropMappingAsPublished)
		if m.Catalog == "" {
			m.Catalog = catID
		}
		r.Mappings = append(r.Mappings, m)
	}
	return nil
}

// scoring reads a control's DoD and CMMC properties; a control without
// a PropDoDPoints property has no scoring data.
func scoring(c *control) (*engine.Scoring, error) {
	pts, ok := nsProp(c.Props, PropDoDPoints)
	if !ok {
		return nil, nil
	}
	num := func(name, v string) (int, error) {
		n, err := strconv.Atoi(v)
		if err != nil {
			return 0, fmt.Errorf("property %s: expected a whole number, found %q", name, v)
		}
		return n, nil
	}
	flag := func(name string) (bool, error) {
		v, ok := nsProp(c.Props, name)
		if !ok {
			return false, nil
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			return false, fmt.Errorf("property %s: expected true or false, found %q", name, v)
		}
		return b, nil
	}
	var sc engine.Scoring
	var err error
	if sc.Points, err = num(PropDoDPoints, pts); err != nil {
		return nil, err
	}
	if v, ok := nsProp(c.Props, PropDoDPartial); ok {
		if sc.Partial, err = num(PropDoDPartial, v); err != nil {
			return nil, err
		}
	}
	if sc.NoValue, err = flag(PropDoDNoValue); err != nil {
		return nil, err
	}
	if sc.FAR52204, err = flag(PropFAR52204); err != nil {
		return nil, err
	}
	sc.POAM, _ = nsProp(c.Props, PropCMMCPOAM)
	sc.NotPermitted, _ = nsProp(c.Props, PropNotPermitted)
	return &sc, nil
}

// CSFVersionClass is the class of a CSF placement for a version ("2.0"
// is "csf-2.0": a class is a token, which cannot start with a digit).
func CSFVersionClass(version string) string { return "csf-" + version }

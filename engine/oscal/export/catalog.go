package export

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/engine/oscal"
)

// rmfNS is NIST's namespace for the assessment-method property, as the
// SP 800-53 and SP 800-171 Rev 3 catalogs use it.
const rmfNS = "http://csrc.nist.gov/ns/rmf"

// epoch is last-modified for a catalogue that gives no publication date.
const epoch = "1970-01-01T00:00:00Z"

// CatalogUUID is the UUID of the OSCAL catalog made from c: derived from
// the catalogue's content, so that it changes when the catalogue does.
// Assessment results name their catalogue by it.
func CatalogUUID(c *engine.Catalog) (string, error) {
	b, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return ids{UUIDNamespace}.of("catalog", hex.EncodeToString(sum[:])), nil
}

// NewCatalog makes the OSCAL catalog of a catalogue: a group per family, a
// control per requirement with its statement, its objectives as
// assessment-objective parts under one part for the requirement, its
// assessment methods and parameters; Japanese (and any other language
// mamori renders) as alternate-language parts; scoring data, CSF
// functions and mappings in mamori's namespace, with the mappings also
// as links. oscal.Import reads it back into the same catalogue.
func NewCatalog(c *engine.Catalog) (*CatalogDocument, error) {
	id, err := CatalogUUID(c)
	if err != nil {
		return nil, err
	}
	cw := &catalogWriter{cat: c, ids: ids{UUIDNamespace}, catUUID: id, seen: map[string]string{}, resources: map[string]int{}}
	out := Catalog{UUID: id}
	if out.Metadata, err = cw.metadata(); err != nil {
		return nil, err
	}
	reqs := map[string]bool{}
	for _, f := range c.Families {
		for _, r := range f.Requirements {
			reqs[r.ID] = true
		}
	}
	cw.reqs = reqs
	for i := range c.Families {
		g, err := cw.group(&c.Families[i])
		if err != nil {
			return nil, err
		}
		out.Groups = append(out.Groups, g)
	}
	if len(cw.back) > 0 {
		out.BackMatter = &BackMatter{Resources: cw.back}
	}
	return &CatalogDocument{Catalog: out}, nil
}

type catalogWriter struct {
	cat     *engine.Catalog
	ids     ids
	catUUID string
	reqs    map[string]bool   // requirement IDs
	seen    map[string]string // OSCAL id → mamori ID it was made from
	// back holds a resource per mapping target in another catalogue;
	// resources indexes it by catalogue and ID.
	back      []Resource
	resources map[string]int
}

// claim checks that an OSCAL id made from a mamori ID is not also made
// from another.
func (cw *catalogWriter) claim(oscalID, from string) (string, error) {
	if prev, ok := cw.seen[oscalID]; ok && prev != from {
		return "", fmt.Errorf("catalogue %s: %q and %q both become the OSCAL id %q", cw.cat.ID, prev, from, oscalID)
	}
	cw.seen[oscalID] = from
	return oscalID, nil
}

func (cw *catalogWriter) metadata() (Metadata, error) {
	c := cw.cat
	m := Metadata{
		Title:        c.Title.EN,
		LastModified: epoch,
		Version:      c.Version,
		OSCALVersion: OSCALVersion,
	}
	if m.Title == "" {
		m.Title = c.ID
	}
	if m.Version == "" {
		m.Version = "unversioned"
	}
	var props []Property
	add := func(field, name, value, class string) error {
		if value == "" {
			return nil
		}
		p, err := textProp("catalogue "+c.ID+" "+field, name, value, class)
		if err != nil {
			return err
		}
		props = append(props, p)
		return nil
	}
	if err := add("id", oscal.PropCatalogID, c.ID, ""); err != nil {
		return m, err
	}
	if c.Published != "" {
		if d, err := evidence.ParseDate(c.Published); err == nil {
			m.Published = dateTime(d)
			m.LastModified = m.Published
		} else if err := add("published", oscal.PropPublished, c.Published, ""); err != nil {
			return m, err
		}
	}
	errs := []error{
		add("source", oscal.PropSource, c.Source, ""),
		add("title (ja)", oscal.PropTranslatedTitle, c.Title.JA, engine.LangJA),
		add("notes (en)", oscal.PropNotes, c.Notes.EN, engine.LangEN),
		add("notes (ja)", oscal.PropNotes, c.Notes.JA, engine.LangJA),
	}
	for _, k := range slices.Sorted(maps.Keys(c.TextSources)) {
		errs = append(errs, add("text source "+k, oscal.PropTextSource, c.TextSources[k], k))
	}
	if c.CSF != nil {
		errs = append(errs, add("CSF version shown", oscal.PropCSFShown, c.CSF.Shown, ""))
		for _, k := range slices.Sorted(maps.Keys(c.CSF.Sources)) {
			errs = append(errs, add("CSF source "+k, oscal.PropCSFSource, c.CSF.Sources[k], k))
		}
	}
	for _, t := range c.Translations {
		errs = append(errs,
			add("translation status", oscal.PropTranslation, t.Status, t.Lang),
			add("translation note", oscal.PropTranslationNote, t.Note, t.Lang))
	}
	for _, err := range errs {
		if err != nil {
			return m, err
		}
	}
	m.Props = props
	return m, nil
}

// alternate is the alternate-language part for a Japanese title or
// prose, or nil when there is none.
func alternate(ja string, titled bool) []Part {
	if ja == "" {
		return nil
	}
	p := Part{Name: oscal.PartAlternateLanguage, NS: NS, Class: engine.LangJA}
	if titled {
		p.Title = ja
	} else {
		p.Prose = ja
	}
	return []Part{p}
}

func (cw *catalogWriter) group(f *engine.Family) (Group, error) {
	id, err := cw.claim(groupID(f.ID), f.ID)
	if err != nil {
		return Group{}, err
	}
	g := Group{
		ID:    id,
		Class: "family",
		Title: f.Title.EN,
		Props: []Property{{Name: "label", Value: f.ID}},
		Parts: alternate(f.Title.JA, true),
	}
	if g.Title == "" {
		g.Title = f.ID
	}
	if f.Abbrev != "" {
		g.Props = append(g.Props, nsProp(oscal.PropAbbrev, f.Abbrev))
	}
	for i := range f.Requirements {
		ctl, err := cw.control(&f.Requirements[i])
		if err != nil {
			return Group{}, err
		}
		g.Controls = append(g.Controls, ctl)
	}
	return g, nil
}

func (cw *catalogWriter) control(r *engine.Requirement) (Control, error) {
	id, err := cw.claim(ControlID(r.ID), r.ID)
	if err != nil {
		return Control{}, err
	}
	ctl := Control{ID: id, Title: r.Title.EN, Props: []Property{{Name: "label", Value: r.ID}}}
	if ctl.Title == "" {
		// The importer reads a title equal to the ID as no title.
		ctl.Title = r.ID
	}
	if r.Withdrawn {
		ctl.Props = append(ctl.Props, Property{Name: "status", Value: "withdrawn"})
	}
	if r.Type != "" {
		ctl.Props = append(ctl.Props, nsProp(oscal.PropRequirementType, r.Type))
	}
	if sc := r.Scoring; sc != nil {
		ctl.Props = append(ctl.Props, nsProp(oscal.PropDoDPoints, fmt.Sprint(sc.Points)))
		if sc.Partial != 0 {
			ctl.Props = append(ctl.Props, nsProp(oscal.PropDoDPartial, fmt.Sprint(sc.Partial)))
		}
		if sc.NoValue {
			ctl.Props = append(ctl.Props, nsProp(oscal.PropDoDNoValue, "true"))
		}
		if sc.FAR52204 {
			ctl.Props = append(ctl.Props, nsProp(oscal.PropFAR52204, "true"))
		}
		if sc.POAM != "" {
			ctl.Props = append(ctl.Props, nsProp(oscal.PropCMMCPOAM, sc.POAM))
		}
		if sc.NotPermitted != "" {
			ctl.Props = append(ctl.Props, nsProp(oscal.PropNotPermitted, sc.NotPermitted))
		}
	}
	if r.TextSource != "" {
		ctl.Props = append(ctl.Props, nsProp(oscal.PropTextSource, r.TextSource))
	}
	for _, p := range r.Parameters {
		prm, err := cw.param(r, p)
		if err != nil {
			return Control{}, err
		}
		ctl.Params = append(ctl.Params, prm)
	}

	ctl.Parts = alternate(r.Title.JA, true)
	for _, v := range slices.Sorted(maps.Keys(r.CSF)) {
		pl := r.CSF[v]
		part := Part{Name: oscal.PartCSFPlacement, NS: NS, Class: oscal.CSFVersionClass(v), Prose: pl.Rationale}
		for _, f := range pl.Functions {
			part.Props = append(part.Props, nsProp(oscal.PropCSF, f))
		}
		for _, sc := range pl.Subcategories {
			part.Props = append(part.Props, nsProp(oscal.PropCSFSubcategory, sc))
		}
		part.Props = append(part.Props, nsProp(oscal.PropCSFBasis, pl.Basis))
		ctl.Parts = append(ctl.Parts, part)
	}
	smt, err := cw.claim(statementID(r.ID), r.ID)
	if err != nil {
		return Control{}, err
	}
	ctl.Parts = append(ctl.Parts, Part{ID: smt, Name: "statement", Prose: r.Text.EN, Parts: alternate(r.Text.JA, false)})
	if r.Discussion.EN != "" || r.Discussion.JA != "" {
		gdn, err := cw.claim(guidanceID(r.ID), r.ID)
		if err != nil {
			return Control{}, err
		}
		ctl.Parts = append(ctl.Parts, Part{ID: gdn, Name: "guidance", Prose: r.Discussion.EN, Parts: alternate(r.Discussion.JA, false)})
	}
	if len(r.Objectives) > 0 {
		all, err := cw.claim(RequirementObjectiveID(r.ID), r.ID)
		if err != nil {
			return Control{}, err
		}
		root := Part{ID: all, Name: "assessment-objective"}
		var methods []string
		for _, o := range r.Objectives {
			oid, err := cw.claim(ObjectiveID(o.ID), o.ID)
			if err != nil {
				return Control{}, err
			}
			root.Parts = append(root.Parts, Part{
				ID: oid, Name: "assessment-objective",
				Props: []Property{{Name: "label", Value: o.ID}},
				Prose: o.Text.EN, Parts: alternate(o.Text.JA, false),
			})
			for _, m := range o.Methods {
				if !slices.Contains(methods, m) {
					methods = append(methods, m)
				}
			}
		}
		ctl.Parts = append(ctl.Parts, root)
		for _, m := range methods {
			ctl.Parts = append(ctl.Parts, Part{Name: "assessment-method", Props: []Property{
				{Name: "method", NS: rmfNS, Value: strings.ToUpper(m)},
			}})
		}
	}
	for _, m := range r.Mappings {
		part, link, err := cw.mapping(r, m)
		if err != nil {
			return Control{}, err
		}
		ctl.Parts = append(ctl.Parts, part)
		if link != nil {
			ctl.Links = append(ctl.Links, *link)
		}
	}
	return ctl, nil
}

func (cw *catalogWriter) param(r *engine.Requirement, p engine.Parameter) (Parameter, error) {
	if token(p.ID) != p.ID || p.ID == "" || !isTokenStart(p.ID) {
		return Parameter{}, fmt.Errorf("catalogue %s: requirement %s: parameter ID %q is not an OSCAL token", cw.cat.ID, r.ID, p.ID)
	}
	prm := Parameter{ID: p.ID, Label: p.Label.EN}
	if p.Text.EN != "" {
		prm.Guidelines = []Guideline{{Prose: p.Text.EN}}
	}
	field := fmt.Sprintf("requirement %s parameter %s", r.ID, p.ID)
	for _, t := range []struct {
		name, value, what string
	}{
		{oscal.PropTranslatedLabel, p.Label.JA, "label (ja)"},
		{oscal.PropTranslatedGuideline, p.Text.JA, "text (ja)"},
	} {
		if t.value == "" {
			continue
		}
		pr, err := textProp("catalogue "+cw.cat.ID+" "+field+" "+t.what, t.name, t.value, engine.LangJA)
		if err != nil {
			return Parameter{}, err
		}
		prm.Props = append(prm.Props, pr)
	}
	return prm, nil
}

// mapping writes a mapping as a part in mamori's namespace, and as a
// link for OSCAL tools: to the control when the target is in this
// catalogue, else to a back-matter resource naming the target.
func (cw *catalogWriter) mapping(r *engine.Requirement, m engine.Mapping) (Part, *Link, error) {
	part := Part{Name: oscal.PartMapping, NS: NS, Prose: m.Note}
	field := fmt.Sprintf("catalogue %s requirement %s mapping", cw.cat.ID, r.ID)
	for _, f := range []struct{ name, value string }{
		{oscal.PropMappingCatalog, m.Catalog},
		{oscal.PropMappingTarget, m.ID},
		{oscal.PropMappingRelation, m.Relation},
		{oscal.PropMappingAsPublished, m.AsPublished},
	} {
		if f.value == "" {
			continue
		}
		p, err := textProp(field+" "+f.name, f.name, f.value, "")
		if err != nil {
			return Part{}, nil, err
		}
		part.Props = append(part.Props, p)
	}
	if m.ID == "" {
		return part, nil, nil
	}
	rel := m.Relation
	if rel == "" || token(rel) != rel || !isTokenStart(rel) {
		rel = "related"
	}
	if m.Catalog == cw.cat.ID || m.Catalog == "" {
		if !cw.reqs[m.ID] {
			return part, nil, nil
		}
		return part, &Link{Href: "#" + ControlID(m.ID), Rel: rel}, nil
	}
	key := m.Catalog + "\x00" + m.ID
	i, ok := cw.resources[key]
	if !ok {
		i = len(cw.back)
		cw.resources[key] = i
		cw.back = append(cw.back, Resource{
			UUID:  cw.ids.of("mapping-target", cw.catUUID, m.Catalog, m.ID),
			Title: m.ID,
			Props: []Property{nsProp(oscal.PropMappingCatalog, m.Catalog), nsProp(oscal.PropMappingTarget, m.ID)},
		})
	}
	return part, &Link{Href: "#" + cw.back[i].UUID, Rel: rel}, nil
}

// isTokenStart reports whether s starts as an OSCAL token must: with a
// letter or an underscore.
func isTokenStart(s string) bool {
	for _, r := range s {
		return r == '_' || unicode.IsLetter(r)
	}
	return false
}

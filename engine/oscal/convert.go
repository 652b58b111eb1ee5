package oscal

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/mamori-dev/mamori/engine"
)

// Classes and names with a special meaning to the conversion.
const (
	// classSecurityRequirement marks the nested control that carries a
	// requirement's statement in SP 800-171 Rev 3 v1.0.0, whose own
	// statement part is empty. It is folded into its parent.
	classSecurityRequirement = "security_requirement"
	// aggregateProp marks an SP 800-53 parameter whose value is the
	// aggregate of other ODPs; it is rendered but not listed as an ODP.
	aggregateProp = "aggregates"
)

// Mapping relations the importer produces.
const (
	RelationSource           = "source"
	RelationIncorporatedInto = "incorporated-into"
	RelationAddressedBy      = "addressed-by"
	RelationMovedTo          = "moved-to"
)

// withdrawalRels maps OSCAL link rels on withdrawn controls to mapping
// relations.
var withdrawalRels = map[string]string{
	"incorporated_into": RelationIncorporatedInto,
	"incorporated-into": RelationIncorporatedInto,
	"addressed_by":      RelationAddressedBy,
	"addressed-by":      RelationAddressedBy,
	"moved_to":          RelationMovedTo,
	"moved-to":          RelationMovedTo,
}

// sp80053IDRE matches an SP 800-53 control identifier as back-matter
// resources title it, zero-padded or not: "AC-02", "AC-2(3)", "SC-08".
var sp80053IDRE = regexp.MustCompile(`^([A-Z]{2})-0*(\d+)(?:\(0*(\d+)\))?$`)

// parenIDRE extracts the identifier from a label such as
// "Account Management (03.01.01)".
var parenIDRE = regexp.MustCompile(`\s\(([^()\s]+)\)$`)

// converter turns the intermediate model into a catalogue.
type converter struct {
	id        string // catalogue ID
	mapTo     string // catalogue that source controls map to
	render    renderer
	resources map[string]string // back-matter uuid → title
	reqIDs    map[string]string // OSCAL control or part id → requirement ID
}

// convert builds the catalogue from the model.
func convert(c *catalog, name string, opts Options) (*engine.Catalog, error) {
	cv := &converter{
		id:        opts.ID,
		mapTo:     opts.MappingCatalog,
		render:    renderer{params: map[string]*param{}},
		resources: map[string]string{},
		reqIDs:    map[string]string{},
	}
	title := collapse(c.Metadata.Title)
	if cv.id == "" {
		cv.id = slug(title)
		if cv.id == "" {
			return nil, errors.New("no catalogue ID given and the metadata has no title to derive one from")
		}
	}
	if cv.mapTo == "" {
		cv.mapTo = DefaultMappingCatalog
	}
	cv.index(c)

	out := &engine.Catalog{
		ID:        cv.id,
		Title:     engine.Text{EN: title},
		Version:   collapse(c.Metadata.Version),
		Published: datePart(c.Metadata.Published),
		Source:    "NIST OSCAL catalog " + filepath.Base(name),
	}
	if len(c.Controls) > 0 {
		out.Families = append(out.Families, engine.Family{
			ID:           "controls",
			Title:        engine.Text{EN: "Controls"},
			Requirements: cv.requirements(c.Controls, false),
		})
	}
	out.Families = append(out.Families, cv.families(c.Groups)...)
	if len(out.Families) == 0 {
		return nil, errors.New("catalog has no groups or controls")
	}
	if err := checkUnique(out); err != nil {
		return nil, err
	}
	return out, nil
}

// index records parameters, back-matter resources and the requirement
// ID of every control, so that inserts and links can be resolved.
func (cv *converter) index(c *catalog) {
	cv.addParams(c.Params)
	var walkControls func(cs []control, parent string)
	walkControls = func(cs []control, parent string) {
		for i := range cs {
			c := &cs[i]
			cv.addParams(c.Params)
			id := controlID(c)
			if c.Class == classSecurityRequirement && parent != "" {
				id = parent // folded into its parent
			}
			cv.reqIDs[c.ID] = id
			for j := range c.Parts {
				cv.addPartIDs(&c.Parts[j], id)
			}
			walkControls(c.Controls, id)
		}
	}
	var walkGroups func([]group)
	walkGroups = func(gs []group) {
		for i := range gs {
			cv.addParams(gs[i].Params)
			walkControls(gs[i].Controls, "")
			walkGroups(gs[i].Groups)
		}
	}
	walkControls(c.Controls, "")
	walkGroups(c.Groups)
	if c.BackMatter != nil {
		for _, r := range c.BackMatter.Resources {
			cv.resources[r.UUID] = collapse(r.Title)
		}
	}
}

// addPartIDs maps the ids of a part and its descendants to the
// requirement that holds them, so that links to a statement item resolve
// to its control.
func (cv *converter) addPartIDs(p *part, reqID string) {
	if p.ID != "" {
		cv.reqIDs[p.ID] = reqID
	}
	for i := range p.Parts {
		cv.addPartIDs(&p.Parts[i], reqID)
	}
}

func (cv *converter) addParams(ps []param) {
	for i := range ps {
		cv.render.params[ps[i].ID] = &ps[i]
	}
}

// families converts groups to families. Nested groups become families
// of their own, after their parent.
func (cv *converter) families(gs []group) []engine.Family {
	gs = sortedBySortID(gs, func(g *group) []prop { return g.Props })
	var out []engine.Family
	for i := range gs {
		g := &gs[i]
		id := identifier(g.Props, g.ID)
		f := engine.Family{ID: id, Title: engine.Text{EN: collapse(g.Title)}}
		if isLetters(id) { // SP 800-53 "ac"
			f.ID = strings.ToUpper(id)
			f.Abbrev = f.ID
		}
		f.Requirements = cv.requirements(g.Controls, false)
		if len(f.Requirements) > 0 || len(g.Groups) == 0 {
			out = append(out, f)
		}
		out = append(out, cv.families(g.Groups)...)
	}
	return out
}

// requirements converts controls, each followed by its enhancements.
// nested says whether cs are the child controls of another control.
func (cv *converter) requirements(cs []control, nested bool) []engine.Requirement {
	cs = sortedBySortID(cs, func(c *control) []prop { return c.Props })
	var out []engine.Requirement
	for i := range cs {
		c := &cs[i]
		if nested && c.Class == classSecurityRequirement {
			continue // folded into its parent
		}
		out = append(out, cv.requirement(c))
		out = append(out, cv.requirements(c.Controls, true)...)
	}
	return out
}

// requirement converts one control.
func (cv *converter) requirement(c *control) engine.Requirement {
	r := engine.Requirement{
		ID:        cv.reqIDs[c.ID],
		Withdrawn: strings.EqualFold(propValue(c.Props, "status"), "withdrawn"),
	}
	if t := collapse(c.Title); t != r.ID {
		r.Title.EN = t
	}
	// The control and the nested security-requirement controls it
	// folds in, in that order.
	sources := []*control{c}
	for i := range c.Controls {
		if c.Controls[i].Class == classSecurityRequirement {
			sources = append(sources, &c.Controls[i])
		}
	}
	order := map[string]int{}
	for _, s := range sources {
		if st := findPart(s.Parts, "statement"); st != nil {
			if r.Text.EN == "" {
				r.Text.EN = cv.render.statement(st)
			}
			numberParts(st, order)
		}
		if g := findPart(s.Parts, "guidance"); g != nil && r.Discussion.EN == "" {
			r.Discussion.EN = cv.render.prose(g.Prose)
		}
		r.Parameters = append(r.Parameters, cv.parameters(s.Params)...)
	}
	var parts []part
	for _, s := range sources {
		parts = append(parts, s.Parts...)
	}
	r.Objectives = cv.objectives(parts, order)
	r.Mappings = cv.mappings(c)
	if r.Text.EN == "" && r.Withdrawn {
		r.Text.EN = withdrawnText(r.Mappings)
	}
	return r
}

// parameters converts a control's ODPs. Aggregating parameters are
// left out: they only group other ODPs for display.
func (cv *converter) parameters(ps []param) []engine.Parameter {
	var out []engine.Parameter
	for i := range ps {
		p := &ps[i]
		if propValue(p.Props, aggregateProp) != "" {
			continue
		}
		ep := engine.Parameter{ID: p.ID, Label: engine.Text{EN: cv.render.paramLabel(p)}}
		if len(p.Guidelines) > 0 {
			ep.Text.EN = cv.render.prose(p.Guidelines[0].Prose)
		}
		out = append(out, ep)
	}
	return out
}

// objectives returns the assessment objectives found anywhere in a
// control's parts (SP 800-53A nests them in a tree under one root part;
// SP 800-171A Rev 3 lists them flat), each with the control's assessment
// methods: every leaf, and every parent that has text of its own
// (SP 800-53A's AC-08a., RA-05b. and CA-07(04) are determination
// statements besides the ones below them). A parent without text, such
// as the root "AC-08", only groups its children. They are put in the order of the statement parts they assess
// (their "assessment-for" links, looked up in order), then in natural ID
// order: SP 800-171 Rev 3 v1.0.0 lists some out of order.
func (cv *converter) objectives(parts []part, order map[string]int) []engine.Objective {
	var out []engine.Objective
	var keys []int
	var methods []string
	var walk func(ps []part)
	walk = func(ps []part) {
		for i := range ps {
			p := &ps[i]
			switch {
			case p.Name == "statement" || p.Name == "guidance":
				continue
			case p.Name == "assessment-objective" && (strings.TrimSpace(p.Prose) != "" || !hasPart(p.Parts, "assessment-objective")):
				key := -1
				if len(keys) > 0 {
					key = keys[len(keys)-1]
				}
				for _, l := range p.Links {
					if n, ok := order[strings.TrimPrefix(l.Href, "#")]; ok && l.Rel == "assessment-for" {
						key = n
						break
					}
				}
				keys = append(keys, key)
				out = append(out, engine.Objective{ID: cv.objectiveID(p), Text: engine.Text{EN: cv.render.prose(p.Prose)}})
				walk(p.Parts)
				continue
			case p.Name == "assessment-method" || p.Name == "assessment":
				if m := strings.ToLower(propValue(p.Props, "method")); m != "" && !slices.Contains(methods, m) {
					methods = append(methods, m)
				}
			}
			walk(p.Parts)
		}
	}
	walk(parts)
	if len(out) == 0 {
		return nil
	}
	idx := make([]int, len(out))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		if ka, kb := keys[idx[a]], keys[idx[b]]; ka != kb {
			return ka < kb
		}
		return naturalLess(out[idx[a]].ID, out[idx[b]].ID)
	})
	sorted := make([]engine.Objective, len(out))
	for i, j := range idx {
		sorted[i] = out[j]
		sorted[i].Methods = slices.Clone(methods)
	}
	return sorted
}

// numberParts records the document order of a part and its descendants
// by id, continuing the numbering already in order.
func numberParts(p *part, order map[string]int) {
	if p.ID != "" {
		order[p.ID] = len(order)
	}
	for i := range p.Parts {
		numberParts(&p.Parts[i], order)
	}
}

// mappings returns a control's links to other requirements: the
// SP 800-53 controls it was drawn from (reference links to back-matter
// resources titled with a control ID) and, for a withdrawn control,
// where it went.
func (cv *converter) mappings(c *control) []engine.Mapping {
	var out []engine.Mapping
	add := func(m engine.Mapping) {
		for _, o := range out {
			if o == m {
				return
			}
		}
		out = append(out, m)
	}
	for _, l := range c.Links {
		target := strings.TrimPrefix(l.Href, "#")
		if rel, ok := withdrawalRels[l.Rel]; ok {
			if id, ok := cv.reqIDs[target]; ok {
				target = id
			}
			add(engine.Mapping{Catalog: cv.id, ID: target, Relation: rel})
			continue
		}
		if l.Rel != "reference" || !strings.HasPrefix(l.Href, "#") {
			continue
		}
		if id, ok := sp80053ID(cv.resources[target]); ok {
			add(engine.Mapping{Catalog: cv.mapTo, ID: id, Relation: RelationSource})
		}
	}
	return out
}

// withdrawnText says where a withdrawn requirement went, the way NIST
// prints it: "[Withdrawn: Incorporated into 03.01.12.]".
func withdrawnText(ms []engine.Mapping) string {
	var parts []string
	for _, m := range ms {
		var verb string
		switch m.Relation {
		case RelationIncorporatedInto:
			verb = "Incorporated into"
		case RelationAddressedBy:
			verb = "Addressed by"
		case RelationMovedTo:
			verb = "Moved to"
		default:
			continue
		}
		if n := len(parts); n > 0 && strings.HasPrefix(parts[n-1], verb+" ") {
			parts[n-1] += ", " + m.ID
			continue
		}
		parts = append(parts, verb+" "+m.ID)
	}
	if len(parts) == 0 {
		return "[Withdrawn.]"
	}
	return "[Withdrawn: " + strings.Join(parts, "; ") + ".]"
}

// sp80053ID normalises an SP 800-53 control ID: "AC-02(03)" → "AC-2(3)".
func sp80053ID(s string) (string, bool) {
	m := sp80053IDRE.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	id := m[1] + "-" + m[2]
	if m[3] != "" {
		id += "(" + m[3] + ")"
	}
	return id, true
}

// controlID is a control's requirement ID; see identifier.
func controlID(c *control) string { return identifier(c.Props, c.ID) }

// identifier picks the ID of a group or control: its label prop (or the
// identifier in parentheses at the end of a label such as
// "Account Management (03.01.01)"), else its sort-id, else its OSCAL id.
func identifier(props []prop, id string) string {
	if l := chooseLabel(props); l != "" {
		if m := parenIDRE.FindStringSubmatch(l); m != nil {
			return m[1]
		}
		if !strings.ContainsAny(l, " \t\n") {
			return l
		}
	}
	if s := propValue(props, "sort-id"); s != "" {
		return s
	}
	return id
}

// objectiveID is an objective's ID: its label, else its part id without
// the part name and "DS-" (determination statement) prefixes that
// SP 800-171 Rev 3 uses ("assessment-objective_DS-A.03.01.01.a.01").
//
// SP 800-53A names a control's single determination statement after the
// control: where the control number needs no zero padding the objective
// of AC-12 is "AC-12", as the publication labels it. An objective may
// share its own requirement's ID (see checkUnique), no other.
func (cv *converter) objectiveID(p *part) string {
	if id := chooseLabel(p.Props); id != "" {
		return id
	}
	return strings.TrimPrefix(strings.TrimPrefix(p.ID, p.Name+"_"), "DS-")
}

// findPart returns the first part with the given name, or nil.
func findPart(ps []part, name string) *part {
	for i := range ps {
		if ps[i].Name == name {
			return &ps[i]
		}
	}
	return nil
}

// hasPart reports whether any part below ps (at any depth) has the name.
func hasPart(ps []part, name string) bool {
	for i := range ps {
		if ps[i].Name == name || hasPart(ps[i].Parts, name) {
			return true
		}
	}
	return false
}

// sortedBySortID returns xs ordered by their sort-id props when every
// element has one (the SP 800-171 Rev 3 file lists families out of
// order); otherwise it returns xs as they are.
func sortedBySortID[T any](xs []T, props func(*T) []prop) []T {
	keys := make([]string, len(xs))
	for i := range xs {
		if keys[i] = propValue(props(&xs[i]), "sort-id"); keys[i] == "" {
			return xs
		}
	}
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return naturalLess(keys[idx[a]], keys[idx[b]]) })
	out := make([]T, len(xs))
	for i, j := range idx {
		out[i] = xs[j]
	}
	return out
}

// naturalLess compares strings with runs of digits compared as numbers,
// so "A.03.01.01.b.2" sorts before "A.03.01.01.b.10".
func naturalLess(a, b string) bool {
	for a != "" && b != "" {
		ra, rb := leadingRun(a), leadingRun(b)
		if ra != rb {
			if isDigits(ra) && isDigits(rb) {
				na, _ := strconv.ParseUint(ra, 10, 64)
				nb, _ := strconv.ParseUint(rb, 10, 64)
				if na != nb {
					return na < nb
				}
			}
			return ra < rb
		}
		a, b = a[len(ra):], b[len(rb):]
	}
	return len(a) < len(b)
}

// leadingRun returns the leading run of digits, or of non-digits, of s.
func leadingRun(s string) string {
	digit := s[0] >= '0' && s[0] <= '9'
	i := 1
	for i < len(s) && (s[i] >= '0' && s[i] <= '9') == digit {
		i++
	}
	return s[:i]
}

// checkUnique rejects a catalogue in which two requirements or
// objectives share an ID: lookups and catalogue order key on it.
func checkUnique(c *engine.Catalog) error {
	seen := map[string]string{}
	claim := func(id, what string) error {
		if id == "" {
			return fmt.Errorf("%s has no ID", what)
		}
		if prev, dup := seen[id]; dup {
			return fmt.Errorf("duplicate ID %q: used by %s and by %s", id, prev, what)
		}
		seen[id] = what
		return nil
	}
	for _, f := range c.Families {
		for _, r := range f.Requirements {
			if err := claim(r.ID, "a requirement in family "+f.ID); err != nil {
				return err
			}
			for _, o := range r.Objectives {
				if o.ID == r.ID && len(r.Objectives) == 1 {
					continue // SP 800-53A's single objective named after its control
				}
				if err := claim(o.ID, "an objective of "+r.ID); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// slug derives a catalogue ID from a title: lower case, runs of other
// characters than letters and digits turned into single dashes.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

// datePart returns the date of an OSCAL date-time: "2025-05-29".
func datePart(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, 'T'); i >= 0 {
		return s[:i]
	}
	return s
}

package engine

import (
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// catalogLimit bounds catalogue files (the SP 800-53 baseline is large).
const catalogLimit = 64 << 20

// LoadCatalog reads the catalogue with the given ID from fsys, where it
// is the file <id>.yaml.
func LoadCatalog(fsys fs.FS, id string) (*Catalog, error) {
	return loadCatalogFile(fsys, id+".yaml")
}

func loadCatalogFile(fsys fs.FS, name string) (*Catalog, error) {
	b, err := evidence.ReadFileFS(fsys, name, catalogLimit)
	if err != nil {
		return nil, err
	}
	var c Catalog
	if err := evidence.Decode(name, b, &c); err != nil {
		return nil, err
	}
	c.File = name
	c.index()
	return &c, nil
}

// LoadCatalogs reads every *.yaml catalogue at the top of fsys.
func LoadCatalogs(fsys fs.FS) (*Catalogs, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no catalogue files (*.yaml) found")
	}
	sort.Strings(names)
	var cs []*Catalog
	for _, n := range names {
		if otherDocument(fsys, n) {
			continue // a checklist or another mamori document, not a catalogue
		}
		c, err := loadCatalogFile(fsys, n)
		if err != nil {
			return nil, fmt.Errorf("load catalogue: %w", err)
		}
		cs = append(cs, c)
	}
	return NewCatalogs(cs...)
}

// DoDMaxDeduction is the sum of the DoD Assessment Methodology values of
// the 110 SP 800-171 Rev 2 requirements: scores run from 110 to −203.
const DoDMaxDeduction = 313

// Validate checks the invariants of a set of catalogues: unique IDs,
// objectives for every active requirement, CSF placements (see
// validateCSF), text sources and POA&M rules, DoD points summing to 313,
// and mappings that resolve, each named once per requirement, none but a
// "withdrawn" one pointing at a withdrawn entry.
func (s *Catalogs) Validate() []error {
	var errs []error
	bad := func(c *Catalog, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", c.File, fmt.Sprintf(format, args...)))
	}
	for _, c := range s.list {
		if c.ID == "" {
			bad(c, "catalogue has no id")
		}
		if base := strings.TrimSuffix(path.Base(c.File), ".yaml"); c.File != "" && base != c.ID {
			bad(c, "catalogue id %q does not match its file name", c.ID)
		}
		if c.Title.EN == "" {
			bad(c, "catalogue has no English title")
		}
		if c.Version == "" {
			bad(c, "catalogue has no version")
		}
		seen := map[string]bool{}
		dup := func(kind, id string) {
			if id == "" {
				bad(c, "%s with an empty id", kind)
				return
			}
			if seen[id] {
				bad(c, "duplicate %s id %q", kind, id)
			}
			seen[id] = true
		}
		scored, points := false, 0
		for _, f := range c.Families {
			dup("family", "family:"+f.ID)
			for _, r := range f.Requirements {
				dup("requirement", r.ID)
				if r.Text.EN == "" && !r.Withdrawn {
					bad(c, "requirement %s has no English text", r.ID)
				}
				if _, ok := c.TextSources[r.TextSource]; r.TextSource != "" && !ok {
					bad(c, "requirement %s: text source %q is not among the catalogue's text_sources", r.ID, r.TextSource)
				}
				if !r.Withdrawn && len(r.Objectives) == 0 {
					bad(c, "requirement %s has no objectives", r.ID)
				}
				for _, o := range r.Objectives {
					if o.ID != r.ID || len(r.Objectives) > 1 { // SP 800-53A names a single objective after its control
						dup("objective", o.ID)
					}
					if o.Text.EN == "" {
						bad(c, "objective %s has no English text", o.ID)
					}
				}
				for _, p := range r.Parameters {
					dup("parameter", "param:"+p.ID)
				}
				validateCSF(c, r, bad)
				if sc := r.Scoring; sc != nil {
					scored = true
					points += sc.Points
					if sc.Points != 0 && sc.Points != 1 && sc.Points != 3 && sc.Points != 5 {
						bad(c, "requirement %s: points %d, want 1, 3 or 5", r.ID, sc.Points)
					}
					if (sc.Points == 0) != sc.NoValue {
						bad(c, "requirement %s: a requirement has either points or no_value", r.ID)
					}
					if !slices.Contains([]string{POAMEligible, POAMNever, POAMPartialOnly}, sc.POAM) {
						bad(c, "requirement %s: cmmc_poam %q, want eligible, never or partial-only", r.ID, sc.POAM)
					}
					if sc.POAM == POAMPartialOnly && sc.Partial == 0 {
						bad(c, "requirement %s: partial-only POA&M needs a partial value", r.ID)
					}
				}
				mapped := map[[2]string]bool{}
				for _, m := range r.Mappings {
					if m.ID == "" {
						if m.Note == "" {
							bad(c, "requirement %s: mapping to %s has neither id nor note", r.ID, m.Catalog)
						}
						continue
					}
					if k := [2]string{m.Catalog, m.ID}; mapped[k] {
						bad(c, "requirement %s: maps to %s %s more than once", r.ID, m.Catalog, m.ID)
					} else {
						mapped[k] = true
					}
					target, ok := s.byID[m.Catalog]
					if !ok {
						bad(c, "requirement %s: mapping to unknown catalogue %q", r.ID, m.Catalog)
						continue
					}
					tr, ok := target.Requirement(m.ID)
					switch {
					case !ok:
						bad(c, "requirement %s: mapping %s does not resolve in %s", r.ID, m.ID, m.Catalog)
					case tr.Withdrawn && m.Relation != RelationWithdrawn:
						bad(c, "requirement %s: %s %s %s is withdrawn", r.ID, m.Relation, m.Catalog, m.ID)
					case !tr.Withdrawn && m.Relation == RelationWithdrawn:
						bad(c, "requirement %s: %s %s is not withdrawn", r.ID, m.Catalog, m.ID)
					}
				}
			}
		}
		if c.CSF != nil {
			if _, ok := CSFFunctions[c.CSF.Shown]; !ok {
				bad(c, "csf: shown version %q, want one of %s", c.CSF.Shown, strings.Join(csfVersions(), ", "))
			}
			if _, ok := c.CSF.Sources[CSFBasisRationale]; ok {
				bad(c, "csf: %q is not a source", CSFBasisRationale)
			}
		}
		if scored && points != DoDMaxDeduction {
			bad(c, "DoD points sum to %d, want %d", points, DoDMaxDeduction)
		}
	}
	return errs
}

// validateCSF checks a requirement's CSF placements: a catalogue that
// places requirements says which version it shows and what placements
// rest on; each placement names known functions of its version, at least
// one, and a basis among the catalogue's sources, or a rationale; every
// placed requirement is placed in the version shown.
func validateCSF(c *Catalog, r Requirement, bad func(*Catalog, string, ...any)) {
	if len(r.CSF) == 0 {
		return
	}
	if c.CSF == nil {
		bad(c, "requirement %s: CSF placements, but the catalogue has no csf block", r.ID)
		return
	}
	if _, ok := r.CSF[c.CSF.Shown]; !ok {
		bad(c, "requirement %s: not placed in CSF %s, the version shown", r.ID, c.CSF.Shown)
	}
	for _, v := range slices.Sorted(maps.Keys(r.CSF)) {
		p := r.CSF[v]
		fns, ok := CSFFunctions[v]
		if !ok {
			bad(c, "requirement %s: unknown CSF version %q (want one of %s)", r.ID, v, strings.Join(csfVersions(), ", "))
			continue
		}
		if len(p.Functions) == 0 {
			bad(c, "requirement %s: CSF %s placement names no function", r.ID, v)
		}
		for _, fn := range p.Functions {
			if !slices.Contains(fns, fn) {
				bad(c, "requirement %s: unknown CSF %s function %q (want one of %s)", r.ID, v, fn, strings.Join(fns, ", "))
			}
		}
		switch _, ok := c.CSF.Sources[p.Basis]; {
		case p.Basis == CSFBasisRationale:
			if p.Rationale == "" {
				bad(c, "requirement %s: CSF %s placement by rationale gives none", r.ID, v)
			}
		case !ok:
			bad(c, "requirement %s: CSF %s basis %q is not among the catalogue's csf sources", r.ID, v, p.Basis)
		case len(p.Subcategories) == 0:
			bad(c, "requirement %s: CSF %s placement rests on %s but names no subcategory", r.ID, v, p.Basis)
		}
		named := map[string]bool{}
		for _, sub := range p.Subcategories {
			fn, ok := csfFunctionOf(sub)
			if !ok || !slices.Contains(p.Functions, fn) {
				bad(c, "requirement %s: CSF %s subcategory %s is not in the placement's functions", r.ID, v, sub)
			}
			named[fn] = true
		}
		for _, fn := range p.Functions {
			if len(p.Subcategories) > 0 && !named[fn] {
				bad(c, "requirement %s: CSF %s function %s has none of the placement's subcategories", r.ID, v, fn)
			}
		}
	}
}

// csfFunctionOf returns the function of a CSF category or subcategory
// (PR.AC-1 is protect).
func csfFunctionOf(id string) (string, bool) {
	fn, ok := csfPrefixes[strings.SplitN(id, ".", 2)[0]]
	return fn, ok
}

var csfPrefixes = map[string]string{"GV": "govern", "ID": "identify", "PR": "protect", "DE": "detect", "RS": "respond", "RC": "recover"}

func csfVersions() []string { return slices.Sorted(maps.Keys(CSFFunctions)) }

var markerRE = regexp.MustCompile(`(?m)^mamori:[ \t]*["']?[a-z][a-z-]*/v[0-9]+`)

// otherDocument reports whether a YAML file in a catalogue directory is
// another kind of mamori document (it declares "mamori: <kind>/v1" at its
// top level, as checklists do); catalogues carry no such marker.
func otherDocument(fsys fs.FS, name string) bool {
	b, err := evidence.ReadFileFS(fsys, name, catalogLimit)
	return err == nil && markerRE.Match(b)
}

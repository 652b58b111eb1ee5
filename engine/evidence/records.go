package evidence

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FactRecord is one fact of an evidence set with every source that gives
// it: the people who declared it and the machines that report it.
//
// The rule: the policies see the weakest value any source gives (see
// Order). Collected values are per host or tenant, so they are first
// aggregated: a fact holds for the organisation only as far as it holds
// on every host that reports it, so the collected value is the weakest
// host's. Declarations are about the organisation, so two declarations
// that differ, or a declaration that differs from the collected value,
// disagree; so do two sources that give one host different values.
// Sources that disagree are shown together (Disagree) and neither wins
// silently: the weaker value is what the policies see, so that no claim
// passes on a disagreement.
type FactRecord struct {
	Path string
	// Value is what the policies see (a bounded integer at its edge).
	Value any
	// Declared are the declarations of the fact, in document order.
	Declared []DeclaredValue
	// Collected are the sightings of the fact, in document order.
	Collected []CollectedValue
	// Subjects are the hosts and tenants that report the fact, each
	// with its value, in the order they first appear.
	Subjects []SubjectValue
	// Disagree is set when sources give values that cannot all be true.
	Disagree bool
}

// DeclaredValue is a fact as a person typed it.
type DeclaredValue struct {
	Value any
	// Declaration is nil when the document says nothing of the fact's
	// source: it is then taken as declared by the assessment's assessor
	// on the assessment's date.
	Declaration *Declaration
	doc         *Evidence
	field       string
}

// Position is where the declaration is written.
func (d *DeclaredValue) Position() Position { return d.doc.Position(d.field) }

// CollectedValue is one machine source's value of a fact.
type CollectedValue struct {
	Value  any
	Bound  string
	Basis  []string
	Source *MachineSource
	doc    *Evidence
	field  string
}

// Position is where the sighting is written.
func (c *CollectedValue) Position() Position { return c.doc.Position(c.field) }

// SubjectValue is one host's or tenant's value of a fact: its sources'
// value when they agree, else the weakest (and Conflict is set).
type SubjectValue struct {
	Subject  string
	Kind     string // "host" or "tenant"
	Value    any
	Bound    string
	Conflict bool
	// Sightings index FactRecord.Collected.
	Sightings []int
}

// Edge is the value a bounded integer stands for; other values as they
// are.
func (s *SubjectValue) Edge() any {
	if n, ok := s.Value.(int); ok {
		return Edge(n, s.Bound)
	}
	return s.Value
}

// MachineValue returns the value the machines give the organisation,
// the weakest subject's, with its bound; ok is false when no machine
// reports the fact.
func (r *FactRecord) MachineValue() (v any, bound string, ok bool) {
	for i := range r.Subjects {
		s := &r.Subjects[i]
		if !ok {
			v, bound, ok = s.Value, s.Bound, true
			continue
		}
		v, bound = Weaker(r.Path, v, bound, s.Value, s.Bound)
	}
	return v, bound, ok
}

// FactRecords returns every fact of the set with its sources, in the
// order of the evidence format.
func (ev *Evidence) FactRecords() []FactRecord {
	if ev.recordsSet {
		return ev.records
	}
	return resolveFacts(ev.factEntries())
}

// MachineSources lists every machine source of the set, whether or not
// it gives a fact, in the order the documents give them.
func (ev *Evidence) MachineSources() []*MachineSource {
	var out []*MachineSource
	if len(ev.parts) > 0 {
		for _, p := range ev.parts {
			out = append(out, p.MachineSources()...)
		}
		return out
	}
	if ev.Provenance != nil {
		for i := range ev.Provenance.Sources {
			out = append(out, &ev.Provenance.Sources[i])
		}
	}
	return out
}

// factPathIndex orders fact paths as the evidence format lists them.
var factPathIndex = func() map[string]int {
	out := map[string]int{}
	for i, f := range factFields {
		out[f.path] = i
	}
	return out
}()

// entries are one path's declarations and sightings, before resolving.
type entries struct {
	declared  []DeclaredValue
	collected []CollectedValue
}

// factEntries lists the document's (or, for a merged set, its parts')
// declarations and sightings by path.
func (ev *Evidence) factEntries() map[string]*entries {
	out := map[string]*entries{}
	get := func(p string) *entries {
		e := out[p]
		if e == nil {
			e = &entries{}
			out[p] = e
		}
		return e
	}
	if ev.recordsSet {
		for _, r := range ev.records {
			e := get(r.Path)
			e.declared = append(e.declared, r.Declared...)
			e.collected = append(e.collected, r.Collected...)
		}
		return out
	}
	var prov *Provenance
	if ev.Provenance != nil {
		prov = ev.Provenance
	}
	sources := map[string]*MachineSource{}
	if prov != nil {
		for i := range prov.Sources {
			sources[prov.Sources[i].ID] = &prov.Sources[i]
		}
	}
	for _, l := range ev.Facts.Leaves() {
		e := get(l.Path)
		var fp FactProvenance
		var has bool
		if prov != nil {
			fp, has = prov.Facts[l.Path]
		}
		if has && len(fp.Collected) > 0 {
			for i, sg := range fp.Collected {
				e.collected = append(e.collected, CollectedValue{Value: sg.Value, Bound: sg.Bound, Basis: sg.Basis,
					Source: sources[sg.Source], doc: ev, field: "provenance.facts." + l.Path + ".collected[" + strconv.Itoa(i) + "]"})
			}
			if fp.Declared != nil {
				e.declared = append(e.declared, DeclaredValue{Value: l.Value, Declaration: fp.Declared, doc: ev, field: "facts." + l.Path})
			}
			continue
		}
		d := DeclaredValue{Value: l.Value, doc: ev, field: "facts." + l.Path}
		switch {
		case has && fp.Declared != nil:
			d.Declaration = fp.Declared
		case prov != nil && prov.Declared != nil:
			d.Declaration = prov.Declared
		}
		e.declared = append(e.declared, d)
	}
	return out
}

// resolveFacts applies the rule of FactRecord to each path's entries.
func resolveFacts(byPath map[string]*entries) []FactRecord {
	paths := make([]string, 0, len(byPath))
	for p := range byPath {
		paths = append(paths, p)
	}
	slices.SortFunc(paths, func(a, b string) int { return factPathIndex[a] - factPathIndex[b] })
	out := make([]FactRecord, 0, len(paths))
	for _, p := range paths {
		out = append(out, resolve(p, byPath[p]))
	}
	return out
}

func resolve(path string, e *entries) FactRecord {
	r := FactRecord{Path: path, Declared: e.declared, Collected: e.collected}
	// Group the sightings by subject (host names compare without regard
	// to case, as Windows and DNS do).
	idx := map[string]int{}
	for i := range e.collected {
		c := &e.collected[i]
		key := c.Source.SubjectKind() + "\x00" + strings.ToLower(strings.TrimSpace(c.Source.Subject()))
		j, ok := idx[key]
		if !ok {
			j = len(r.Subjects)
			idx[key] = j
			r.Subjects = append(r.Subjects, SubjectValue{Subject: c.Source.Subject(), Kind: c.Source.SubjectKind()})
		}
		r.Subjects[j].Sightings = append(r.Subjects[j].Sightings, i)
	}
	for j := range r.Subjects {
		s := &r.Subjects[j]
		vals := make([]Bounded, len(s.Sightings))
		for k, i := range s.Sightings {
			vals[k] = Bounded{e.collected[i].Value, e.collected[i].Bound}
		}
		v, consistent := Combine(path, vals)
		s.Value, s.Bound = v.Value, v.Bound
		if !consistent {
			s.Conflict, r.Disagree = true, true
		}
	}
	// The candidates: each declaration, and the machines' value.
	type cand struct {
		v any
		b string
	}
	var cands []cand
	for _, d := range e.declared {
		cands = append(cands, cand{d.Value, BoundExact})
	}
	if v, b, ok := r.MachineValue(); ok {
		cands = append(cands, cand{v, b})
	}
	for i, c := range cands {
		for _, o := range cands[:i] {
			if !Consistent(c.v, c.b, o.v, o.b) {
				r.Disagree = true
			}
		}
	}
	// The value at its edge: what the policies see.
	var v any
	b := BoundExact
	for i, c := range cands {
		if i == 0 {
			v, b = c.v, c.b
			continue
		}
		v, b = Weaker(path, v, b, c.v, c.b)
	}
	if n, ok := v.(int); ok {
		v = Edge(n, b)
	}
	r.Value = v
	return r
}

// documents lists the documents a set was read from.
func (ev *Evidence) documents() []*Evidence {
	if len(ev.parts) == 0 {
		return []*Evidence{ev}
	}
	var out []*Evidence
	for _, p := range ev.parts {
		out = append(out, p.documents()...)
	}
	return out
}

// CheckProvenance checks what one document cannot show alone: that no
// fact was declared or collected after today, and, when the set lists
// its in-scope hosts (scope.hosts), that every machine source describes
// one of them.
func (ev *Evidence) CheckProvenance(today time.Time) InputErrors {
	var errs InputErrors
	at := func(doc *Evidence, field, format string, args ...any) {
		pos := doc.Position(field)
		errs = append(errs, &InputError{File: pos.File, Line: pos.Line, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	end := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
	var hosts []string
	if ev.Scope != nil {
		hosts = ev.Scope.Hosts
	}
	for _, doc := range ev.documents() {
		p := doc.Provenance
		if p == nil {
			continue
		}
		if p.Declared != nil && !p.Declared.Date.Before(end) {
			at(doc, "provenance.declared.date", "date %s is in the future", p.Declared.Date)
		}
		for _, path := range slices.Sorted(mapKeys(p.Facts)) {
			if d := p.Facts[path].Declared; d != nil && !d.Date.Before(end) {
				at(doc, "provenance.facts."+path+".declared.date", "date %s is in the future", d.Date)
			}
		}
		for i, s := range p.Sources {
			f := "provenance.sources[" + strconv.Itoa(i) + "]"
			if !s.Collected.Before(end) {
				at(doc, f+".collected", "%s is in the future", s.Collected.Format(time.RFC3339))
			}
			if s.Host != "" && len(hosts) > 0 && !slices.ContainsFunc(hosts, func(h string) bool { return strings.EqualFold(h, s.Host) }) {
				at(doc, f+".host", "host %q is not in scope (scope.hosts): add it there, or leave its export out", s.Host)
			}
		}
	}
	return errs
}

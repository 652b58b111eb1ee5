package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/mamori-dev/mamori/engine"
	"go.yaml.in/yaml/v3"
)

// A requirement's Cybersecurity Framework placement follows its SP 800-53
// source controls (Appendix D, carried to Rev 5 as mapRev4 does, whether
// or not the control is in the moderate baseline) through NIST's
// published mappings, in this order:
//
// CSF 1.1: the CSF 1.1 to SP 800-53 Rev 5 mapping; where it names none of
// the controls, the CSF 1.1 Framework Core's own SP 800-53 Rev 4
// references (transcribed in gen/csf/supplement.yaml); else a rationale.
//
// CSF 2.0: OLIR 186, NIST's CSF 2.0 informative reference to SP 800-53
// Rev 5.2.0 (controls and whole families); where it names none, the CSF
// 1.1 subcategories carried to CSF 2.0 by the withdrawal links of the CSF
// 2.0 core; else a rationale.
//
// A control enhancement that a mapping does not name is looked up by its
// base control: the CSF 1.1 core maps to the control level only, and
// both other mappings mostly do.
const (
	basisCSF11Map  = "csf-1.1-sp800-53r5"
	basisCSF11Core = "csf-1.1-core"
	basisOLIR186   = "olir-186"
	basisViaCSF11  = "via-csf-1.1"
)

// csfTables is gen/csf/nist-csf-sp800-53.yaml (written by gen/csfmap).
type csfTables struct {
	Sources map[string]struct {
		Title string `yaml:"title"`
		URL   string `yaml:"url"`
	} `yaml:"sources"`
	CSF11         map[string][]string `yaml:"csf_1_1"`
	CSF20         map[string][]string `yaml:"csf_2_0"`
	CSF20Families map[string][]string `yaml:"csf_2_0_families"`
	CSF11To20     map[string][]string `yaml:"csf_1_1_to_2_0"`
}

// csfSupplement is gen/csf/supplement.yaml.
type csfSupplement struct {
	Core map[string]struct {
		Subcategories []string `yaml:"subcategories"`
		Printed       string   `yaml:"printed"`
	} `yaml:"csf_1_1_core"`
	Rationale map[string]map[string]struct {
		Functions []string `yaml:"functions"`
		Text      string   `yaml:"text"`
	} `yaml:"rationale"`
}

type csfData struct {
	tables csfTables
	supp   csfSupplement
	used   map[string]bool // rationale entries used, "3.1.22 1.1"
}

func readCSF(dir string) (*csfData, error) {
	d := &csfData{used: map[string]bool{}}
	for name, v := range map[string]any{"nist-csf-sp800-53.yaml": &d.tables, "supplement.yaml": &d.supp} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		dec := yaml.NewDecoder(bytes.NewReader(b))
		if name == "supplement.yaml" {
			dec.KnownFields(true)
		}
		if err := dec.Decode(v); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	for _, k := range []string{"csf_1_1", "csf_2_0", "csf_2_0_core"} {
		if d.tables.Sources[k].URL == "" {
			return nil, fmt.Errorf("nist-csf-sp800-53.yaml: source %s has no URL", k)
		}
	}
	return d, nil
}

// csfInfo is the catalogue's csf block: CSF 2.0 shown, and what each
// basis stands for.
func (d *csfData) csfInfo() *engine.CSFInfo {
	src := func(k string) string {
		s := d.tables.Sources[k]
		return s.Title + ", " + s.URL
	}
	return &engine.CSFInfo{
		Shown: engine.CSF20,
		Sources: map[string]string{
			basisCSF11Map:  "CSF 1.1 subcategories whose SP 800-53 Rev. 5 controls include the requirement's source controls (Appendix D, carried to Rev. 5): " + src("csf_1_1"),
			basisCSF11Core: "CSF 1.1 subcategories whose Framework Core informative references list the requirement's SP 800-53 Rev. 4 source controls, where the Rev. 5 mapping names none of them: NIST, Framework for Improving Critical Infrastructure Cybersecurity, Version 1.1 (2018), Appendix A, Table 2, https://doi.org/10.6028/NIST.CSWP.04162018",
			basisOLIR186:   "CSF 2.0 subcategories and categories that NIST's CSF 2.0 informative reference to SP 800-53 relates to the requirement's source controls or their families: " + src("csf_2_0"),
			basisViaCSF11:  "CSF 2.0 subcategories that the CSF 1.1 placement became, where OLIR 186 names none of the source controls: " + src("csf_2_0_core"),
		},
	}
}

// place returns a requirement's CSF 1.1 and 2.0 placements. rev4 are its
// Appendix D controls as published, rev5 the same carried to Rev 5.
func (d *csfData) place(id string, rev4, rev5 []string) (map[string]engine.CSFPlacement, error) {
	out := map[string]engine.CSFPlacement{}
	lookup := func(table map[string][]string, c string) []string {
		if v := table[c]; len(v) > 0 {
			return v
		}
		base, _, ok := strings.Cut(c, "(")
		if ok {
			return table[base]
		}
		return nil
	}
	var s11 []string
	for _, c := range rev5 {
		s11 = append(s11, lookup(d.tables.CSF11, c)...)
	}
	basis := basisCSF11Map
	if len(s11) == 0 {
		basis = basisCSF11Core
		for _, c := range rev4 {
			base, _, _ := strings.Cut(c, "(")
			family, _, _ := strings.Cut(c, "-")
			for _, k := range []string{base, family} {
				s11 = append(s11, d.supp.Core[k].Subcategories...)
			}
		}
	}
	p, err := d.placement(id, engine.CSF11, basis, s11)
	if err != nil {
		return nil, err
	}
	out[engine.CSF11] = p

	var s20 []string
	for _, c := range rev5 {
		s20 = append(s20, lookup(d.tables.CSF20, c)...)
		family, _, _ := strings.Cut(c, "-")
		s20 = append(s20, d.tables.CSF20Families[family]...)
	}
	basis = basisOLIR186
	if len(s20) == 0 {
		basis = basisViaCSF11
		for _, s := range s11 {
			to, ok := d.tables.CSF11To20[s]
			if !ok {
				return nil, fmt.Errorf("requirement %s: CSF 1.1 %s is not in csf_1_1_to_2_0", id, s)
			}
			s20 = append(s20, to...)
		}
	}
	if p, err = d.placement(id, engine.CSF20, basis, s20); err != nil {
		return nil, err
	}
	out[engine.CSF20] = p
	return out, nil
}

// placement turns subcategories into a placement, or takes the
// rationale when there are none. A rationale for a requirement that a
// mapping places is an error: the mapping decides.
func (d *csfData) placement(id, version, basis string, subs []string) (engine.CSFPlacement, error) {
	r, hasRationale := d.supp.Rationale[id][version]
	if len(subs) == 0 {
		if !hasRationale || r.Text == "" {
			return engine.CSFPlacement{}, fmt.Errorf("requirement %s: no mapping places it in CSF %s and gen/csf/supplement.yaml gives no rationale", id, version)
		}
		d.used[id+" "+version] = true
		fns := ordered(version, r.Functions)
		if len(fns) == 0 || len(fns) != len(r.Functions) {
			return engine.CSFPlacement{}, fmt.Errorf("requirement %s: rationale functions %v, want distinct CSF %s functions", id, r.Functions, version)
		}
		return engine.CSFPlacement{Functions: fns, Basis: engine.CSFBasisRationale, Rationale: strings.TrimSpace(r.Text)}, nil
	}
	if hasRationale {
		return engine.CSFPlacement{}, fmt.Errorf("requirement %s: %s places it in CSF %s; drop its rationale", id, basis, version)
	}
	subs = slices.Compact(slices.Sorted(slices.Values(subs)))
	var fns []string
	for _, s := range subs {
		fn, ok := csfPrefix[strings.SplitN(s, ".", 2)[0]]
		if !ok {
			return engine.CSFPlacement{}, fmt.Errorf("requirement %s: CSF %s element %q has no known function", id, version, s)
		}
		fns = append(fns, fn)
	}
	return engine.CSFPlacement{Functions: ordered(version, fns), Subcategories: subs, Basis: basis}, nil
}

// unused reports rationale entries for requirements that do not exist.
func (d *csfData) unused() error {
	var bad []string
	for id, byVersion := range d.supp.Rationale {
		for v := range byVersion {
			if !d.used[id+" "+v] {
				bad = append(bad, id+" CSF "+v)
			}
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		return fmt.Errorf("gen/csf/supplement.yaml: rationale for no requirement: %s", strings.Join(bad, ", "))
	}
	return nil
}

var csfPrefix = map[string]string{"GV": "govern", "ID": "identify", "PR": "protect", "DE": "detect", "RS": "respond", "RC": "recover"}

// ordered returns the distinct functions in the version's order.
func ordered(version string, fns []string) []string {
	var out []string
	for _, f := range engine.CSFFunctions[version] {
		if slices.Contains(fns, f) {
			out = append(out, f)
		}
	}
	return out
}

// rev5Controls carries Appendix D's Rev 4 controls to Rev 5, dropping
// those withdrawn without a successor, keeping the order.
func rev5Controls(rev4 []string, rev5 map[string]rev5Entry) []string {
	var out []string
	for _, c := range rev4 {
		id := c
		if e := rev5[c]; e.withdrawn {
			id = e.to
		}
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

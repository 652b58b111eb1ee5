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

	"go.yaml.in/yaml/v3"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// An Overlay is Japanese text laid over an imported catalogue: the
// title, statement and discussion of some of its requirements (for the
// SP 800-53 baseline, its controls), read from a directory with one file
// per family ("ac.yaml") and, optionally, "catalog.yaml" for the
// catalogue's own title, notes and family titles:
//
//	controls:
//	  - id: AC-2
//	    title: アカウント管理
//	    statement: |-
//	      a. ...
//	        1. ...
//	    discussion: |-
//	      ...
//
// The statement keeps the English rendering's lines: the same item
// labels ("a.", "1.", "(a)") in the same order and nesting, and on each
// line the same parameters ("［割当て：…］" for "[Assignment: …]",
// "［選択：…］" and "［選択（一つ以上）：…］" for the selections) and
// control references. The discussion keeps its paragraphs, each with the
// same control references. Apply checks all of this, so a file that
// drops an item, a parameter or a paragraph is refused rather than
// shown beside the English as its translation.
type Overlay struct {
	Catalog  *OverlayCatalog
	Controls []OverlayControl
}

// OverlayCatalog is the catalogue-level text of an overlay
// (catalog.yaml).
type OverlayCatalog struct {
	// Title is the catalogue's title in Japanese.
	Title string `yaml:"title"`
	// Families are the families' titles in Japanese, by family ID.
	Families map[string]string `yaml:"families"`
	// Notes replace the catalogue's notes.
	Notes Text `yaml:"notes"`
	// Translation is the note recorded with the Japanese text's status
	// (which is always "unofficial": the text is the project's own).
	Translation string `yaml:"translation"`

	file string
}

// OverlayControl is the Japanese text of one requirement.
type OverlayControl struct {
	ID         string `yaml:"id"`
	Title      string `yaml:"title"`
	Statement  string `yaml:"statement"`
	Discussion string `yaml:"discussion"`

	// File and Line say where the entry was read (not serialised).
	File string `yaml:"-"`
	Line int    `yaml:"-"`
}

// overlayCatalogFile is the reserved name of the catalogue-level file.
const overlayCatalogFile = "catalog.yaml"

type overlayFile struct {
	Controls []OverlayControl `yaml:"controls"`
}

// ReadOverlay reads every *.yaml file at the top of fsys. An empty
// directory is an empty overlay: families are translated one at a time.
// Each file is decoded strictly (unknown fields and duplicate keys are
// errors naming file and line).
func ReadOverlay(fsys fs.FS) (*Overlay, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	ov := &Overlay{}
	for _, n := range names {
		b, err := evidence.ReadFileFS(fsys, n, catalogLimit)
		if err != nil {
			return nil, err
		}
		if n == overlayCatalogFile {
			var oc OverlayCatalog
			if err := evidence.Decode(n, b, &oc); err != nil {
				return nil, err
			}
			oc.file = n
			ov.Catalog = &oc
			continue
		}
		var f overlayFile
		if err := evidence.Decode(n, b, &f); err != nil {
			return nil, err
		}
		lines := entryLines(b)
		for i := range f.Controls {
			f.Controls[i].File = n
			if i < len(lines) {
				f.Controls[i].Line = lines[i]
			}
		}
		ov.Controls = append(ov.Controls, f.Controls...)
	}
	return ov, nil
}

func familyByID(c *Catalog, id string) *Family {
	for i := range c.Families {
		if c.Families[i].ID == id {
			return &c.Families[i]
		}
	}
	return nil
}

// entryLines returns the line of each item of the top-level "controls"
// list.
func entryLines(b []byte) []int {
	var root yaml.Node
	if yaml.Unmarshal(b, &root) != nil || len(root.Content) == 0 {
		return nil
	}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "controls" {
			var out []int
			for _, c := range m.Content[i+1].Content {
				out = append(out, c.Line)
			}
			return out
		}
	}
	return nil
}

// Apply checks the overlay against c's English text and lays it over
// c: each entry's title, statement and discussion become the Japanese
// text of the requirement it names, and the catalogue records the
// Japanese as the project's unofficial translation. Every problem is
// reported (as evidence.InputErrors naming file and line); on any, c is left
// unchanged.
func (ov *Overlay) Apply(c *Catalog) error {
	if c.byID == nil {
		c.index()
	}
	var errs evidence.InputErrors
	bad := func(e *OverlayControl, field, format string, args ...any) {
		errs = append(errs, &evidence.InputError{File: e.File, Line: e.Line, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	seen := map[string]*OverlayControl{}
	for i := range ov.Controls {
		e := &ov.Controls[i]
		where := e.ID
		if where == "" {
			bad(e, "id", "missing")
			continue
		}
		r, ok := c.Requirement(e.ID)
		if !ok {
			bad(e, "id", "unknown control %q in %s", e.ID, c.ID)
			continue
		}
		if prev, dup := seen[e.ID]; dup {
			bad(e, where, "given twice (also at %s:%d)", prev.File, prev.Line)
			continue
		}
		seen[e.ID] = e
		if f := r.Family(); f != nil && !strings.EqualFold(strings.TrimSuffix(path.Base(e.File), ".yaml"), f.ID) {
			bad(e, where, "belongs in %s.yaml (family %s)", strings.ToLower(f.ID), f.ID)
		}
		if r.Withdrawn {
			bad(e, where, "is withdrawn; it has no text to translate")
			continue
		}
		if strings.TrimSpace(e.Title) == "" {
			bad(e, where+".title", "missing")
		}
		for _, p := range checkStatement(r.Text.EN, e.Statement) {
			bad(e, where+".statement", "%s", p)
		}
		for _, p := range checkDiscussion(r.Discussion.EN, e.Discussion) {
			bad(e, where+".discussion", "%s", p)
		}
	}
	if oc := ov.Catalog; oc != nil {
		if strings.TrimSpace(oc.Title) == "" {
			errs = append(errs, &evidence.InputError{File: oc.file, Field: "title", Msg: "missing"})
		}
		for _, id := range slices.Sorted(maps.Keys(oc.Families)) {
			if familyByID(c, id) == nil {
				errs = append(errs, &evidence.InputError{File: oc.file, Field: "families." + id, Msg: fmt.Sprintf("unknown family %q in %s", id, c.ID)})
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	for _, e := range ov.Controls {
		r, _ := c.Requirement(e.ID)
		r.Title.JA = e.Title
		r.Text.JA = e.Statement
		r.Discussion.JA = e.Discussion
	}
	if oc := ov.Catalog; oc != nil {
		c.Title.JA = oc.Title
		for id, t := range oc.Families {
			familyByID(c, id).Title.JA = t
		}
		if oc.Notes != (Text{}) {
			c.Notes = oc.Notes
		}
	}
	if len(ov.Controls) > 0 || ov.Catalog != nil {
		t := Translation{Lang: LangJA, Status: "unofficial"}
		if ov.Catalog != nil {
			t.Note = ov.Catalog.Translation
		}
		c.Translations = slices.DeleteFunc(c.Translations, func(t Translation) bool { return t.Lang == LangJA })
		c.Translations = append(c.Translations, t)
	}
	return nil
}

var (
	// itemLabelRE matches a statement line's indent and item label as
	// mamori renders them: "a.", "1.", "(a)", "(1)".
	itemLabelRE = regexp.MustCompile(`^( *)((?:[a-z]{1,2}|[0-9]{1,2})\.|\((?:[a-z]{1,2}|[0-9]{1,2})\))(?: |$)`)
	// controlRefRE matches an SP 800-53 control reference: "AC-2",
	// "SI-4(4)".
	controlRefRE = regexp.MustCompile(`\b[A-Z]{2}-[0-9]+(?:\([0-9]+\))?`)
)

// Parameter placeholders in English and their Japanese form.
var paramForms = []struct{ en, ja string }{
	{"[Assignment:", "［割当て："},
	{"[Selection (one or more):", "［選択（一つ以上）："},
	{"[Selection:", "［選択："},
}

// checkStatement compares a translated statement with the English
// rendering line by line.
func checkStatement(en, ja string) []string {
	if strings.TrimSpace(ja) == "" {
		return []string{"missing"}
	}
	el, jl := strings.Split(en, "\n"), strings.Split(strings.TrimRight(ja, "\n"), "\n")
	var out []string
	if len(el) != len(jl) {
		out = append(out, fmt.Sprintf("%d lines, want %d as in the English (%s)", len(jl), len(el), skeleton(el)))
	}
	for i := range min(len(el), len(jl)) {
		ei, ji := lineLabel(el[i]), lineLabel(jl[i])
		if ei != ji {
			out = append(out, fmt.Sprintf("line %d: item %s, want %s as in the English", i+1, showLabel(ji), showLabel(ei)))
			continue
		}
		out = append(out, sameMarks(fmt.Sprintf("line %d (%s)", i+1, showLabel(ei)), el[i], jl[i])...)
	}
	return out
}

// checkDiscussion compares a translated discussion with the English,
// paragraph by paragraph.
func checkDiscussion(en, ja string) []string {
	switch {
	case strings.TrimSpace(en) == "" && strings.TrimSpace(ja) == "":
		return nil
	case strings.TrimSpace(ja) == "":
		return []string{"missing"}
	case strings.TrimSpace(en) == "":
		return []string{"the English has no discussion"}
	}
	ep, jp := strings.Split(en, "\n\n"), strings.Split(strings.TrimSpace(ja), "\n\n")
	if len(ep) != len(jp) {
		return []string{fmt.Sprintf("%d paragraphs, want %d as in the English", len(jp), len(ep))}
	}
	var out []string
	for i := range ep {
		out = append(out, sameMarks(fmt.Sprintf("paragraph %d", i+1), ep[i], jp[i])...)
	}
	return out
}

// sameMarks reports the parameters and control references that a
// translated line or paragraph does not carry as its English does.
func sameMarks(where, en, ja string) []string {
	var out []string
	for _, f := range paramForms {
		if ne, nj := strings.Count(en, f.en), strings.Count(ja, f.ja); ne != nj {
			out = append(out, fmt.Sprintf("%s: %d %q, want %d as the English has %q", where, nj, f.ja, ne, f.en))
		}
	}
	if er, jr := refSet(en), refSet(ja); !slices.Equal(er, jr) {
		out = append(out, fmt.Sprintf("%s: control references %s, want %s as in the English", where, showRefs(jr), showRefs(er)))
	}
	return out
}

// lineLabel is a statement line's indent and label ("  1."), or its
// indent alone for prose and continuation lines.
func lineLabel(l string) string {
	if m := itemLabelRE.FindStringSubmatch(l); m != nil {
		return m[1] + m[2]
	}
	return strings.Repeat(" ", len(l)-len(strings.TrimLeft(l, " ")))
}

func showLabel(l string) string {
	if strings.TrimSpace(l) == "" {
		return fmt.Sprintf("(text at indent %d)", len(l))
	}
	return fmt.Sprintf("%q", l)
}

// skeleton lists the labels of a statement's lines: "a. 1. 2. b.".
func skeleton(lines []string) string {
	var ls []string
	for _, l := range lines {
		if s := strings.TrimSpace(lineLabel(l)); s != "" {
			ls = append(ls, s)
		} else {
			ls = append(ls, "…")
		}
	}
	return strings.Join(ls, " ")
}

func refSet(s string) []string {
	refs := controlRefRE.FindAllString(s, -1)
	slices.Sort(refs)
	return slices.Compact(refs)
}

func showRefs(refs []string) string {
	if len(refs) == 0 {
		return "none"
	}
	return strings.Join(refs, ", ")
}

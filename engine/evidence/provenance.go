package evidence

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Sources of facts.
const (
	// SourceDeclared: a person typed the fact.
	SourceDeclared = "declared"
	// SourceCollected: an importer or the collector read it from a
	// machine's own export.
	SourceCollected = "collected"
)

// Importers are the programs that turn machines' exports into facts
// (engine/collect): the value of a machine source's importer.
var Importers = []string{"openscap", "windows", "m365", "scubagear", "linux"}

// Provenance says where a document's facts come from. A document without
// it, or a fact it says nothing about, is declared: by Declared when it
// is given, else by the assessment's assessor on the assessment's date.
type Provenance struct {
	// Declared is the person who typed this document's facts, and when.
	Declared *Declaration `yaml:"declared,omitempty" json:"declared,omitempty"`
	// Sources are the machines' exports this document's collected facts
	// rest on: one host or tenant read by one importer at one time.
	Sources []MachineSource `yaml:"sources,omitempty" json:"sources,omitempty"`
	// Facts gives the source of single facts, by fact path
	// ("crypto.full_disk_encryption"), overriding Declared.
	Facts map[string]FactProvenance `yaml:"facts,omitempty" json:"facts,omitempty"`
}

// Declaration names the person who typed facts and the date they did.
type Declaration struct {
	By   string `yaml:"by" json:"by"`
	Role string `yaml:"role,omitempty" json:"role,omitempty"`
	Date Date   `yaml:"date" json:"date"`
}

// MachineSource is one host's or tenant's export, as one importer read
// it.
type MachineSource struct {
	// ID names the source within its document; sightings refer to it.
	ID string `yaml:"id" json:"id"`
	// Importer is the mamori importer or collector that read the export
	// (one of Importers), and ImporterVersion its version.
	Importer        string `yaml:"importer" json:"importer"`
	ImporterVersion string `yaml:"importer_version,omitempty" json:"importer_version,omitempty"`
	// Tool is the program that produced the export ("oscap",
	// "secedit, auditpol, PowerShell"), ToolVersion its version as it
	// said, Content the rules it evaluated, if any.
	Tool        string `yaml:"tool" json:"tool"`
	ToolVersion string `yaml:"tool_version,omitempty" json:"tool_version,omitempty"`
	Content     string `yaml:"content,omitempty" json:"content,omitempty"`
	// Host or Tenant is the machine described: exactly one is given.
	Host   string `yaml:"host,omitempty" json:"host,omitempty"`
	Tenant string `yaml:"tenant,omitempty" json:"tenant,omitempty"`
	// Collected is when the export was made (UTC).
	Collected time.Time `yaml:"collected" json:"collected"`
	// Inputs are the raw files and commands read, with their SHA-256.
	Inputs []InputDigest `yaml:"inputs" json:"inputs"`
}

// Subject is the host or tenant the source describes.
func (m *MachineSource) Subject() string {
	if m.Host != "" {
		return m.Host
	}
	return m.Tenant
}

// SubjectKind is "host" or "tenant".
func (m *MachineSource) SubjectKind() string {
	if m.Host != "" {
		return "host"
	}
	return "tenant"
}

// InputDigest is one raw input of a machine source.
type InputDigest struct {
	Name string `yaml:"name" json:"name"`
	// Kind is "file", "directory" (a listing of names), "command", or
	// "absent" (looked for and not there).
	Kind   string `yaml:"kind" json:"kind"`
	SHA256 string `yaml:"sha256" json:"sha256"`
}

// InputKinds are the kinds of raw input.
var InputKinds = []string{"file", "directory", "command", "absent"}

// FactProvenance is where one fact comes from: a declaration, the
// machines that report it, or both when they agree.
type FactProvenance struct {
	Declared  *Declaration `yaml:"declared,omitempty" json:"declared,omitempty"`
	Collected []Sighting   `yaml:"collected,omitempty" json:"collected,omitempty"`
}

// Sighting is one machine source's value of a fact.
type Sighting struct {
	// Source is the ID of a machine source of the same document.
	Source string `yaml:"source" json:"source"`
	// Value has the fact's type.
	Value any `yaml:"value" json:"value"`
	// Bound is given when the source says only that an integer is within
	// or outside a limit (at_most, at_least, more_than, less_than).
	Bound string `yaml:"bound,omitempty" json:"bound,omitempty"`
	// Basis is what the value rests on: the input, line, rule or setting
	// and the raw value ("PC-07/bitlocker.json: C: = OperatingSystem,
	// FullyDecrypted, protection Off").
	Basis []string `yaml:"basis,omitempty" json:"basis,omitempty"`
}

// checkProvenance checks a document's provenance block against its facts:
// every fact named exists and is given, every sighting names a source
// of the document and has the fact's type, and a collected fact's value
// is the weakest its sightings give. It normalises sighting values to
// the facts' Go types.
func checkProvenance(ev *Evidence) error {
	p := ev.Provenance
	if p == nil {
		return nil
	}
	var errs InputErrors
	at := func(field, format string, args ...any) {
		pos := ev.Position(field)
		errs = append(errs, &InputError{File: pos.File, Line: pos.Line, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	checkDecl := func(field string, d *Declaration) {
		if strings.TrimSpace(d.By) == "" {
			at(field+".by", "required: the person who typed the facts")
		}
		if d.Date.IsZero() {
			at(field+".date", "required: the date the facts were typed (YYYY-MM-DD)")
		}
	}
	if p.Declared != nil {
		checkDecl("provenance.declared", p.Declared)
	}
	ids := map[string]bool{}
	for i := range p.Sources {
		s := &p.Sources[i]
		f := fmt.Sprintf("provenance.sources[%d]", i)
		switch {
		case s.ID == "":
			at(f+".id", "required: an ID that collected facts refer to")
		case ids[s.ID]:
			at(f+".id", "duplicate source %q", s.ID)
		}
		ids[s.ID] = true
		if !slices.Contains(Importers, s.Importer) {
			at(f+".importer", "expected one of %s, got %q", strings.Join(Importers, ", "), s.Importer)
		}
		if strings.TrimSpace(s.Tool) == "" {
			at(f+".tool", "required: the program that made the export")
		}
		if (s.Host == "") == (s.Tenant == "") {
			at(f, "expected exactly one of host and tenant")
		}
		if s.Collected.IsZero() {
			at(f+".collected", "required: when the export was made (RFC 3339, UTC)")
		}
		if len(s.Inputs) == 0 {
			at(f+".inputs", "required: the raw inputs read, with their SHA-256")
		}
		for j, in := range s.Inputs {
			g := fmt.Sprintf("%s.inputs[%d]", f, j)
			if in.Name == "" {
				at(g+".name", "required")
			}
			if !slices.Contains(InputKinds, in.Kind) {
				at(g+".kind", "expected one of %s, got %q", strings.Join(InputKinds, ", "), in.Kind)
			}
			if !IsSHA256Hex(in.SHA256) {
				at(g+".sha256", "expected 64 lowercase hex digits, got %q", in.SHA256)
			}
		}
	}
	for _, path := range slices.Sorted(mapKeys(p.Facts)) {
		fp := p.Facts[path]
		field := "provenance.facts." + path
		if factType(path) == nil {
			at(field, "unknown fact %q", path)
			continue
		}
		given, ok := ev.Facts.Value(path)
		if !ok {
			at(field, "the document gives no fact %s (facts.%s)", path, path)
			continue
		}
		if fp.Declared == nil && len(fp.Collected) == 0 {
			at(field, "expected declared or collected")
			continue
		}
		if fp.Declared != nil {
			checkDecl(field+".declared", fp.Declared)
		}
		if len(fp.Collected) == 0 {
			continue
		}
		if factType(path).Kind() == reflect.Slice {
			at(field+".collected", "%s is a list: it can only be declared", path)
			continue
		}
		seen := map[string]bool{}
		bad := false
		for i := range fp.Collected {
			sg := &fp.Collected[i]
			f := fmt.Sprintf("%s.collected[%d]", field, i)
			if !ids[sg.Source] {
				at(f+".source", "unknown source %q (declare it under provenance.sources)", sg.Source)
				bad = true
			} else if seen[sg.Source] {
				at(f+".source", "source %q gives %s twice", sg.Source, path)
				bad = true
			}
			seen[sg.Source] = true
			v, err := normaliseValue(path, sg.Value)
			if err != nil {
				at(f+".value", "%v", err)
				bad = true
				continue
			}
			sg.Value = v
			if sg.Bound != BoundExact {
				if _, isInt := v.(int); !isInt || !slices.Contains(Bounds, sg.Bound) {
					at(f+".bound", "expected one of %s for an integer fact, got %q", strings.Join(Bounds, ", "), sg.Bound)
					bad = true
				}
			}
		}
		if bad {
			continue
		}
		if want := p.collectedValue(path); !reflect.DeepEqual(given, want) {
			at("facts."+path, "%v, but the value its collected sources give is %v (provenance.facts.%s): a collected fact holds only as far as it holds on every host", show(given), show(want), path)
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// collectedValue is the value the document's sightings of the fact at
// path give the organisation, by the rule of FactRecord (sightings must
// be valid).
func (p *Provenance) collectedValue(path string) any {
	sources := make(map[string]*MachineSource, len(p.Sources))
	for i := range p.Sources {
		sources[p.Sources[i].ID] = &p.Sources[i]
	}
	var cvs []CollectedValue
	for _, sg := range p.Facts[path].Collected {
		cvs = append(cvs, CollectedValue{Value: sg.Value, Bound: sg.Bound, Source: sources[sg.Source]})
	}
	return resolve(path, &entries{collected: cvs}).Value
}

// CollectedFacts sets, in facts, every fact the provenance's sightings
// give, at the value they give the organisation: what a document
// written by an importer says in its facts section.
func (p *Provenance) CollectedFacts(facts *Facts) error {
	for _, path := range slices.Sorted(mapKeys(p.Facts)) {
		if len(p.Facts[path].Collected) == 0 {
			continue
		}
		if err := facts.Set(path, p.collectedValue(path)); err != nil {
			return err
		}
	}
	return nil
}

// normaliseValue converts a sighting's decoded value to the Go type of
// the fact at path: YAML and JSON give whole numbers as int or float64,
// and YAML an unquoted date as a time.Time.
func normaliseValue(path string, v any) (any, error) {
	t := factType(path)
	want := FactKind(path)
	switch x := v.(type) {
	case nil:
		return nil, fmt.Errorf("required: the value the source gives (%s)", want)
	case bool:
		if t.Kind() == reflect.Bool {
			return x, nil
		}
	case int:
		switch {
		case t.Kind() == reflect.Int:
			return x, nil
		case t.Kind() == reflect.Float64:
			return float64(x), nil
		}
	case float64:
		switch {
		case t.Kind() == reflect.Float64 && !math.IsInf(x, 0) && !math.IsNaN(x):
			return x, nil
		case t.Kind() == reflect.Int && x == math.Trunc(x) && math.Abs(x) < 1<<53:
			return int(x), nil
		}
	case string:
		switch {
		case t == dateType:
			d, err := ParseDate(x)
			if err != nil {
				return nil, err
			}
			return d, nil
		case t.Kind() == reflect.String:
			if o := OrderOf(path); len(o.Values) > 0 && !slices.Contains(o.Values, x) {
				return nil, fmt.Errorf("expected one of %s, got %q", strings.Join(o.Values, ", "), x)
			}
			return x, nil
		}
	case time.Time:
		if t == dateType {
			return Date{time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC)}, nil
		}
	}
	return nil, fmt.Errorf("expected %s, got %s", withArticle(want), show(v))
}

func withArticle(kind string) string {
	switch kind {
	case "integer":
		return "an integer"
	case "boolean":
		return "true or false"
	}
	return "a " + kind
}

// show writes a fact value as a person would type it.
func show(v any) string {
	switch x := v.(type) {
	case nil:
		return "nothing"
	case string:
		return fmt.Sprintf("%q", x)
	case Date:
		return x.String()
	case time.Time:
		return x.Format(time.RFC3339)
	}
	return fmt.Sprint(v)
}

// ShowValue writes a fact value as the evidence would: true, 5, 2026-10-01,
// blocked; a list of modules by their names.
func ShowValue(v any) string {
	switch x := v.(type) {
	case Date:
		return x.String()
	case []CryptoModule:
		names := make([]string, len(x))
		for i, m := range x {
			names[i] = m.Name
		}
		return strings.Join(names, ", ")
	}
	return fmt.Sprint(v)
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// FactsDocument is an evidence document that holds only facts and their
// provenance, as `mamori facts import` writes it.
type FactsDocument struct {
	Schema     string      `yaml:"mamori" json:"mamori"`
	Facts      *Facts      `yaml:"facts,omitempty" json:"facts,omitempty"`
	Provenance *Provenance `yaml:"provenance,omitempty" json:"provenance,omitempty"`
}

// Encode writes the document in format (YAML with a comment line on top,
// or indented JSON).
func (d *FactsDocument) Encode(w io.Writer, format Format, comment string) error {
	if format == FormatJSON {
		e := json.NewEncoder(w)
		e.SetIndent("", "  ")
		e.SetEscapeHTML(false)
		return e.Encode(d)
	}
	if comment != "" {
		for _, l := range strings.Split(comment, "\n") {
			if _, err := fmt.Fprintf(w, "# %s\n", l); err != nil {
				return err
			}
		}
	}
	e := yaml.NewEncoder(w)
	e.SetIndent(2)
	if err := e.Encode(d); err != nil {
		return err
	}
	return e.Close()
}

// MarshalYAML writes an input on one line: sources list many. The node
// is built directly, for speed: a thousand hosts' imports hold tens of
// thousands of them.
func (in InputDigest) MarshalYAML() (any, error) {
	return flowMap("name", str(in.Name), "kind", str(in.Kind), "sha256", str(in.SHA256)), nil
}

// MarshalYAML writes a sighting on one line: facts list one per host.
func (s Sighting) MarshalYAML() (any, error) {
	v, err := scalar(s.Value)
	if err != nil {
		return nil, err
	}
	kv := []any{"source", str(s.Source), "value", v}
	if s.Bound != "" {
		kv = append(kv, "bound", str(s.Bound))
	}
	if len(s.Basis) > 0 {
		seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
		for _, b := range s.Basis {
			seq.Content = append(seq.Content, str(b))
		}
		kv = append(kv, "basis", seq)
	}
	return flowMap(kv...), nil
}

// flowMap makes a flow-style mapping of key, node pairs.
func flowMap(kv ...any) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle}
	for i := 0; i+1 < len(kv); i += 2 {
		n.Content = append(n.Content, str(kv[i].(string)), kv[i+1].(*yaml.Node))
	}
	return n
}

// str is a string scalar; the emitter quotes it when it would read as
// another type.
func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// scalar is a fact value as a scalar node.
func scalar(v any) (*yaml.Node, error) {
	switch x := v.(type) {
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(x)}, nil
	case int:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(x)}, nil
	case float64:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: strconv.FormatFloat(x, 'g', -1, 64)}, nil
	case string:
		return str(x), nil
	case Date:
		return str(x.String()), nil
	}
	return nil, fmt.Errorf("a fact value of type %T cannot be written", v)
}

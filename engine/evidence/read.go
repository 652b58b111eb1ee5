package evidence

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Exts are the file extensions read as evidence documents.
var Exts = []string{".yaml", ".yml", ".json"}

// ExpandPaths turns files and directories into the list of
// evidence files to read: a directory contributes its *.yaml, *.yml and
// *.json files (not recursively), in name order, except those marked as
// another kind of mamori document.
func ExpandPaths(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("read evidence: %w", err)
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		ents, err := os.ReadDir(p)
		if err != nil {
			return nil, fmt.Errorf("read evidence: %w", err)
		}
		n := len(out)
		for _, e := range ents {
			if e.IsDir() || !slices.Contains(Exts, strings.ToLower(filepath.Ext(e.Name()))) {
				continue
			}
			out = append(out, filepath.Join(p, e.Name()))
		}
		if len(out) == n {
			return nil, fmt.Errorf("read evidence: %s holds no evidence files (%s)", p, strings.Join(Exts, ", "))
		}
	}
	return out, nil
}

// otherKinds are the other mamori documents that may sit beside
// evidence in a directory: an example's expected result, a verdict, a
// registry, a supply chain and its report, a site checklist. Any other
// value of the "mamori" key is an error, never skipped: a typo or a
// future evidence version must not make a file disappear from a set.
var otherKinds = map[string]bool{
	"example/v1": true, "verdict/v1": true, "registry/v1": true,
	"supply-chain/v1": true, "supply-chain-report/v1": true, "checklist/v1": true,
}

// ErrOtherKind marks a file that is another kind of mamori document
// (an example's expected result, a verdict): reading a directory skips it.
var ErrOtherKind = errors.New("another kind of mamori document")

// Parse decodes one evidence document, in the format FormatOf gives for
// its name: JSON through encoding/json, YAML through yaml.v3, both
// strictly (see Decode). It checks the document's form only;
// engine.CheckEvidence checks it against the catalogue.
func Parse(name string, data []byte) (*Evidence, error) {
	return ParseFormat(name, data, FormatOf(name, data))
}

// ParseFormat is Parse for a document whose format is known (the media
// type of a submission).
func ParseFormat(name string, data []byte, format Format) (*Evidence, error) {
	if err := checkSize(name, data); err != nil {
		return nil, err
	}
	var ev Evidence
	var kind string
	var kindLine int
	if format == FormatJSON {
		kind = jsonTopString(data, "mamori")
		if otherKinds[kind] {
			return nil, fmt.Errorf("%s: %w (mamori: %s), not evidence", name, ErrOtherKind, kind)
		}
		if err := decodeJSON(name, data, &ev, nil); err != nil {
			return nil, err
		}
		if kind != Schema {
			lines := map[string]int{}
			_ = decodeJSON(name, data, nil, lines)
			kindLine = lines["mamori"]
		}
	} else {
		root, err := parseYAML(name, data)
		if err != nil {
			return nil, err
		}
		kind = topString(root, "mamori")
		if otherKinds[kind] {
			return nil, fmt.Errorf("%s: %w (mamori: %s), not evidence", name, ErrOtherKind, kind)
		}
		if err := decodeYAML(name, root, &ev); err != nil {
			return nil, err
		}
		if kind != Schema {
			kindLine = linesOf(root)["mamori"]
		}
	}
	if ev.Schema != Schema {
		return nil, &InputError{File: name, Line: kindLine, Field: "mamori",
			Msg: fmt.Sprintf("expected %q to mark an evidence document, got %q", Schema, ev.Schema)}
	}
	// Lines are worked out from the text again if an error needs them:
	// most documents have none.
	ev.raw, ev.format = data, format
	sum := sha256.Sum256(data)
	ev.Sources = []Source{{File: name, SHA256: hex.EncodeToString(sum[:])}}
	if err := checkProvenance(&ev); err != nil {
		return nil, err
	}
	return &ev, nil
}

// Read reads and merges evidence files and directories.
func Read(paths ...string) (*Evidence, error) {
	files, err := ExpandPaths(paths)
	if err != nil {
		return nil, err
	}
	explicit := map[string]bool{}
	for _, p := range paths {
		explicit[p] = true
	}
	var parts []*Evidence
	for _, f := range files {
		b, err := ReadFile(f, MaxInputBytes)
		if err != nil {
			return nil, err
		}
		ev, err := Parse(f, b)
		if errors.Is(err, ErrOtherKind) && !explicit[f] {
			// A directory may hold other mamori documents (an example's
			// expected result, a verdict): they are not evidence.
			continue
		}
		if err != nil {
			return nil, err
		}
		parts = append(parts, ev)
	}
	if len(parts) == 0 {
		return nil, fmt.Errorf("read evidence: no evidence documents (mamori: %s) in %s", Schema, strings.Join(paths, ", "))
	}
	return Merge(parts...)
}

// Merge combines documents of one evidence set. Lists are
// concatenated; an objective or an identity field given in two files is
// an error naming both. Facts are merged fact by fact with their
// sources (see FactRecord): the same value from two sources keeps both,
// and sources that disagree are kept with their values, the weaker of
// which is what the policies see.
func Merge(parts ...*Evidence) (*Evidence, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("no evidence given")
	}
	if len(parts) == 1 {
		p := parts[0]
		if !p.recordsSet {
			p.records, p.recordsSet = resolveFacts(p.factEntries()), true
		}
		return p, nil
	}
	out := &Evidence{Schema: Schema, Objectives: map[string]Determination{}, parts: parts}
	var errs InputErrors
	var seen []*Evidence
	conflict := func(p *Evidence, field string) {
		first := Position{}
		for _, q := range seen {
			if pos, ok := q.lookup(field); ok {
				first = pos
				break
			}
		}
		pos := p.Position(field)
		errs = append(errs, &InputError{File: pos.File, Line: pos.Line, Field: field,
			Msg: fmt.Sprintf("already given in %s", first)})
	}
	for _, p := range parts {
		out.Sources = append(out.Sources, p.Sources...)
		mergeStruct(&out.Organization, p.Organization, p, "organization", conflict)
		mergeStruct(&out.Assessment, p.Assessment, p, "assessment", conflict)
		if p.Scope != nil {
			if out.Scope != nil {
				conflict(p, "scope")
			}
			out.Scope = p.Scope
		}
		if p.SSP != nil {
			if out.SSP != nil {
				conflict(p, "ssp")
			}
			out.SSP = p.SSP
		}
		for id, d := range p.Objectives {
			if _, dup := out.Objectives[id]; dup {
				conflict(p, "objectives."+id)
				continue
			}
			out.Objectives[id] = d
		}
		out.Sites = append(out.Sites, p.Sites...)
		out.Artifacts = append(out.Artifacts, p.Artifacts...)
		out.POAM = append(out.POAM, p.POAM...)
		out.EnduringExceptions = append(out.EnduringExceptions, p.EnduringExceptions...)
		out.TemporaryDeficiencies = append(out.TemporaryDeficiencies, p.TemporaryDeficiencies...)
		out.Adjudications = append(out.Adjudications, p.Adjudications...)
		out.CloudServices = append(out.CloudServices, p.CloudServices...)
		seen = append(seen, p)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	byPath := map[string]*entries{}
	for _, p := range parts {
		for path, e := range p.factEntries() {
			if have := byPath[path]; have != nil {
				have.declared = append(have.declared, e.declared...)
				have.collected = append(have.collected, e.collected...)
			} else {
				byPath[path] = e
			}
		}
	}
	out.records, out.recordsSet = resolveFacts(byPath), true
	if len(out.records) > 0 {
		out.Facts = &Facts{}
		for _, r := range out.records {
			if err := out.Facts.Set(r.Path, r.Value); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// mergeStruct copies the set fields of src into dst; a field set in both
// with different values is a conflict. It handles the flat identity
// structs (Organization, AssessmentInfo).
func mergeStruct[T Organization | AssessmentInfo](dst *T, src T, p *Evidence, prefix string, conflict func(*Evidence, string)) {
	switch d := any(dst).(type) {
	case *Organization:
		s := any(src).(Organization)
		mergeString(&d.ID, s.ID, p, prefix+".id", conflict)
		mergeString(&d.Name, s.Name, p, prefix+".name", conflict)
		mergeString(&d.NameEN, s.NameEN, p, prefix+".name_en", conflict)
		mergeString(&d.CorporateNumber, s.CorporateNumber, p, prefix+".corporate_number", conflict)
		mergeString(&d.CAGE, s.CAGE, p, prefix+".cage", conflict)
		mergeString(&d.Prime, s.Prime, p, prefix+".prime", conflict)
		if s.Tier != nil {
			if d.Tier != nil && *d.Tier != *s.Tier {
				conflict(p, prefix+".tier")
			}
			d.Tier = s.Tier
		}
	case *AssessmentInfo:
		s := any(src).(AssessmentInfo)
		mergeString(&d.Type, s.Type, p, prefix+".type", conflict)
		mergeString(&d.Catalog, s.Catalog, p, prefix+".catalog", conflict)
		mergeString(&d.Site, s.Site, p, prefix+".site", conflict)
		mergeString(&d.Assessor.Name, s.Assessor.Name, p, prefix+".assessor.name", conflict)
		mergeString(&d.Assessor.Organization, s.Assessor.Organization, p, prefix+".assessor.organization", conflict)
		mergeString(&d.Assessor.Role, s.Assessor.Role, p, prefix+".assessor.role", conflict)
		if !s.Date.IsZero() {
			if !d.Date.IsZero() && !d.Date.Equal(s.Date.Time) {
				conflict(p, prefix+".date")
			}
			d.Date = s.Date
		}
	}
}

func mergeString(dst *string, src string, p *Evidence, field string, conflict func(*Evidence, string)) {
	if src == "" {
		return
	}
	if *dst != "" && *dst != src {
		conflict(p, field)
		return
	}
	*dst = src
}

// lookup finds where a field is written, in this document or, for a
// merged set, in the first part that has it.
func (ev *Evidence) lookup(field string) (Position, bool) {
	if p, local, ok := ev.listItem(field); ok {
		return p.lookup(local)
	}
	for _, p := range ev.parts {
		if pos, ok := p.lookup(field); ok {
			return pos, true
		}
	}
	if ev.lines == nil && ev.raw != nil {
		ev.lines = map[string]Position{}
		file := ev.Sources[0].File
		var lines map[string]int
		if ev.format == FormatJSON {
			lines = map[string]int{}
			_ = decodeJSON(file, ev.raw, nil, lines)
		} else if root, err := parseYAML(file, ev.raw); err == nil {
			lines = linesOf(root)
		}
		for p, l := range lines {
			ev.lines[p] = Position{File: file, Line: l}
		}
	}
	pos, ok := ev.lines[field]
	return pos, ok
}

// listItem finds, in a merged set, the part that holds an item of one of
// the joined lists ("artifacts[3].id"), and the field as that part
// numbers it ("artifacts[1].id").
func (ev *Evidence) listItem(field string) (*Evidence, string, bool) {
	name, rest, ok := strings.Cut(field, "[")
	if !ok || len(ev.parts) == 0 {
		return nil, "", false
	}
	num, rest, ok := strings.Cut(rest, "]")
	n, err := strconv.Atoi(num)
	if !ok || err != nil {
		return nil, "", false
	}
	for _, p := range ev.parts {
		l, ok := p.listLen(name)
		if !ok {
			return nil, "", false
		}
		if n < l {
			return p, fmt.Sprintf("%s[%d]%s", name, n, rest), true
		}
		n -= l
	}
	return nil, "", false
}

// listLen is the length of a top-level list that Merge joins.
func (ev *Evidence) listLen(name string) (int, bool) {
	switch name {
	case "sites":
		return len(ev.Sites), true
	case "artifacts":
		return len(ev.Artifacts), true
	case "poam":
		return len(ev.POAM), true
	case "enduring_exceptions":
		return len(ev.EnduringExceptions), true
	case "temporary_deficiencies":
		return len(ev.TemporaryDeficiencies), true
	case "adjudications":
		return len(ev.Adjudications), true
	case "cloud_services":
		return len(ev.CloudServices), true
	}
	return 0, false
}

// Locate is Position, with the field as the file that holds it names
// it: an item of a joined list is numbered within its own file.
func (ev *Evidence) Locate(field string) (Position, string) {
	if p, local, ok := ev.listItem(field); ok {
		return p.Locate(local)
	}
	return ev.Position(field), field
}

// Position locates a field for an error message: the field itself or
// its nearest written parent, else the (first) file.
func (ev *Evidence) Position(field string) Position {
	for p := field; ; {
		if pos, ok := ev.lookup(p); ok {
			return pos
		}
		i := strings.LastIndex(p, ".")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	if len(ev.Sources) > 0 {
		return Position{File: ev.Sources[0].File}
	}
	return Position{}
}

// IsSHA256Hex reports whether s is 64 lowercase hexadecimal digits.
func IsSHA256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

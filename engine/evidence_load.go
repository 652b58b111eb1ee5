package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// EvidenceExts are the file extensions read as evidence documents.
var EvidenceExts = []string{".yaml", ".yml", ".json"}

// ExpandEvidencePaths turns files and directories into the list of
// evidence files to read: a directory contributes its *.yaml, *.yml and
// *.json files (not recursively), in name order, except those marked as
// another kind of mamori document.
func ExpandEvidencePaths(paths []string) ([]string, error) {
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
			if e.IsDir() || !slices.Contains(EvidenceExts, strings.ToLower(filepath.Ext(e.Name()))) {
				continue
			}
			out = append(out, filepath.Join(p, e.Name()))
		}
		if len(out) == n {
			return nil, fmt.Errorf("read evidence: %s holds no evidence files (%s)", p, strings.Join(EvidenceExts, ", "))
		}
	}
	return out, nil
}

var kindRE = regexp.MustCompile(`^[a-z][a-z-]*/v[0-9]+$`)

// ErrOtherKind marks a file that is another kind of mamori document
// (an example's expected result, a verdict): reading a directory skips it.
var ErrOtherKind = errors.New("another kind of mamori document")

// ParseEvidence decodes one evidence document (YAML or JSON). It checks
// the document's form only; Engine.CheckEvidence checks it against the
// catalogue.
func ParseEvidence(name string, data []byte) (*Evidence, error) {
	if len(data) > MaxInputBytes {
		return nil, &InputError{File: name, Msg: fmt.Sprintf("file is %d bytes, over the %d-byte limit", len(data), MaxInputBytes)}
	}
	if ev, ok := parseJSONFast(name, data); ok {
		return ev, nil
	}
	return parseEvidenceTree(name, data)
}

// parseEvidenceTree decodes evidence through the YAML parser (which also
// reads JSON), keeping the node tree to locate fields in errors.
func parseEvidenceTree(name string, data []byte) (*Evidence, error) {
	root, err := parseTree(name, data)
	if err != nil {
		return nil, err
	}
	if kind := topString(root, "mamori"); kind != EvidenceSchema && kindRE.MatchString(kind) {
		return nil, fmt.Errorf("%s: %w (mamori: %s), not evidence", name, ErrOtherKind, kind)
	}
	var ev Evidence
	if err := decodeTree(name, root, &ev); err != nil {
		return nil, err
	}
	// Lines are worked out from the text again if an error needs them:
	// most documents have none, and indexing every field costs more than
	// decoding it.
	ev.raw = data
	sum := sha256.Sum256(data)
	ev.Sources = []Source{{File: name, SHA256: hex.EncodeToString(sum[:])}}
	if ev.Schema != EvidenceSchema {
		return nil, &InputError{File: name, Line: linesOf(root)["mamori"], Field: "mamori",
			Msg: fmt.Sprintf("expected %q to mark an evidence document, got %q", EvidenceSchema, ev.Schema)}
	}
	return &ev, nil
}

// ReadEvidence reads and merges evidence files and directories.
func ReadEvidence(paths ...string) (*Evidence, error) {
	files, err := ExpandEvidencePaths(paths)
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
		ev, err := ParseEvidence(f, b)
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
		return nil, fmt.Errorf("read evidence: no evidence documents (mamori: %s) in %s", EvidenceSchema, strings.Join(paths, ", "))
	}
	return MergeEvidence(parts...)
}

type osFS struct{}

func (osFS) Open(name string) (fs.File, error) { return os.Open(name) }

// MergeEvidence combines documents of one evidence set. Lists are
// concatenated; an objective, a facts section or an identity field given
// in two files is an error naming both.
func MergeEvidence(parts ...*Evidence) (*Evidence, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("no evidence given")
	}
	if len(parts) == 1 {
		return parts[0], nil
	}
	out := &Evidence{Schema: EvidenceSchema, Objectives: map[string]Determination{}, parts: parts}
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
		pos := p.position(field)
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
		if p.Facts != nil {
			if out.Facts == nil {
				out.Facts = &Facts{}
			}
			mergeFacts(out.Facts, p.Facts, p, conflict)
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
		seen = append(seen, p)
	}
	if len(errs) > 0 {
		return nil, errs
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

// mergeFacts merges facts section by section.
func mergeFacts(dst, src *Facts, p *Evidence, conflict func(*Evidence, string)) {
	type section struct {
		name string
		set  bool
		copy func()
		have bool
	}
	secs := []section{
		{"access", src.Access != nil, func() { dst.Access = src.Access }, dst.Access != nil},
		{"identity", src.Identity != nil, func() { dst.Identity = src.Identity }, dst.Identity != nil},
		{"audit", src.Audit != nil, func() { dst.Audit = src.Audit }, dst.Audit != nil},
		{"configuration", src.Configuration != nil, func() { dst.Configuration = src.Configuration }, dst.Configuration != nil},
		{"training", src.Training != nil, func() { dst.Training = src.Training }, dst.Training != nil},
		{"incident_response", src.Incident != nil, func() { dst.Incident = src.Incident }, dst.Incident != nil},
		{"maintenance", src.Maintenance != nil, func() { dst.Maintenance = src.Maintenance }, dst.Maintenance != nil},
		{"media", src.Media != nil, func() { dst.Media = src.Media }, dst.Media != nil},
		{"personnel", src.Personnel != nil, func() { dst.Personnel = src.Personnel }, dst.Personnel != nil},
		{"facility", src.Facility != nil, func() { dst.Facility = src.Facility }, dst.Facility != nil},
		{"risk", src.Risk != nil, func() { dst.Risk = src.Risk }, dst.Risk != nil},
		{"network", src.Network != nil, func() { dst.Network = src.Network }, dst.Network != nil},
		{"crypto", src.Crypto != nil, func() { dst.Crypto = src.Crypto }, dst.Crypto != nil},
		{"integrity", src.Integrity != nil, func() { dst.Integrity = src.Integrity }, dst.Integrity != nil},
		{"backup", src.Backup != nil, func() { dst.Backup = src.Backup }, dst.Backup != nil},
	}
	for _, s := range secs {
		if !s.set {
			continue
		}
		if s.have {
			conflict(p, "facts."+s.name)
			continue
		}
		s.copy()
	}
}

var (
	corporateNumberRE = regexp.MustCompile(`^\d{13}$`)
	cageRE            = regexp.MustCompile(`^[0-9A-Z]{5}$`)
)

// CheckEvidence checks an evidence set against the catalogue: known
// objective and requirement IDs, valid statuses and methods, artifact
// references that resolve, and no date after now.
func CheckEvidence(ev *Evidence, cat *Catalog, now time.Time) error {
	var errs InputErrors
	at := func(field, format string, args ...any) {
		pos := ev.position(field)
		errs = append(errs, &InputError{File: pos.File, Line: pos.Line, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	today := Date{time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)}
	future := func(field string, d *Date) {
		if d != nil && d.After(today.Time) {
			at(field, "date %s is in the future", d)
		}
	}
	o := ev.Organization
	if strings.TrimSpace(o.Name) == "" {
		at("organization.name", "required: the organisation's name")
	}
	if o.CorporateNumber != "" && !corporateNumberRE.MatchString(o.CorporateNumber) {
		at("organization.corporate_number", "expected a 13-digit 法人番号, got %q", o.CorporateNumber)
	}
	if o.CAGE != "" && !cageRE.MatchString(o.CAGE) {
		at("organization.cage", "expected a 5-character CAGE code (digits and capital letters), got %q", o.CAGE)
	}
	if o.Tier != nil && (*o.Tier < 0 || *o.Tier > 10) {
		at("organization.tier", "expected a tier from 0 (prime) to 10, got %d", *o.Tier)
	}
	a := ev.Assessment
	if !slices.Contains([]string{AssessmentSelf, AssessmentPrime, AssessmentAuditor}, a.Type) {
		at("assessment.type", "expected self, prime or auditor, got %q", a.Type)
	}
	if a.Date.IsZero() {
		at("assessment.date", "required: the date of the assessment (YYYY-MM-DD)")
	}
	future("assessment.date", &a.Date)
	if strings.TrimSpace(a.Assessor.Name) == "" {
		at("assessment.assessor.name", "required: who made the determinations")
	}
	if a.Catalog != "" && a.Catalog != cat.ID {
		at("assessment.catalog", "expected %q, got %q", cat.ID, a.Catalog)
	}
	sites := map[string]bool{}
	for i, s := range ev.Sites {
		f := fmt.Sprintf("sites[%d].id", i)
		if s.ID == "" {
			at(f, "required: a site ID")
		} else if sites[s.ID] {
			at(f, "duplicate site %q", s.ID)
		}
		sites[s.ID] = true
	}
	if a.Site != "" && !sites[a.Site] {
		at("assessment.site", "unknown site %q (declare it under sites)", a.Site)
	}
	arts := map[string]bool{}
	checkArtifact := func(prefix string, x *Artifact) {
		if x.SHA256 != "" && !isSHA256Hex(x.SHA256) {
			at(prefix+".sha256", "expected 64 lowercase hex digits, got %q", x.SHA256)
		}
		future(prefix+".date", x.Date)
		future(prefix+".reviewed", x.Reviewed)
	}
	if ev.SSP != nil {
		checkArtifact("ssp", ev.SSP)
		if ev.SSP.Title == "" {
			at("ssp.title", "required: the SSP's title")
		}
	}
	for i := range ev.Artifacts {
		x := &ev.Artifacts[i]
		f := fmt.Sprintf("artifacts[%d]", i)
		if x.ID == "" {
			at(f+".id", "required: an artifact ID that determinations refer to")
		} else if arts[x.ID] {
			at(f+".id", "duplicate artifact %q", x.ID)
		}
		arts[x.ID] = true
		checkArtifact(f, x)
	}
	// Walk the catalogue's objectives rather than sorting the evidence's:
	// the common case (every ID known) then costs one lookup each.
	known := 0
	for _, r := range cat.Requirements() {
		for _, o := range r.Objectives {
			d, ok := ev.Objectives[o.ID]
			if !ok {
				continue
			}
			known++
			if d.Status != StatusMet && d.Status != StatusNotMet && d.Status != StatusNotApplicable {
				at("objectives."+o.ID+".status", "expected met, not_met or not_applicable, got %q", d.Status)
			}
			if d.Method != "" && !slices.Contains(Methods, d.Method) {
				at("objectives."+o.ID+".method", "expected examine, interview or test, got %q", d.Method)
			}
			for _, ref := range d.Artifacts {
				if !arts[ref] {
					at("objectives."+o.ID+".artifacts", "unknown artifact %q (declare it under artifacts)", ref)
				}
			}
			if d.Date != nil {
				future("objectives."+o.ID+".date", d.Date)
			}
		}
	}
	if known < len(ev.Objectives) {
		for _, id := range slices.Sorted(maps.Keys(ev.Objectives)) {
			if _, ok := cat.Objective(id); ok {
				continue
			}
			if _, isReq := cat.Requirement(id); isReq {
				at("objectives."+id, "%s is a requirement, not an objective: give its objectives (%s[a], ...)", id, id)
			} else {
				at("objectives."+id, "unknown objective %q in %s", id, cat.ID)
			}
		}
	}
	reqField := func(field, id string) {
		if _, ok := cat.Requirement(id); !ok {
			at(field, "unknown requirement %q in %s", id, cat.ID)
		}
	}
	plans := map[string]POAMItem{}
	for i, p := range ev.POAM {
		f := fmt.Sprintf("poam[%d]", i)
		if p.ID == "" {
			at(f+".id", "required: a POA&M item ID")
		} else if _, dup := plans[p.ID]; dup {
			at(f+".id", "duplicate POA&M item %q", p.ID)
		}
		plans[p.ID] = p
		if p.Type != "" && p.Type != PlanRemediation && p.Type != PlanOperational {
			at(f+".type", "expected remediation or operational, got %q", p.Type)
		}
		if p.Status != "" && p.Status != "open" && p.Status != "closed" {
			at(f+".status", "expected open or closed, got %q", p.Status)
		}
		if len(p.Requirements) == 0 {
			at(f+".requirements", "required: the requirements this item remediates")
		}
		for j, r := range p.Requirements {
			reqField(fmt.Sprintf("%s.requirements[%d]", f, j), r)
		}
	}
	for i, x := range ev.EnduringExceptions {
		reqField(fmt.Sprintf("enduring_exceptions[%d].requirement", i), x.Requirement)
	}
	for i, x := range ev.TemporaryDeficiencies {
		f := fmt.Sprintf("temporary_deficiencies[%d]", i)
		reqField(f+".requirement", x.Requirement)
		if p, ok := plans[x.Plan]; !ok {
			at(f+".plan", "unknown POA&M item %q: a temporary deficiency needs an operational plan of action", x.Plan)
		} else if p.Type != PlanOperational {
			at(f+".plan", "POA&M item %q is not of type operational", x.Plan)
		}
		future(f+".since", x.Since)
	}
	for i, x := range ev.Adjudications {
		f := fmt.Sprintf("adjudications[%d]", i)
		reqField(f+".requirement", x.Requirement)
		if x.Kind != "not_applicable" && x.Kind != "equally_effective" {
			at(f+".kind", "expected not_applicable or equally_effective, got %q", x.Kind)
		}
	}
	checkFactEnums(ev.Facts, at, future)
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// checkFactEnums rejects fact values outside their fixed vocabularies.
func checkFactEnums(f *Facts, at func(field, format string, args ...any), future func(string, *Date)) {
	if f == nil {
		return
	}
	enum := func(field string, v *string, allowed ...string) {
		if v != nil && !slices.Contains(allowed, *v) {
			at(field, "expected one of %s, got %q", strings.Join(allowed, ", "), *v)
		}
	}
	if f.Configuration != nil {
		enum("facts.configuration.software_execution_policy", f.Configuration.SoftwarePolicy, "allowlist", "denylist", "none")
	}
	if f.Media != nil {
		enum("facts.media.removable_media", f.Media.RemovableMedia, "blocked", "controlled", "unrestricted")
		enum("facts.media.sanitization", f.Media.Sanitization, "nist-800-88-purge", "nist-800-88-clear", "destroy", "none")
	}
	if f.Facility != nil {
		enum("facts.facility.entry_control", f.Facility.EntryControl, "biometric", "badge", "keypad", "key", "none")
	}
	if f.Crypto != nil {
		for i, m := range f.Crypto.Modules {
			p := fmt.Sprintf("facts.crypto.modules[%d]", i)
			if m.Name == "" {
				at(p+".name", "required: the module's name")
			}
			if m.Status != "" {
				enum(p+".status", &m.Status, "active", "historical", "revoked")
			}
			if m.Usage != "" {
				enum(p+".usage", &m.Usage, "at_rest", "in_transit", "both")
			}
		}
	}
	dates := map[string]*Date{}
	if f.Training != nil {
		dates["facts.training.last_awareness"] = f.Training.LastAwareness
	}
	if f.Incident != nil {
		dates["facts.incident_response.last_exercise"] = f.Incident.LastExercise
	}
	if f.Risk != nil {
		dates["facts.risk.last_risk_assessment"] = f.Risk.LastRiskAssessment
		dates["facts.risk.last_control_assessment"] = f.Risk.LastControlReview
	}
	if f.Backup != nil {
		dates["facts.backup.last_restore_test"] = f.Backup.LastRestoreTest
	}
	for _, field := range slices.Sorted(maps.Keys(dates)) {
		future(field, dates[field])
	}
	if f.Training != nil && f.Training.CompletionPercent != nil {
		if p := *f.Training.CompletionPercent; p < 0 || p > 100 {
			at("facts.training.completion_percent", "expected a percentage from 0 to 100, got %v", p)
		}
	}
}

// lookup finds where a field is written, in this document or, for a
// merged set, in the first part that has it.
func (ev *Evidence) lookup(field string) (Position, bool) {
	for _, p := range ev.parts {
		if pos, ok := p.lookup(field); ok {
			return pos, true
		}
	}
	if ev.lines == nil && ev.raw != nil {
		ev.lines = map[string]Position{}
		if root, err := parseTree(ev.Sources[0].File, ev.raw); err == nil {
			for p, l := range linesOf(root) {
				ev.lines[p] = Position{File: ev.Sources[0].File, Line: l}
			}
		}
	}
	pos, ok := ev.lines[field]
	return pos, ok
}

// position locates a field for an error message: the field itself or
// its nearest written parent, else the (first) file.
func (ev *Evidence) position(field string) Position {
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

// isSHA256Hex reports whether s is 64 lowercase hexadecimal digits.
func isSHA256Hex(s string) bool {
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

package engine

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/mamori-dev/mamori/engine/evidence"
)

var (
	corporateNumberRE = regexp.MustCompile(`^\d{13}$`)
	cageRE            = regexp.MustCompile(`^[0-9A-Z]{5}$`)
)

// CheckEvidence checks an evidence set against the catalogue: known
// objective and requirement IDs, valid statuses and methods, artifact
// references that resolve, and no date after now.
func CheckEvidence(ev *evidence.Evidence, cat *Catalog, now time.Time) error {
	var errs evidence.InputErrors
	at := func(field, format string, args ...any) {
		pos, field := ev.Locate(field)
		errs = append(errs, &evidence.InputError{File: pos.File, Line: pos.Line, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	today := evidence.Date{Time: time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)}
	future := func(field string, d *evidence.Date) {
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
	if !slices.Contains([]string{evidence.AssessmentSelf, evidence.AssessmentPrime, evidence.AssessmentAuditor}, a.Type) {
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
	checkArtifact := func(prefix string, x *evidence.Artifact) {
		if x.SHA256 != "" && !evidence.IsSHA256Hex(x.SHA256) {
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
			if d.Status != evidence.StatusMet && d.Status != evidence.StatusNotMet && d.Status != evidence.StatusNotApplicable {
				at("objectives."+o.ID+".status", "expected met, not_met or not_applicable, got %q", d.Status)
			}
			if d.Method != "" && !slices.Contains(evidence.Methods, d.Method) {
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
	plans := map[string]evidence.POAMItem{}
	for i, p := range ev.POAM {
		f := fmt.Sprintf("poam[%d]", i)
		if p.ID == "" {
			at(f+".id", "required: a POA&M item ID")
		} else if _, dup := plans[p.ID]; dup {
			at(f+".id", "duplicate POA&M item %q", p.ID)
		}
		plans[p.ID] = p
		if p.Type != "" && p.Type != evidence.PlanRemediation && p.Type != evidence.PlanOperational {
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
		} else if p.Type != evidence.PlanOperational {
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
	checkCloudServices(ev.CloudServices, arts, at)
	errs = append(errs, ev.CheckProvenance(now)...)
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// checkFactEnums rejects fact values outside their fixed vocabularies.
func checkFactEnums(f *evidence.Facts, at func(field, format string, args ...any), future func(string, *evidence.Date)) {
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
		enum("facts.facility.entry_control", f.Facility.EntryControl, "biometric", "badge", "keypad", "key", "guard", "none")
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
	dates := map[string]*evidence.Date{}
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

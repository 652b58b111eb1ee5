// Package evidence reads what an organisation submits for assessment:
// evidence documents in YAML or JSON, merged into one evidence set, and
// the other mamori documents (registries, supply chains, checklists,
// catalogues) through the same strict readers. Each format is read by
// one library, JSON by encoding/json and YAML by yaml.v3; every problem
// is an InputError naming the file, the line and the field.
package evidence

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Schema is the value of the "mamori" key that identifies an evidence
// document.
const Schema = "evidence/v1"

// Evidence is what an organisation (or its prime, or an auditor) submits
// for assessment. One evidence set may come from several files; see Read.
type Evidence struct {
	Schema                string                   `yaml:"mamori" json:"mamori"`
	Organization          Organization             `yaml:"organization" json:"organization"`
	Sites                 []Site                   `yaml:"sites,omitempty" json:"sites,omitempty"`
	Scope                 *Scope                   `yaml:"scope,omitempty" json:"scope,omitempty"`
	Assessment            AssessmentInfo           `yaml:"assessment" json:"assessment"`
	SSP                   *Artifact                `yaml:"ssp,omitempty" json:"ssp,omitempty"`
	Artifacts             []Artifact               `yaml:"artifacts,omitempty" json:"artifacts,omitempty"`
	Objectives            map[string]Determination `yaml:"objectives,omitempty" json:"objectives,omitempty"`
	Facts                 *Facts                   `yaml:"facts,omitempty" json:"facts,omitempty"`
	Provenance            *Provenance              `yaml:"provenance,omitempty" json:"provenance,omitempty"`
	POAM                  []POAMItem               `yaml:"poam,omitempty" json:"poam,omitempty"`
	EnduringExceptions    []EnduringException      `yaml:"enduring_exceptions,omitempty" json:"enduring_exceptions,omitempty"`
	TemporaryDeficiencies []TemporaryDeficiency    `yaml:"temporary_deficiencies,omitempty" json:"temporary_deficiencies,omitempty"`
	Adjudications         []Adjudication           `yaml:"adjudications,omitempty" json:"adjudications,omitempty"`
	// CloudServices are the external cloud services in scope (cloud.go).
	CloudServices []CloudService `yaml:"cloud_services,omitempty" json:"cloud_services,omitempty"`

	// Sources are the files the evidence was read from, with digests.
	Sources []Source `yaml:"-" json:"-"`
	// lines locates fields for error messages ("objectives.3.1.1[a]").
	// It is built only when an error needs it, from raw; a merged set
	// keeps its parts instead.
	lines  map[string]Position
	raw    []byte
	format Format
	parts  []*Evidence
	// records are the facts with their sources, once Merge has worked
	// them out (recordsSet).
	records    []FactRecord
	recordsSet bool
}

// Source is one evidence file and its SHA-256 digest.
type Source struct {
	File   string `json:"file" yaml:"file"`
	SHA256 string `json:"sha256" yaml:"sha256"`
}

// Organization identifies the assessed company.
type Organization struct {
	ID   string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name"`
	// NameEN is the company's English name, if it has one.
	NameEN string `yaml:"name_en,omitempty" json:"name_en,omitempty"`
	// CorporateNumber is the 13-digit 法人番号.
	CorporateNumber string `yaml:"corporate_number,omitempty" json:"corporate_number,omitempty"`
	CAGE            string `yaml:"cage,omitempty" json:"cage,omitempty"`
	// Tier is 0 for a prime, 1 for its direct subcontractors, and so on.
	Tier  *int   `yaml:"tier,omitempty" json:"tier,omitempty"`
	Prime string `yaml:"prime,omitempty" json:"prime,omitempty"`
}

// Site is a handling facility (取扱施設).
type Site struct {
	ID      string `yaml:"id" json:"id"`
	Name    string `yaml:"name" json:"name"`
	Address string `yaml:"address,omitempty" json:"address,omitempty"`
	Scope   string `yaml:"scope,omitempty" json:"scope,omitempty"`
}

// Scope describes the assessed system boundary.
type Scope struct {
	Description string   `yaml:"description,omitempty" json:"description,omitempty"`
	Systems     []string `yaml:"systems,omitempty" json:"systems,omitempty"`
	Contracts   []string `yaml:"contracts,omitempty" json:"contracts,omitempty"`
	// Hosts are the in-scope hosts by name: collected facts are counted
	// against them ("18 of 20 hosts"), and a host not listed may not
	// report facts.
	Hosts []string `yaml:"hosts,omitempty" json:"hosts,omitempty"`
}

// Assessment types.
const (
	AssessmentSelf    = "self"
	AssessmentPrime   = "prime"
	AssessmentAuditor = "auditor"
)

// AssessmentInfo says who assessed, how and when.
type AssessmentInfo struct {
	Type     string   `yaml:"type" json:"type"`
	Date     Date     `yaml:"date" json:"date"`
	Assessor Assessor `yaml:"assessor" json:"assessor"`
	// Catalog is the catalogue assessed against; default nist-sp800-171-r2.
	Catalog string `yaml:"catalog,omitempty" json:"catalog,omitempty"`
	// Site is the ID of the site assessed, when there are several.
	Site string `yaml:"site,omitempty" json:"site,omitempty"`
}

// Assessor is a person who made determinations.
type Assessor struct {
	Name         string `yaml:"name" json:"name"`
	Organization string `yaml:"organization,omitempty" json:"organization,omitempty"`
	Role         string `yaml:"role,omitempty" json:"role,omitempty"`
}

// Artifact is a document or record relied on as evidence.
type Artifact struct {
	ID      string `yaml:"id" json:"id"`
	Title   string `yaml:"title" json:"title"`
	Version string `yaml:"version,omitempty" json:"version,omitempty"`
	Date    *Date  `yaml:"date,omitempty" json:"date,omitempty"`
	// Reviewed is when the artifact was last reviewed or approved.
	Reviewed *Date  `yaml:"reviewed,omitempty" json:"reviewed,omitempty"`
	SHA256   string `yaml:"sha256,omitempty" json:"sha256,omitempty"`
}

// Determination statuses.
const (
	StatusMet           = "met"
	StatusNotMet        = "not_met"
	StatusNotApplicable = "not_applicable"
	StatusNotAssessed   = "not_assessed"
)

// Assessment methods (SP 800-171A).
var Methods = []string{"examine", "interview", "test"}

// Determination is the finding for one assessment objective.
type Determination struct {
	Status        string   `yaml:"status" json:"status"`
	Justification string   `yaml:"justification,omitempty" json:"justification,omitempty"`
	Method        string   `yaml:"method,omitempty" json:"method,omitempty"`
	Artifacts     []string `yaml:"artifacts,omitempty" json:"artifacts,omitempty"`
	// Assessor and Date default to the assessment's.
	Assessor string `yaml:"assessor,omitempty" json:"assessor,omitempty"`
	Date     *Date  `yaml:"date,omitempty" json:"date,omitempty"`
	// AssessorType is the kind of assessor who made this determination
	// when it differs from the assessment's: AssessmentAuditor for an
	// objective an auditor's site check covers (engine.ApplySiteChecks).
	// It is never read from evidence: only a checked site checklist
	// sets it.
	AssessorType string `yaml:"-" json:"-"`
}

// POA&M item types.
const (
	// PlanRemediation is a CMMC POA&M item (32 CFR 170.21) for a NOT MET
	// requirement.
	PlanRemediation = "remediation"
	// PlanOperational is an operational plan of action (3.12.2) for a
	// temporary deficiency.
	PlanOperational = "operational"
)

// POAMItem is an entry of a plan of action and milestones.
type POAMItem struct {
	ID           string      `yaml:"id" json:"id"`
	Type         string      `yaml:"type,omitempty" json:"type,omitempty"`
	Requirements []string    `yaml:"requirements" json:"requirements"`
	Weakness     string      `yaml:"weakness" json:"weakness"`
	Remediation  string      `yaml:"remediation,omitempty" json:"remediation,omitempty"`
	Owner        string      `yaml:"owner,omitempty" json:"owner,omitempty"`
	Milestones   []Milestone `yaml:"milestones,omitempty" json:"milestones,omitempty"`
	Due          *Date       `yaml:"due,omitempty" json:"due,omitempty"`
	Status       string      `yaml:"status,omitempty" json:"status,omitempty"` // open | closed
}

// Milestone is one step of a POA&M item.
type Milestone struct {
	Description string `yaml:"description" json:"description"`
	Due         Date   `yaml:"due" json:"due"`
	Done        bool   `yaml:"done,omitempty" json:"done,omitempty"`
}

// EnduringException is a requirement whose remediation is not feasible,
// described with its mitigations in the SSP (DoD AM §5h(ii)).
type EnduringException struct {
	Requirement string `yaml:"requirement" json:"requirement"`
	Description string `yaml:"description" json:"description"`
	Mitigations string `yaml:"mitigations" json:"mitigations"`
	InSSP       bool   `yaml:"in_ssp" json:"in_ssp"`
}

// TemporaryDeficiency is a deficiency that arose after implementation and
// is tracked by an operational plan of action (DoD AM §5h(i)).
type TemporaryDeficiency struct {
	Requirement string `yaml:"requirement" json:"requirement"`
	Description string `yaml:"description" json:"description"`
	// Plan is the ID of the operational POA&M item that tracks it.
	Plan string `yaml:"plan" json:"plan"`
	// PreviouslyImplemented must be true: an initial implementation in
	// progress is not a temporary deficiency.
	PreviouslyImplemented bool  `yaml:"previously_implemented" json:"previously_implemented"`
	Since                 *Date `yaml:"since,omitempty" json:"since,omitempty"`
}

// Adjudication is a DoD CIO adjudication of a requirement (DoD AM §5j).
type Adjudication struct {
	Requirement string `yaml:"requirement" json:"requirement"`
	// Kind is "not_applicable" or "equally_effective".
	Kind      string `yaml:"kind" json:"kind"`
	Reference string `yaml:"reference" json:"reference"`
	InSSP     bool   `yaml:"in_ssp" json:"in_ssp"`
}

// Date is a calendar date (YYYY-MM-DD).
type Date struct{ time.Time }

// DateLayout is the form of dates in evidence.
const DateLayout = "2006-01-02"

// ParseDate parses a YYYY-MM-DD date.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("invalid date %q: expected YYYY-MM-DD", s)
	}
	return Date{t}, nil
}

// UnmarshalYAML reads a YYYY-MM-DD scalar.
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: expected a date (YYYY-MM-DD)", n.Line)
	}
	p, err := ParseDate(strings.TrimSpace(n.Value))
	if err != nil {
		// The column tells which field it is when several share a line.
		return fmt.Errorf("line %d: column %d: %v", n.Line, n.Column, err)
	}
	*d = p
	return nil
}

// MarshalYAML writes the date as YYYY-MM-DD.
func (d Date) MarshalYAML() (any, error) { return d.String(), nil }

// MarshalJSON writes the date as a JSON string, or null if unset.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.Format(DateLayout) + `"`), nil
}

// UnmarshalJSON reads a JSON date string (null leaves it unset).
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var str string
	if err := json.Unmarshal(b, &str); err != nil {
		return fmt.Errorf("expected a date (YYYY-MM-DD), got %s", b)
	}
	p, err := ParseDate(str)
	if err != nil {
		return err
	}
	*d = p
	return nil
}

func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(DateLayout)
}

// AddDays returns the date n days later.
func (d Date) AddDays(n int) Date { return Date{d.AddDate(0, 0, n)} }

// DaysUntil is the number of days from d to o.
func (d Date) DaysUntil(o Date) int { return int(o.Sub(d.Time).Hours() / 24) }

package engine

import (
	"time"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// VerdictSchema identifies a verdict document.
const VerdictSchema = "verdict/v1"

// Verdict is the result of assessing one evidence set: what an auditor,
// a prime or the membership gate relies on. It is deterministic for the
// same evidence, catalogue, policies and parameters, and every list in
// it is ordered.
type Verdict struct {
	Schema       string                  `json:"mamori" yaml:"mamori"`
	Organization evidence.Organization   `json:"organization" yaml:"organization"`
	Site         *evidence.Site          `json:"site,omitempty" yaml:"site,omitempty"`
	Assessment   evidence.AssessmentInfo `json:"assessment" yaml:"assessment"`
	// AuditorVerified is true when a Ministry auditor made the
	// determinations: the assessment is an auditor's, or an auditor
	// (on a site check) determined every objective that has a
	// determination. Coverage.DeterminedBy counts who determined what.
	AuditorVerified bool `json:"auditor_verified" yaml:"auditor_verified"`

	Catalog      CatalogRef        `json:"catalog" yaml:"catalog"`
	PolicyDigest string            `json:"policy_digest" yaml:"policy_digest"`
	Evidence     []evidence.Source `json:"evidence" yaml:"evidence"`
	// Params are the thresholds in force; Overridden names those that
	// differ from the policy defaults.
	Params     ParamValues `json:"params" yaml:"params"`
	Overridden []string    `json:"params_overridden,omitempty" yaml:"params_overridden,omitempty"`

	DoD         DoDScore    `json:"dod" yaml:"dod"`
	CMMC        CMMCStatus  `json:"cmmc" yaml:"cmmc"`
	Conformance Conformance `json:"conformance" yaml:"conformance"`
	Coverage    Coverage    `json:"coverage" yaml:"coverage"`
	Families    []Rollup    `json:"families" yaml:"families"`
	// CSFVersion is the Cybersecurity Framework version Functions counts
	// by.
	CSFVersion string      `json:"csf_version,omitempty" yaml:"csf_version,omitempty"`
	Functions  []Rollup    `json:"functions" yaml:"functions"`
	Gaps       []Gap       `json:"gaps" yaml:"gaps"`
	Results    []ReqResult `json:"requirements" yaml:"requirements"`
	// Facts are the facts the policies saw, each with where it came from:
	// declared by a person or collected from machines.
	Facts    []FactSummary `json:"facts,omitempty" yaml:"facts,omitempty"`
	Findings []Finding     `json:"findings" yaml:"findings"`
	// Cloud is the check of the cloud services in scope, when the
	// evidence declares any.
	Cloud *CloudCheck `json:"cloud,omitempty" yaml:"cloud,omitempty"`
	Ready bool        `json:"ready" yaml:"ready"`
}

// CatalogRef names the catalogue assessed against.
type CatalogRef struct {
	ID      string `json:"id" yaml:"id"`
	Version string `json:"version" yaml:"version"`
}

// DoDScore is the NIST SP 800-171 DoD Assessment Methodology score.
type DoDScore struct {
	// Score is nil when no score can be given (NO_SCORE).
	Score    *int  `json:"score" yaml:"score"`
	Max      int   `json:"max" yaml:"max"`
	NoScore  *Text `json:"no_score_reason,omitempty" yaml:"no_score_reason,omitempty"`
	Deducted int   `json:"deducted" yaml:"deducted"`
}

// CMMC Level 2 status outcomes.
const (
	CMMCFinal       = "final"
	CMMCConditional = "conditional"
	CMMCNone        = "none"
)

// CMMCStatus is the CMMC Level 2 status the evidence supports.
type CMMCStatus struct {
	Status   string   `json:"status" yaml:"status"`
	Blocking []Reason `json:"blocking,omitempty" yaml:"blocking,omitempty"`
	// CloseoutDue is 180 days after the status date for a conditional
	// status (32 CFR 170.21(b)).
	CloseoutDue *evidence.Date `json:"closeout_due,omitempty" yaml:"closeout_due,omitempty"`
	// AffirmationDue and ReassessmentDue follow the status date: a
	// yearly affirmation and a new assessment every three years.
	AffirmationDue  *evidence.Date `json:"affirmation_due,omitempty" yaml:"affirmation_due,omitempty"`
	ReassessmentDue *evidence.Date `json:"reassessment_due,omitempty" yaml:"reassessment_due,omitempty"`
	// POAM lists the requirements carried on the POA&M.
	POAM []string `json:"poam,omitempty" yaml:"poam,omitempty"`
}

// Reason explains a blocking condition, in both languages.
type Reason struct {
	Code        string `json:"code" yaml:"code"`
	Requirement string `json:"requirement,omitempty" yaml:"requirement,omitempty"`
	Message     Text   `json:"message" yaml:"message"`
}

// Conformance is the Japanese view: per-requirement 実施済 / 未実施 /
// 該当なし, with requirements lacking evidence counted apart (未評価).
type Conformance struct {
	Implemented    int `json:"implemented" yaml:"implemented"`
	NotImplemented int `json:"not_implemented" yaml:"not_implemented"`
	NotApplicable  int `json:"not_applicable" yaml:"not_applicable"`
	NotAssessed    int `json:"not_assessed" yaml:"not_assessed"`
	Total          int `json:"total" yaml:"total"`
}

// Coverage is the share of objectives with a determination, reported
// apart from compliance.
type Coverage struct {
	Objectives int     `json:"objectives" yaml:"objectives"`
	Determined int     `json:"determined" yaml:"determined"`
	Percent    float64 `json:"percent" yaml:"percent"`
	Unverified int     `json:"unverified" yaml:"unverified"`
	Stale      int     `json:"stale" yaml:"stale"`
	// DeterminedBy counts the determined objectives by the kind of
	// assessor who determined them.
	DeterminedBy DeterminedBy `json:"determined_by" yaml:"determined_by"`
	// CorroboratedCollected counts the objectives claimed met that facts
	// collected from machines corroborate (every fact the claim needs is
	// reported by every in-scope host); CorroboratedPartial those that
	// machines corroborate only in part (some facts, or some hosts);
	// CorroboratedDeclared those that only facts a person declared
	// corroborate.
	CorroboratedCollected int `json:"corroborated_collected" yaml:"corroborated_collected"`
	CorroboratedPartial   int `json:"corroborated_partial" yaml:"corroborated_partial"`
	CorroboratedDeclared  int `json:"corroborated_declared" yaml:"corroborated_declared"`
}

// DeterminedBy counts objectives by who determined them: the company
// itself, its prime, or a Ministry auditor (a site check determines
// the objectives its items cover, the rest keep the assessment's kind).
type DeterminedBy struct {
	Self    int `json:"self" yaml:"self"`
	Prime   int `json:"prime" yaml:"prime"`
	Auditor int `json:"auditor" yaml:"auditor"`
}

// add counts one objective determined by an assessor of kind t.
func (d *DeterminedBy) add(t string) {
	switch t {
	case evidence.AssessmentAuditor:
		d.Auditor++
	case evidence.AssessmentPrime:
		d.Prime++
	default:
		d.Self++
	}
}

// onlyAuditors reports whether auditors determined every determined
// objective, and at least one.
func (d DeterminedBy) onlyAuditors() bool { return d.Auditor > 0 && d.Self == 0 && d.Prime == 0 }

// Rollup counts requirement outcomes for a family or a CSF function.
type Rollup struct {
	ID          string `json:"id" yaml:"id"`
	Title       Text   `json:"title" yaml:"title"`
	Total       int    `json:"total" yaml:"total"`
	Met         int    `json:"met" yaml:"met"`
	NotMet      int    `json:"not_met" yaml:"not_met"`
	NA          int    `json:"not_applicable" yaml:"not_applicable"`
	NotAssessed int    `json:"not_assessed" yaml:"not_assessed"`
	PointsLost  int    `json:"points_lost" yaml:"points_lost"`
}

// Gap is an unimplemented requirement, ranked by the points its
// remediation recovers.
type Gap struct {
	Requirement string `json:"requirement" yaml:"requirement"`
	Points      int    `json:"points" yaml:"points"`
	// Objectives is how many objectives are not met or not assessed:
	// fewer is a cheaper win.
	Objectives int    `json:"objectives" yaml:"objectives"`
	Status     string `json:"status" yaml:"status"`
	POAM       string `json:"cmmc_poam" yaml:"cmmc_poam"`
}

// Requirement bases: why a requirement counts as implemented.
const (
	BasisObjectives   = "objectives"
	BasisEnduring     = "enduring_exception"
	BasisTemporary    = "temporary_deficiency"
	BasisNotPermitted = "not_permitted"
	BasisAdjudication = "dod_cio_adjudication"
)

// ReqResult is the outcome for one requirement.
type ReqResult struct {
	ID     string `json:"id" yaml:"id"`
	Family string `json:"family" yaml:"family"`
	// Status is met, not_met, not_applicable or not_assessed.
	Status string `json:"status" yaml:"status"`
	// Basis says why a met requirement counts as met.
	Basis string `json:"basis,omitempty" yaml:"basis,omitempty"`
	// JP is the Japanese conformance label: 実施済, 未実施, 該当なし or 未評価.
	JP         string      `json:"jp" yaml:"jp"`
	Points     int         `json:"points" yaml:"points"`
	Deducted   int         `json:"deducted" yaml:"deducted"`
	Partial    bool        `json:"partial,omitempty" yaml:"partial,omitempty"`
	OnPOAM     bool        `json:"on_poam,omitempty" yaml:"on_poam,omitempty"`
	POAMRule   string      `json:"cmmc_poam" yaml:"cmmc_poam"`
	Manual     bool        `json:"manual,omitempty" yaml:"manual,omitempty"`
	Objectives []ObjResult `json:"objectives" yaml:"objectives"`

	open int // objectives not met or not assessed
}

// ObjResult is the outcome for one assessment objective, with the
// provenance of the determination it rests on.
type ObjResult struct {
	ID     string `json:"id" yaml:"id"`
	Status string `json:"status" yaml:"status"`
	// Claimed is the organisation's determination, when it differs from
	// Status (a contradiction) or is absent.
	Claimed      string      `json:"claimed,omitempty" yaml:"claimed,omitempty"`
	Contradicted bool        `json:"contradicted,omitempty" yaml:"contradicted,omitempty"`
	Unverified   bool        `json:"unverified,omitempty" yaml:"unverified,omitempty"`
	Stale        bool        `json:"stale,omitempty" yaml:"stale,omitempty"`
	Provenance   *Provenance `json:"provenance,omitempty" yaml:"provenance,omitempty"`
	// Corroboration says what corroborates a claim that stands as met:
	// "collected" when every fact it needs was collected from every
	// in-scope host, "partial" when machines report some of it, "declared"
	// when none; CorroboratedBy names the facts (their sources are in
	// Verdict.Facts).
	Corroboration  string   `json:"corroboration,omitempty" yaml:"corroboration,omitempty"`
	CorroboratedBy []string `json:"corroborated_by,omitempty" yaml:"corroborated_by,omitempty"`
}

// Corroboration kinds.
const (
	CorroborationCollected = evidence.SourceCollected
	CorroborationPartial   = "partial"
	CorroborationDeclared  = evidence.SourceDeclared
)

// FactSummary is one fact the policies saw, with its sources.
type FactSummary struct {
	Fact string `json:"fact" yaml:"fact"`
	// Value is what the policies saw: the weakest any source gives.
	Value   string       `json:"value" yaml:"value"`
	Sources []FactSource `json:"sources" yaml:"sources"`
	// Disagree is set when sources give values that cannot all be true;
	// Conflicting names the hosts or tenants two sources disagree on.
	Disagree    bool     `json:"disagree,omitempty" yaml:"disagree,omitempty"`
	Conflicting []string `json:"conflicting,omitempty" yaml:"conflicting,omitempty"`
	// Coverage of a collected fact: the hosts (or tenants) in scope that
	// reported it, of those in scope, and those that did not.
	Coverage *FactCoverage `json:"coverage,omitempty" yaml:"coverage,omitempty"`
}

// FactCoverage is how many in-scope hosts or tenants reported a fact.
type FactCoverage struct {
	Subject  string   `json:"subject" yaml:"subject"` // host or tenant
	Reported int      `json:"reported" yaml:"reported"`
	InScope  int      `json:"in_scope" yaml:"in_scope"`
	Missing  []string `json:"missing,omitempty" yaml:"missing,omitempty"`
}

// FactSource is one source of a fact: a person's declaration, or what
// one tool's exports say on the hosts or tenants it read.
type FactSource struct {
	// Kind is "declared" or "collected".
	Kind string `json:"kind" yaml:"kind"`
	// Value is the value this source gives (for collected facts, its
	// weakest host's).
	Value string `json:"value" yaml:"value"`
	// By, Role and Date name who declared it and when. Implicit: the
	// evidence gave no provenance, so the fact is taken as declared by
	// the assessment's assessor on the assessment's date.
	By       string         `json:"by,omitempty" yaml:"by,omitempty"`
	Role     string         `json:"role,omitempty" yaml:"role,omitempty"`
	Date     *evidence.Date `json:"date,omitempty" yaml:"date,omitempty"`
	Implicit bool           `json:"implicit,omitempty" yaml:"implicit,omitempty"`
	// Importer and Tool say what collected it; Subjects are the hosts or
	// tenants (in a finding, those whose own value gives the finding),
	// SubjectKind "host" or "tenant"; Reported how many there are.
	Importer    string   `json:"importer,omitempty" yaml:"importer,omitempty"`
	Tool        string   `json:"tool,omitempty" yaml:"tool,omitempty"`
	SubjectKind string   `json:"subject_kind,omitempty" yaml:"subject_kind,omitempty"`
	Subjects    []string `json:"subjects,omitempty" yaml:"subjects,omitempty"`
	Reported    int      `json:"reported,omitempty" yaml:"reported,omitempty"`
	// CollectedFrom and CollectedTo bound when the exports were made;
	// Stale is set when the oldest is older than the review period
	// (artifact_review_max_age_days) at the assessment date.
	CollectedFrom *time.Time `json:"collected_from,omitempty" yaml:"collected_from,omitempty"`
	CollectedTo   *time.Time `json:"collected_to,omitempty" yaml:"collected_to,omitempty"`
	Stale         bool       `json:"stale,omitempty" yaml:"stale,omitempty"`
}

// Provenance records who determined an objective, how, when and on what.
type Provenance struct {
	Assessor      string        `json:"assessor" yaml:"assessor"`
	AssessorType  string        `json:"assessor_type" yaml:"assessor_type"`
	Method        string        `json:"method,omitempty" yaml:"method,omitempty"`
	Date          evidence.Date `json:"date" yaml:"date"`
	Justification string        `json:"justification,omitempty" yaml:"justification,omitempty"`
	Artifacts     []ArtifactRef `json:"artifacts,omitempty" yaml:"artifacts,omitempty"`
	Source        string        `json:"source,omitempty" yaml:"source,omitempty"`
}

// ArtifactRef is an artifact as relied on by a determination.
type ArtifactRef struct {
	ID       string         `json:"id" yaml:"id"`
	Title    string         `json:"title" yaml:"title"`
	Version  string         `json:"version,omitempty" yaml:"version,omitempty"`
	Date     *evidence.Date `json:"date,omitempty" yaml:"date,omitempty"`
	Reviewed *evidence.Date `json:"reviewed,omitempty" yaml:"reviewed,omitempty"`
	SHA256   string         `json:"sha256,omitempty" yaml:"sha256,omitempty"`
	Stale    bool           `json:"stale,omitempty" yaml:"stale,omitempty"`
}

// Finding effects.
const (
	EffectNotMet     = "not_met"
	EffectUnverified = "unverified"
	EffectWarning    = "warning"
	// EffectVariant marks the DoD partial-credit variant the facts
	// support (3.5.3, 3.13.11); Value is "partial".
	EffectVariant = "variant"
	// EffectNotPermitted marks a capability the facts show is not
	// permitted, with a policy preventing it; Value names it.
	EffectNotPermitted = "not_permitted"
	// EffectDisagreement marks a fact whose sources give values that
	// cannot all be true: the policies saw the weaker (Value), and the
	// finding lists every source with its value.
	EffectDisagreement = "disagreement"
)

// Finding is something a policy or the engine found, tied to a
// requirement and its objectives.
type Finding struct {
	Requirement string   `json:"requirement" yaml:"requirement"`
	Objectives  []string `json:"objectives,omitempty" yaml:"objectives,omitempty"`
	Code        string   `json:"code" yaml:"code"`
	Effect      string   `json:"effect" yaml:"effect"`
	Fact        string   `json:"fact,omitempty" yaml:"fact,omitempty"`
	Value       string   `json:"value,omitempty" yaml:"value,omitempty"`
	// Contradiction is set when the organisation claimed met.
	Contradiction bool `json:"contradiction,omitempty" yaml:"contradiction,omitempty"`
	Message       Text `json:"message" yaml:"message"`
	// Sources are where the fact behind the finding came from: the
	// declarations and the hosts or tenants whose own value gives the
	// finding. Origin says so in words when machines are among them or
	// the sources disagree ("collected on PC-07 and PC-12 (...)").
	Sources []FactSource `json:"sources,omitempty" yaml:"sources,omitempty"`
	Origin  *Text        `json:"origin,omitempty" yaml:"origin,omitempty"`
}

// Describe is the finding's message in lang, followed by its origin.
func (f *Finding) Describe(lang string) string {
	if f.Origin == nil {
		return f.Message.In(lang)
	}
	if lang == LangJA {
		return f.Message.In(lang) + "（" + f.Origin.In(lang) + "）"
	}
	return f.Message.In(lang) + " (" + f.Origin.In(lang) + ")"
}

package engine

import "github.com/mamori-dev/mamori/engine/evidence"

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
	Findings   []Finding   `json:"findings" yaml:"findings"`
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
}

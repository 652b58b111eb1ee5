// Package chain checks a prime's supply chain: for each contract that
// carries the information-security special clause (情報セキュリティ特約条項),
// whether every company that receives its protected information
// (保護すべき情報) is currently conformant at every tier, with the clause
// flowed down along the way.
//
// The chain is declared as data (a supply-chain/v1 YAML document, see
// Load). Suppliers are judged by their signed verdicts (DSSE envelopes
// from "mamori assess --sign") or, where the prime assesses them itself,
// by verdicts computed from their evidence. Only the summary figures of a
// signed verdict cross from a supplier to the prime: the report never
// carries a supplier's findings or evidence unless the prime assessed
// that supplier's own evidence.
package chain

import (
	"time"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/attest"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// Schema identifies a declared supply chain (the value of its "mamori"
// key).
const Schema = "supply-chain/v1"

// ReportSchema identifies a supply-chain report.
const ReportSchema = "supply-chain-report/v1"

// DefaultMaxAgeDays is how old an assessment may be when a contract
// does not say otherwise: the three-year rule (DFARS 252.204-7019, 32 CFR
// 170.21).
const DefaultMaxAgeDays = 3 * 365

// AlertWindows are the alert thresholds, in days before a date falls
// due, narrowest first.
var AlertWindows = []int{30, 60, 90}

// ---------------------------------------------------------------------
// The declared model.

// Chain is a declared supply chain: the prime, the companies it works
// with, the keys it trusts to sign their verdicts, and its contracts.
type Chain struct {
	Schema string `yaml:"mamori" json:"mamori"`
	// AsOf fixes the date the chain is checked at (for examples and
	// tests); --as-of overrides it, and without either it is today.
	AsOf  *evidence.Date `yaml:"as_of,omitempty" json:"as_of,omitempty"`
	Prime Organization   `yaml:"prime" json:"prime"`
	// Keys are trusted public keys (PEM files), relative to the chain
	// file.
	Keys      []string   `yaml:"keys,omitempty" json:"keys,omitempty"`
	Companies []Company  `yaml:"companies" json:"companies"`
	Contracts []Contract `yaml:"contracts" json:"contracts"`

	// File is the file the chain was read from (for messages).
	File string `yaml:"-" json:"-"`
	// lines holds the line of each declared element, for messages.
	lines map[string]int
}

// Organization names the prime.
type Organization struct {
	ID     string `yaml:"id" json:"id"`
	Name   string `yaml:"name" json:"name"`
	NameEN string `yaml:"name_en,omitempty" json:"name_en,omitempty"`
}

// Company is a supplier the prime works with, at any tier.
type Company struct {
	ID     string `yaml:"id" json:"id"`
	Name   string `yaml:"name" json:"name"`
	NameEN string `yaml:"name_en,omitempty" json:"name_en,omitempty"`
	// Sites are the company's handling facilities (取扱施設). A verdict
	// for a site covers only that site; a verdict without a site covers
	// every site of the company.
	Sites []Site `yaml:"sites,omitempty" json:"sites,omitempty"`
	// Suspension, when set, means the prime has suspended the company:
	// it blocks every contract on which it receives protected
	// information, whatever its verdict says.
	Suspension *Suspension `yaml:"suspension,omitempty" json:"suspension,omitempty"`
}

// Site is a handling facility.
type Site struct {
	ID   string `yaml:"id" json:"id"`
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
}

// Suspension records why and since when a company is suspended.
type Suspension struct {
	Since  evidence.Date `yaml:"since" json:"since"`
	Reason string        `yaml:"reason" json:"reason"`
}

// Contract is one contract of the prime and the companies working on it.
type Contract struct {
	ID    string `yaml:"id" json:"id"`
	Title string `yaml:"title" json:"title"`
	// SpecialClause is true when the contract carries the
	// information-security special clause; only such a contract may
	// flow protected information.
	SpecialClause bool `yaml:"special_clause" json:"special_clause"`
	// DesignationReference is the 情報セキュリティ指定書 reference;
	// required with the special clause.
	DesignationReference string      `yaml:"designation_reference,omitempty" json:"designation_reference,omitempty"`
	Requirement          Requirement `yaml:"requirement" json:"requirement"`
	// Parties are the companies on the contract below the prime, each
	// with its parent (the prime or another party).
	Parties []Party `yaml:"parties" json:"parties"`
	// Flows are the information flows between the prime and the
	// parties.
	Flows []Flow `yaml:"flows,omitempty" json:"flows,omitempty"`
}

// Requirement is what every receiver of the contract's protected
// information must meet.
type Requirement struct {
	// Status is the lowest CMMC-style status accepted: "final" (the
	// standard fully met) or "conditional" (a conditional status with
	// an open POA&M also suffices).
	Status string `yaml:"status" json:"status"`
	// ConditionalUntil, with status conditional, is the last day a
	// conditional status is accepted; after it only final suffices.
	ConditionalUntil *evidence.Date `yaml:"conditional_until,omitempty" json:"conditional_until,omitempty"`
	// MinScore is the lowest DoD score accepted, if any.
	MinScore *int `yaml:"min_score,omitempty" json:"min_score,omitempty"`
	// SiteCheck requires the verdict to be auditor-verified (the site
	// was checked by an auditor).
	SiteCheck bool `yaml:"site_check,omitempty" json:"site_check,omitempty"`
	// MaxAgeDays is how old the assessment may be; 0 means
	// DefaultMaxAgeDays.
	MaxAgeDays int `yaml:"max_age_days,omitempty" json:"max_age_days,omitempty"`
}

// Party is a company on a contract and its place in the tiers.
type Party struct {
	Company string `yaml:"company" json:"company"`
	// Parent is the prime's ID or another party's company ID: the
	// company that subcontracted this one.
	Parent string `yaml:"parent" json:"parent"`
	// FlowDown is true when the special clause was flowed down in the
	// subcontract between the parent and this company.
	FlowDown bool `yaml:"flow_down" json:"flow_down"`
	// Sites are the company's sites that work on the contract; empty
	// means all of them.
	Sites []string `yaml:"sites,omitempty" json:"sites,omitempty"`
}

// Flow is information passing from one company to another on a
// contract.
type Flow struct {
	From string `yaml:"from" json:"from"`
	To   string `yaml:"to" json:"to"`
	// Protected is true when the flow carries protected information.
	Protected   bool   `yaml:"protected" json:"protected"`
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
}

// ---------------------------------------------------------------------
// The result.

// Reason codes: why a company blocks a contract.
const (
	// ReasonNoVerdict: no verdict was found for the company (or site).
	ReasonNoVerdict = "no_verdict"
	// ReasonInvalidSignature: a verdict was found but its signature is
	// bad, its key unknown or the envelope malformed; it counts as no
	// verdict.
	ReasonInvalidSignature = "invalid_signature"
	// ReasonExpired: the verdict's validity window, the assessment's
	// age limit, the reassessment or the POA&M closeout has passed.
	ReasonExpired = "expired"
	// ReasonBelowRequirement: the status or score is below what the
	// contract requires.
	ReasonBelowRequirement = "below_requirement"
	// ReasonSuspended: the prime has suspended the company.
	ReasonSuspended = "suspended"
	// ReasonSiteNotChecked: the contract requires a site check and the
	// verdict is not auditor-verified.
	ReasonSiteNotChecked = "site_not_checked"
	// ReasonFlowDownNotDeclared: the special clause was not flowed down
	// in a subcontract on the path to a receiver of protected
	// information.
	ReasonFlowDownNotDeclared = "flow_down_not_declared"
)

// Verdict states of a supplier.
const (
	VerdictValid   = "valid"
	VerdictExpired = "expired"
	// VerdictInvalid: only unverifiable verdicts were found.
	VerdictInvalid = "invalid"
	VerdictNone    = "none"
)

// Assessment types as reported.
const (
	AssessmentSelf            = "self"
	AssessmentPrimeLed        = "prime_led"
	AssessmentAuditorVerified = "auditor_verified"
)

// Sources of a supplier's verdict.
const (
	SourceSignedVerdict = "signed_verdict"
	SourceEvidence      = "evidence"
)

// Alert kinds: what falls due.
const (
	AlertVerdictExpiry = "verdict_expiry"
	AlertAffirmation   = "affirmation"
	AlertReassessment  = "reassessment"
	AlertCloseout      = "closeout"
	// AlertConditionalAcceptance: a contract stops accepting a
	// conditional status that a receiver relies on.
	AlertConditionalAcceptance = "conditional_acceptance"
)

// Report is the result of checking a supply chain.
type Report struct {
	Schema string        `json:"mamori"`
	AsOf   evidence.Date `json:"as_of"`
	Prime  Organization  `json:"prime"`
	// Source is the chain file checked.
	Source    string           `json:"source"`
	Summary   Summary          `json:"summary"`
	Contracts []ContractResult `json:"contracts"`
	Suppliers []SupplierResult `json:"suppliers"`
	// Blockers lists every blocking company on every path, ordered by
	// contract, tier, company and reason.
	Blockers []Blocker `json:"blockers"`
	// Alerts lists what falls due within the largest alert window,
	// soonest first.
	Alerts []Alert `json:"alerts"`
}

// Summary counts the report's figures.
type Summary struct {
	// Ready is true when every contract is ready.
	Ready            bool `json:"ready"`
	Contracts        int  `json:"contracts"`
	ContractsReady   int  `json:"contracts_ready"`
	ContractsBlocked int  `json:"contracts_blocked"`
	// Suppliers counts supplier rows (company, or company and site).
	Suppliers       int `json:"suppliers"`
	Companies       int `json:"companies"`
	VerdictsValid   int `json:"verdicts_valid"`
	VerdictsExpired int `json:"verdicts_expired"`
	VerdictsInvalid int `json:"verdicts_invalid"`
	VerdictsMissing int `json:"verdicts_missing"`
	// BlockingCompanies counts distinct companies that block at least
	// one contract.
	BlockingCompanies int `json:"blocking_companies"`
	Blockers          int `json:"blockers"`
	Alerts            int `json:"alerts"`
	// MaxTier is the deepest tier declared.
	MaxTier int `json:"max_tier"`
}

// ContractResult is the state of one contract.
type ContractResult struct {
	ID                   string      `json:"id"`
	Title                string      `json:"title"`
	SpecialClause        bool        `json:"special_clause"`
	DesignationReference string      `json:"designation_reference,omitempty"`
	Requirement          Requirement `json:"requirement"`
	// Ready is true when no company blocks the contract.
	Ready bool `json:"ready"`
	// Parties counts the companies on the contract; Receivers those
	// that receive protected information.
	Parties   int `json:"parties"`
	Receivers int `json:"receivers"`
	MaxTier   int `json:"max_tier"`
	// BlockingCompanies are the IDs of the companies that block it,
	// sorted.
	BlockingCompanies []string `json:"blocking_companies"`
	// Blockers counts this contract's entries in Report.Blockers.
	Blockers int `json:"blockers"`
}

// SupplierResult is what the prime knows about one supplier (one row
// per company, or per company and site when the company declares
// sites): only summary figures.
type SupplierResult struct {
	Company string      `json:"company"`
	Name    engine.Text `json:"name"`
	// Site is the site ID, empty for a company without declared sites.
	Site string `json:"site,omitempty"`
	// Tier is the shallowest tier at which the company appears (0 when
	// it is on no contract).
	Tier int `json:"tier"`
	// Contracts are the contracts the company is a party to; Receives
	// those on which it receives protected information; Blocks those
	// it blocks.
	Contracts []string `json:"contracts"`
	Receives  []string `json:"receives"`
	Blocks    []string `json:"blocks"`
	// Verdict is one of VerdictValid, VerdictExpired, VerdictInvalid,
	// VerdictNone. Problem explains an invalid or missing verdict.
	Verdict string       `json:"verdict"`
	Problem *engine.Text `json:"problem,omitempty"`
	// Source is SourceSignedVerdict or SourceEvidence; File is the
	// verdict file or evidence path (relative to its directory).
	Source string `json:"source,omitempty"`
	File   string `json:"file,omitempty"`
	// KeyID identifies the key that signed the verdict.
	KeyID string `json:"key_id,omitempty"`

	Score  *int   `json:"score"`
	Status string `json:"status,omitempty"`
	// Conformant mirrors the verdict's decision (ready).
	Conformant bool `json:"conformant"`
	// AssessmentType is AssessmentSelf, AssessmentPrimeLed or
	// AssessmentAuditorVerified.
	AssessmentType string `json:"assessment_type,omitempty"`
	// DeterminedBy counts the objectives each kind of assessor
	// determined, from the verdict (absent from older verdicts): a
	// self-assessment whose site an auditor checked has auditor
	// determinations.
	DeterminedBy   *attest.DeterminedBy `json:"determined_by,omitempty"`
	Assessor       string               `json:"assessor,omitempty"`
	AssessmentDate *evidence.Date       `json:"assessment_date,omitempty"`
	// VerdictDate is the day the verdict was issued; Expires the first
	// day on which it is no longer valid (its validity window, checked
	// at the start of the day, UTC).
	VerdictDate     *evidence.Date `json:"verdict_date,omitempty"`
	Expires         *evidence.Date `json:"expires,omitempty"`
	AffirmationDue  *evidence.Date `json:"affirmation_due,omitempty"`
	ReassessmentDue *evidence.Date `json:"reassessment_due,omitempty"`
	CloseoutDue     *evidence.Date `json:"closeout_due,omitempty"`
	// Days from the as-of date to each date (zero or negative once
	// lapsed: a date lapses at the start of its day).
	DaysToExpiry       *int `json:"days_to_expiry,omitempty"`
	DaysToAffirmation  *int `json:"days_to_affirmation,omitempty"`
	DaysToReassessment *int `json:"days_to_reassessment,omitempty"`
	DaysToCloseout     *int `json:"days_to_closeout,omitempty"`

	Suspension *Suspension `json:"suspension,omitempty"`

	// Findings and Gaps are present only for a supplier the prime
	// assessed from the supplier's own evidence (Source ==
	// SourceEvidence); never from a signed verdict.
	Findings []engine.Finding `json:"findings,omitempty"`
	Gaps     []engine.Gap     `json:"gaps,omitempty"`
}

// Blocker is one company blocking one contract, on one path.
type Blocker struct {
	Contract string `json:"contract"`
	Company  string `json:"company"`
	// Name is the company's name.
	Name engine.Text `json:"name"`
	Site string      `json:"site,omitempty"`
	// Tier is the company's depth below the prime (1 for a direct
	// subcontractor).
	Tier int `json:"tier"`
	// Path is the chain of company IDs from the prime (first) to the
	// company (last).
	Path []string `json:"path"`
	// Reason is one of the Reason* codes; Message explains it.
	Reason  string      `json:"reason"`
	Message engine.Text `json:"message"`
}

// Alert is a date that falls due within an alert window of the as-of
// date. Dates already past are blockers, not alerts.
type Alert struct {
	Company string      `json:"company,omitempty"`
	Name    engine.Text `json:"name"`
	Site    string      `json:"site,omitempty"`
	// Contract is set for AlertConditionalAcceptance.
	Contract string `json:"contract,omitempty"`
	// Kind is one of the Alert* kinds.
	Kind string        `json:"kind"`
	Due  evidence.Date `json:"due"`
	// DaysLeft is the days from the as-of date to Due; Window is the
	// narrowest alert window (30, 60 or 90) that contains it.
	DaysLeft int `json:"days_left"`
	Window   int `json:"window"`
	// Contracts are the contracts on which the company receives
	// protected information (that the lapse would block).
	Contracts []string    `json:"contracts"`
	Message   engine.Text `json:"message"`
}

// checkedAt is the instant a date is checked at: the start of the as-of
// day, UTC.
func checkedAt(d evidence.Date) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
}

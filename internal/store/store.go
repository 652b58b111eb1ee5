// Package store persists the verdict service's records: organisations,
// sites, contracts, auditor assignments, evidence, verdicts, site checks,
// suspensions, gate decisions and API tokens, with a hash-chained ledger
// of every change that matters. Handlers use the Store interface; the
// SQLite type implements it, and a PostgreSQL backend can follow.
package store

import (
	"context"
	"errors"
	"time"
)

// Errors the store returns; callers test them with errors.Is.
var (
	// ErrNotFound is returned when a record does not exist (or, for a
	// token, is revoked).
	ErrNotFound = errors.New("not found")
	// ErrExists is returned when a record with the same key exists.
	ErrExists = errors.New("already exists")
	// ErrTooLarge is returned for evidence over the size limit.
	ErrTooLarge = errors.New("evidence too large")
	// ErrInvalid is returned for a record that fails validation.
	ErrInvalid = errors.New("invalid record")
	// ErrSchemaTooNew is returned when the database was migrated by a
	// newer mamori than this one.
	ErrSchemaTooNew = errors.New("database schema is newer than this mamori")
)

// Token roles.
const (
	RoleCompany = "company"
	RoleAuditor = "auditor"
	RolePrime   = "prime"
	RoleGate    = "gate"
	RoleAdmin   = "admin"
)

// Site check kinds and results.
const (
	CheckPre   = "pre"
	CheckFinal = "final"
	CheckPass  = "pass"
	CheckFail  = "fail"
)

// Gates and decisions.
const (
	GateMembership = "membership"
	GateExchange   = "exchange"
	DecisionAllow  = "allow"
	DecisionDeny   = "deny"
)

// Ledger entry kinds.
const (
	KindSubmission       = "submission"
	KindVerdict          = "verdict"
	KindSiteCheck        = "site_check"
	KindGateDecision     = "gate_decision"
	KindSuspension       = "suspension"
	KindSuspensionLifted = "suspension_lifted"
	KindTokenCreated     = "token_created"
	KindTokenRevoked     = "token_revoked"
	// The registry's records (migration 0007).
	KindOrganization    = "organization"
	KindSite            = "site"
	KindContract        = "contract"
	KindContractParty   = "contract_subcontractor"
	KindAuditorAssigned = "auditor_assigned"
	// KindLedgerFormat marks where every entry that changes a row starts
	// keeping the row as its record (migration 0007); KindAdopted keeps a
	// row that existed then, as it was.
	KindLedgerFormat = "ledger_format"
	KindAdopted      = "adopted"
)

// Organization is a registered company.
type Organization struct {
	ID              string    `json:"id"`
	Name            string    `json:"name"`
	CorporateNumber string    `json:"corporate_number,omitempty"`
	CAGE            string    `json:"cage,omitempty"`
	CreatedAt       time.Time `json:"created_at"`
}

// Site is a handling facility of an organisation. Site IDs are unique
// across organisations.
type Site struct {
	ID        string    `json:"id"`
	OrgID     string    `json:"org"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

// Contract is a contract of a prime, flowing down to subcontractors.
type Contract struct {
	ID            string `json:"id"`
	PrimeOrgID    string `json:"prime"`
	SpecialClause bool   `json:"special_clause"`
	// DesignationRef is the 情報セキュリティ指定書 reference.
	DesignationRef string   `json:"designation_reference,omitempty"`
	Subcontractors []string `json:"subcontractors"`
	// Parents maps a subcontractor below tier 1 to the subcontractor it
	// receives the information from; the others receive it from the
	// prime.
	Parents   map[string]string `json:"parents,omitempty"`
	CreatedAt time.Time         `json:"created_at"`
}

// Evidence is an immutable evidence submission, addressed by the
// SHA-256 (hex) of its content.
type Evidence struct {
	SHA256      string    `json:"sha256"`
	OrgID       string    `json:"org"`
	MediaType   string    `json:"media_type,omitempty"`
	Size        int64     `json:"size"`
	Content     []byte    `json:"-"`
	SubmittedBy string    `json:"submitted_by,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// Verdict is a stored verdict with its signed envelope.
type Verdict struct {
	ID              string    `json:"id"`
	OrgID           string    `json:"org"`
	SiteID          string    `json:"site,omitempty"`
	CatalogID       string    `json:"catalog_id"`
	CatalogVersion  string    `json:"catalog_version"`
	PolicyDigest    string    `json:"policy_digest"`
	EvidenceDigests []string  `json:"evidence_digests"`
	Assessor        string    `json:"assessor"`
	CreatedAt       time.Time `json:"created_at"`
	// ValidUntil is the end of the signed validity window, if known.
	ValidUntil   time.Time `json:"valid_until,omitzero"`
	VerdictJSON  []byte    `json:"-"`
	EnvelopeJSON []byte    `json:"-"`
	// SHA256 is, when a caller creating the verdict has it (the server
	// signs it before storing), the hex SHA-256 of VerdictJSON, which the
	// ledger entry binds: a verdict can be hundreds of kilobytes. When it
	// is empty the store computes it; reads leave it empty. A wrong one
	// does not pass unseen: audit verify finds the record no longer
	// matching its entry (TestVerdictDigestChecked).
	SHA256 string `json:"-"`
}

// SiteCheck is an auditor's pre-site or final site check.
type SiteCheck struct {
	ID     string `json:"id"`
	SiteID string `json:"site"`
	// Kind is CheckPre or CheckFinal; Result CheckPass or CheckFail.
	Kind    string `json:"kind"`
	Result  string `json:"result"`
	Auditor string `json:"auditor"`
	// Date is the day of the check; ChecklistSHA256 the filled
	// checklist's digest.
	Date            time.Time `json:"date"`
	ChecklistSHA256 string    `json:"checklist_sha256"`
	CreatedAt       time.Time `json:"created_at"`
}

// Suspension suspends an organisation until lifted.
type Suspension struct {
	ID       string    `json:"id"`
	OrgID    string    `json:"org"`
	Reason   string    `json:"reason"`
	Since    time.Time `json:"since"`
	By       string    `json:"by"`
	LiftedAt time.Time `json:"lifted_at,omitzero"`
	LiftedBy string    `json:"lifted_by,omitempty"`
}

// Active reports whether the suspension has not been lifted.
func (s Suspension) Active() bool { return s.LiftedAt.IsZero() }

// GateDecision is a membership or exchange decision as served. It is
// kept in its ledger entry: the IDs and the outcome in the entry's
// subject, the signed decision (which also carries the reasons and the
// times) as its record.
type GateDecision struct {
	ID         string `json:"id"`
	Gate       string `json:"gate"`
	OrgID      string `json:"org"`
	SiteID     string `json:"site,omitempty"`
	ContractID string `json:"contract,omitempty"`
	Decision   string `json:"decision"`
	VerdictID  string `json:"verdict_id,omitempty"`
	Signed     []byte `json:"-"`
}

// Token is an API token. Only the SHA-256 of the raw token is stored.
type Token struct {
	ID        string    `json:"id"`
	Subject   string    `json:"subject"`
	Role      string    `json:"role"`
	OrgID     string    `json:"org,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	RevokedAt time.Time `json:"revoked_at,omitzero"`
}

// Store is what the verdict service's handlers need. Methods that
// create a record fill in an empty ID and a zero time. Get methods
// return ErrNotFound for a missing record.
type Store interface {
	CreateOrganization(ctx context.Context, o Organization) (Organization, error)
	GetOrganization(ctx context.Context, id string) (Organization, error)
	ListOrganizations(ctx context.Context) ([]Organization, error)

	CreateSite(ctx context.Context, s Site) (Site, error)
	GetSite(ctx context.Context, id string) (Site, error)
	ListSites(ctx context.Context, orgID string) ([]Site, error)

	CreateContract(ctx context.Context, c Contract) (Contract, error)
	GetContract(ctx context.Context, id string) (Contract, error)
	ListContracts(ctx context.Context) ([]Contract, error)

	AssignAuditor(ctx context.Context, subject, siteID string) error
	AuditorSites(ctx context.Context, subject string) ([]string, error)
	AuditorAssigned(ctx context.Context, subject, siteID string) (bool, error)

	// PutEvidence stores content once: storing the same content again
	// returns the existing record with created false.
	PutEvidence(ctx context.Context, e Evidence) (rec Evidence, created bool, err error)
	GetEvidence(ctx context.Context, sha256 string) (Evidence, error)

	CreateVerdict(ctx context.Context, v Verdict) (Verdict, error)
	// CreateSubmission stores evidence and the verdict made from it in
	// one transaction; the verdict's evidence digests are those of evs.
	// Unlike CreateVerdict it does not parse the verdict JSON to check it
	// (a few hundred kilobytes, a millisecond): the caller has just
	// encoded it.
	CreateSubmission(ctx context.Context, evs []Evidence, v Verdict) (Verdict, error)
	GetVerdict(ctx context.Context, id string) (Verdict, error)
	// CurrentVerdict is the latest verdict for the organisation and
	// site ("" for an organisation-wide verdict).
	CurrentVerdict(ctx context.Context, orgID, siteID string) (Verdict, error)
	ListVerdicts(ctx context.Context, orgID string) ([]Verdict, error)

	AddSiteCheck(ctx context.Context, c SiteCheck) (SiteCheck, error)
	// ListSiteChecks returns the site's checks, latest first.
	ListSiteChecks(ctx context.Context, siteID string) ([]SiteCheck, error)

	Suspend(ctx context.Context, s Suspension) (Suspension, error)
	// LiftSuspension lifts the organisation's active suspensions.
	LiftSuspension(ctx context.Context, orgID, by string, at time.Time) error
	// ActiveSuspension returns the organisation's active suspension,
	// or ErrNotFound.
	ActiveSuspension(ctx context.Context, orgID string) (Suspension, error)
	ListSuspensions(ctx context.Context, orgID string) ([]Suspension, error)

	// RecordGateDecisions appends decisions to the ledger in one
	// transaction (so that a busy gate can commit them in groups).
	RecordGateDecisions(ctx context.Context, ds ...GateDecision) error

	// CreateToken creates a token and returns it with the raw bearer
	// token, which is shown once and never stored.
	CreateToken(ctx context.Context, t Token) (Token, string, error)
	// LookupToken finds the token for a raw bearer token; an unknown or
	// revoked token is ErrNotFound.
	LookupToken(ctx context.Context, raw string) (Token, error)
	RevokeToken(ctx context.Context, id string) error
	ListTokens(ctx context.Context) ([]Token, error)

	// Generation moves forward whenever a record that gates and token
	// checks read changes, by any process. It fails with ErrSchemaTooNew
	// once a newer mamori has migrated the database.
	Generation(ctx context.Context) (int64, error)
	// Ping checks that the database answers.
	Ping(ctx context.Context) error

	// VerifyLedger checks the ledger, every row that decides a gate or
	// an access against the entry that last recorded it, and the ledger
	// against the checkpoints given (see TableSpec and Checkpoint).
	VerifyLedger(ctx context.Context, cps ...Checkpoint) (LedgerReport, error)
	// LedgerHashes reads the hash chain in order, from one snapshot: fn
	// is called for each entry with after < seq <= upTo (upTo 0: to the
	// end). Checkpoints and consistency proofs are made from it.
	LedgerHashes(ctx context.Context, after, upTo int64, fn func(seq int64, prevHash, hash string) error) error
	Close() error
}

package export

// This file holds the OSCAL 1.1.3 models that mamori writes: a catalog,
// assessment results and a plan of action and milestones, with the
// metadata and back matter they share. Field names, JSON names and field
// order follow NIST's OSCAL JSON schema, so encoding/json writes them as
// OSCAL and reads them back; only the fields mamori fills are declared.

// Property is an OSCAL prop: a name (in a namespace) and a value.
type Property struct {
	Name    string `json:"name"`
	NS      string `json:"ns,omitempty"`
	Value   string `json:"value"`
	Class   string `json:"class,omitempty"`
	Group   string `json:"group,omitempty"`
	Remarks string `json:"remarks,omitempty"`
}

// Link points to another part of the document ("#uuid" or "#id") or
// elsewhere.
type Link struct {
	Href      string `json:"href"`
	Rel       string `json:"rel,omitempty"`
	MediaType string `json:"media-type,omitempty"`
	Text      string `json:"text,omitempty"`
}

// DocumentID identifies a document in a scheme (for an OSCAL document,
// its UUID under RFC 4122).
type DocumentID struct {
	Scheme     string `json:"scheme,omitempty"`
	Identifier string `json:"identifier"`
}

// Metadata is a document's metadata.
type Metadata struct {
	Title              string             `json:"title"`
	Published          string             `json:"published,omitempty"`
	LastModified       string             `json:"last-modified"`
	Version            string             `json:"version"`
	OSCALVersion       string             `json:"oscal-version"`
	DocumentIDs        []DocumentID       `json:"document-ids,omitempty"`
	Props              []Property         `json:"props,omitempty"`
	Links              []Link             `json:"links,omitempty"`
	Roles              []Role             `json:"roles,omitempty"`
	Locations          []Location         `json:"locations,omitempty"`
	Parties            []Party            `json:"parties,omitempty"`
	ResponsibleParties []ResponsibleParty `json:"responsible-parties,omitempty"`
	Remarks            string             `json:"remarks,omitempty"`
}

// Role is a function a party performs.
type Role struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
}

// Location is a physical place: for mamori, a handling facility.
type Location struct {
	UUID    string     `json:"uuid"`
	Title   string     `json:"title,omitempty"`
	Address *Address   `json:"address,omitempty"`
	Props   []Property `json:"props,omitempty"`
	Remarks string     `json:"remarks,omitempty"`
}

// Address is a postal address.
type Address struct {
	AddrLines []string `json:"addr-lines,omitempty"`
}

// Party is an organisation or a person.
type Party struct {
	UUID                  string       `json:"uuid"`
	Type                  string       `json:"type"`
	Name                  string       `json:"name,omitempty"`
	ShortName             string       `json:"short-name,omitempty"`
	ExternalIDs           []ExternalID `json:"external-ids,omitempty"`
	Props                 []Property   `json:"props,omitempty"`
	LocationUUIDs         []string     `json:"location-uuids,omitempty"`
	MemberOfOrganizations []string     `json:"member-of-organizations,omitempty"`
	Remarks               string       `json:"remarks,omitempty"`
}

// ExternalID is an identifier of a party in a scheme.
type ExternalID struct {
	Scheme string `json:"scheme"`
	ID     string `json:"id"`
}

// ResponsibleParty assigns parties to a role.
type ResponsibleParty struct {
	RoleID     string   `json:"role-id"`
	PartyUUIDs []string `json:"party-uuids"`
}

// BackMatter holds the resources a document refers to.
type BackMatter struct {
	Resources []Resource `json:"resources,omitempty"`
}

// Resource is a document or file referred to by "#uuid".
type Resource struct {
	UUID        string       `json:"uuid"`
	Title       string       `json:"title,omitempty"`
	Description string       `json:"description,omitempty"`
	Props       []Property   `json:"props,omitempty"`
	DocumentIDs []DocumentID `json:"document-ids,omitempty"`
	RLinks      []RLink      `json:"rlinks,omitempty"`
	Remarks     string       `json:"remarks,omitempty"`
}

// RLink locates a resource, with its digests.
type RLink struct {
	Href      string `json:"href"`
	MediaType string `json:"media-type,omitempty"`
	Hashes    []Hash `json:"hashes,omitempty"`
}

// Hash is a digest of a resource.
type Hash struct {
	Algorithm string `json:"algorithm"`
	Value     string `json:"value"`
}

// CatalogDocument is the root of an OSCAL catalog file.
type CatalogDocument struct {
	Catalog Catalog `json:"catalog"`
}

// Catalog is an OSCAL catalog.
type Catalog struct {
	UUID       string      `json:"uuid"`
	Metadata   Metadata    `json:"metadata"`
	Groups     []Group     `json:"groups,omitempty"`
	BackMatter *BackMatter `json:"back-matter,omitempty"`
}

// Group is a family of controls.
type Group struct {
	ID       string     `json:"id,omitempty"`
	Class    string     `json:"class,omitempty"`
	Title    string     `json:"title"`
	Props    []Property `json:"props,omitempty"`
	Parts    []Part     `json:"parts,omitempty"`
	Controls []Control  `json:"controls,omitempty"`
}

// Control is a requirement.
type Control struct {
	ID     string      `json:"id"`
	Class  string      `json:"class,omitempty"`
	Title  string      `json:"title"`
	Params []Parameter `json:"params,omitempty"`
	Props  []Property  `json:"props,omitempty"`
	Links  []Link      `json:"links,omitempty"`
	Parts  []Part      `json:"parts,omitempty"`
}

// Parameter is an organisation-defined parameter.
type Parameter struct {
	ID         string      `json:"id"`
	Props      []Property  `json:"props,omitempty"`
	Label      string      `json:"label,omitempty"`
	Guidelines []Guideline `json:"guidelines,omitempty"`
}

// Guideline is prose about a parameter.
type Guideline struct {
	Prose string `json:"prose"`
}

// Part is a statement, an objective, an assessment method or another
// named piece of a control.
type Part struct {
	ID    string     `json:"id,omitempty"`
	Name  string     `json:"name"`
	NS    string     `json:"ns,omitempty"`
	Class string     `json:"class,omitempty"`
	Title string     `json:"title,omitempty"`
	Props []Property `json:"props,omitempty"`
	Prose string     `json:"prose,omitempty"`
	Parts []Part     `json:"parts,omitempty"`
	Links []Link     `json:"links,omitempty"`
}

// AssessmentResultsDocument is the root of an OSCAL assessment results
// file.
type AssessmentResultsDocument struct {
	AssessmentResults AssessmentResults `json:"assessment-results"`
}

// AssessmentResults holds one set of results per assessment; mamori
// writes one, for one verdict.
type AssessmentResults struct {
	UUID       string      `json:"uuid"`
	Metadata   Metadata    `json:"metadata"`
	ImportAP   ImportAP    `json:"import-ap"`
	Results    []Result    `json:"results"`
	BackMatter *BackMatter `json:"back-matter,omitempty"`
}

// ImportAP points to the assessment plan.
type ImportAP struct {
	Href    string `json:"href"`
	Remarks string `json:"remarks,omitempty"`
}

// Result is the outcome of one assessment.
type Result struct {
	UUID             string            `json:"uuid"`
	Title            string            `json:"title"`
	Description      string            `json:"description"`
	Start            string            `json:"start"`
	End              string            `json:"end,omitempty"`
	Props            []Property        `json:"props,omitempty"`
	Links            []Link            `json:"links,omitempty"`
	LocalDefinitions *LocalDefinitions `json:"local-definitions,omitempty"`
	ReviewedControls ReviewedControls  `json:"reviewed-controls"`
	Observations     []Observation     `json:"observations,omitempty"`
	Risks            []Risk            `json:"risks,omitempty"`
	Findings         []Finding         `json:"findings,omitempty"`
	Remarks          string            `json:"remarks,omitempty"`
}

// LocalDefinitions holds the components (the assessed scope) and the
// assessment assets (the tool) of a result or a POA&M.
type LocalDefinitions struct {
	Components       []Component       `json:"components,omitempty"`
	AssessmentAssets *AssessmentAssets `json:"assessment-assets,omitempty"`
	Remarks          string            `json:"remarks,omitempty"`
}

// Component is a system component: the assessed scope, or mamori as
// the assessment tool.
type Component struct {
	UUID        string          `json:"uuid"`
	Type        string          `json:"type"`
	Title       string          `json:"title"`
	Description string          `json:"description"`
	Props       []Property      `json:"props,omitempty"`
	Status      ComponentStatus `json:"status"`
	Remarks     string          `json:"remarks,omitempty"`
}

// ComponentStatus is a component's operational state.
type ComponentStatus struct {
	State string `json:"state"`
}

// AssessmentAssets are the tools used in an assessment.
type AssessmentAssets struct {
	Components          []Component          `json:"components,omitempty"`
	AssessmentPlatforms []AssessmentPlatform `json:"assessment-platforms"`
}

// AssessmentPlatform is a set of tools.
type AssessmentPlatform struct {
	UUID           string          `json:"uuid"`
	Title          string          `json:"title,omitempty"`
	UsesComponents []UsesComponent `json:"uses-components,omitempty"`
}

// UsesComponent names a component a platform uses.
type UsesComponent struct {
	ComponentUUID string `json:"component-uuid"`
}

// ReviewedControls are the controls and objectives assessed.
type ReviewedControls struct {
	Description                string               `json:"description,omitempty"`
	Links                      []Link               `json:"links,omitempty"`
	ControlSelections          []ControlSelection   `json:"control-selections"`
	ControlObjectiveSelections []ObjectiveSelection `json:"control-objective-selections,omitempty"`
}

// ControlSelection selects controls by ID.
type ControlSelection struct {
	IncludeControls []SelectControl `json:"include-controls,omitempty"`
}

// SelectControl names a control.
type SelectControl struct {
	ControlID string `json:"control-id"`
}

// ObjectiveSelection selects objectives by ID.
type ObjectiveSelection struct {
	IncludeObjectives []SelectObjective `json:"include-objectives,omitempty"`
}

// SelectObjective names an objective.
type SelectObjective struct {
	ObjectiveID string `json:"objective-id"`
}

// Observation is something the assessment saw: a determination, a
// reported fact, or a check of the facts against the claims.
type Observation struct {
	UUID             string             `json:"uuid"`
	Title            string             `json:"title,omitempty"`
	Description      string             `json:"description"`
	Props            []Property         `json:"props,omitempty"`
	Methods          []string           `json:"methods"`
	Types            []string           `json:"types,omitempty"`
	Origins          []Origin           `json:"origins,omitempty"`
	Subjects         []SubjectReference `json:"subjects,omitempty"`
	RelevantEvidence []RelevantEvidence `json:"relevant-evidence,omitempty"`
	Collected        string             `json:"collected"`
	Remarks          string             `json:"remarks,omitempty"`
}

// Origin says who or what produced an observation or finding.
type Origin struct {
	Actors []OriginActor `json:"actors"`
}

// OriginActor is a party or a tool.
type OriginActor struct {
	Type      string `json:"type"`
	ActorUUID string `json:"actor-uuid"`
	RoleID    string `json:"role-id,omitempty"`
}

// SubjectReference names what was assessed.
type SubjectReference struct {
	SubjectUUID string `json:"subject-uuid"`
	Type        string `json:"type"`
	Title       string `json:"title,omitempty"`
}

// RelevantEvidence is an artifact an observation rests on.
type RelevantEvidence struct {
	Href        string     `json:"href,omitempty"`
	Description string     `json:"description"`
	Props       []Property `json:"props,omitempty"`
}

// Risk is a weakness: a requirement not implemented, or implemented
// under an exception or a temporary deficiency.
type Risk struct {
	UUID                string               `json:"uuid"`
	Title               string               `json:"title"`
	Description         string               `json:"description"`
	Statement           string               `json:"statement"`
	Props               []Property           `json:"props,omitempty"`
	Status              string               `json:"status"`
	Origins             []Origin             `json:"origins,omitempty"`
	MitigatingFactors   []MitigatingFactor   `json:"mitigating-factors,omitempty"`
	Deadline            string               `json:"deadline,omitempty"`
	Remediations        []Response           `json:"remediations,omitempty"`
	RelatedObservations []RelatedObservation `json:"related-observations,omitempty"`
}

// MitigatingFactor lessens a risk.
type MitigatingFactor struct {
	UUID        string `json:"uuid"`
	Description string `json:"description"`
}

// Response is a plan to remediate a risk, with its milestones as tasks.
type Response struct {
	UUID        string     `json:"uuid"`
	Lifecycle   string     `json:"lifecycle"`
	Title       string     `json:"title"`
	Description string     `json:"description"`
	Props       []Property `json:"props,omitempty"`
	Tasks       []Task     `json:"tasks,omitempty"`
}

// Task is a milestone of a remediation.
type Task struct {
	UUID        string     `json:"uuid"`
	Type        string     `json:"type"`
	Title       string     `json:"title"`
	Description string     `json:"description,omitempty"`
	Props       []Property `json:"props,omitempty"`
	Timing      *Timing    `json:"timing,omitempty"`
}

// Timing says when a task is due.
type Timing struct {
	OnDate *OnDate `json:"on-date,omitempty"`
}

// OnDate is a due date.
type OnDate struct {
	Date string `json:"date"`
}

// Finding is the assessment's conclusion on a requirement or objective.
type Finding struct {
	UUID                string               `json:"uuid"`
	Title               string               `json:"title"`
	Description         string               `json:"description"`
	Props               []Property           `json:"props,omitempty"`
	Origins             []Origin             `json:"origins,omitempty"`
	Target              FindingTarget        `json:"target"`
	RelatedObservations []RelatedObservation `json:"related-observations,omitempty"`
	RelatedRisks        []RelatedRisk        `json:"related-risks,omitempty"`
}

// FindingTarget is the objective a finding concludes on, and whether it
// is satisfied.
type FindingTarget struct {
	Type                 string                `json:"type"`
	TargetID             string                `json:"target-id"`
	Title                string                `json:"title,omitempty"`
	Description          string                `json:"description,omitempty"`
	Props                []Property            `json:"props,omitempty"`
	Status               ObjectiveStatus       `json:"status"`
	ImplementationStatus *ImplementationStatus `json:"implementation-status,omitempty"`
}

// ObjectiveStatus is satisfied or not-satisfied, with a reason.
type ObjectiveStatus struct {
	State   string `json:"state"`
	Reason  string `json:"reason,omitempty"`
	Remarks string `json:"remarks,omitempty"`
}

// ImplementationStatus says how a requirement is implemented.
type ImplementationStatus struct {
	State   string `json:"state"`
	Remarks string `json:"remarks,omitempty"`
}

// RelatedObservation refers to an observation.
type RelatedObservation struct {
	ObservationUUID string `json:"observation-uuid"`
}

// RelatedRisk refers to a risk.
type RelatedRisk struct {
	RiskUUID string `json:"risk-uuid"`
}

// RelatedFinding refers to a finding.
type RelatedFinding struct {
	FindingUUID string `json:"finding-uuid"`
}

// POAMDocument is the root of an OSCAL plan of action and milestones
// file.
type POAMDocument struct {
	POAM POAM `json:"plan-of-action-and-milestones"`
}

// POAM is a plan of action and milestones.
type POAM struct {
	UUID             string            `json:"uuid"`
	Metadata         Metadata          `json:"metadata"`
	SystemID         *SystemID         `json:"system-id,omitempty"`
	LocalDefinitions *LocalDefinitions `json:"local-definitions,omitempty"`
	Observations     []Observation     `json:"observations,omitempty"`
	Risks            []Risk            `json:"risks,omitempty"`
	Findings         []Finding         `json:"findings,omitempty"`
	POAMItems        []POAMItem        `json:"poam-items"`
	BackMatter       *BackMatter       `json:"back-matter,omitempty"`
}

// SystemID identifies the assessed system when there is no OSCAL SSP.
type SystemID struct {
	IdentifierType string `json:"identifier-type,omitempty"`
	ID             string `json:"id"`
}

// POAMItem is one entry of the plan.
type POAMItem struct {
	UUID                string               `json:"uuid"`
	Title               string               `json:"title"`
	Description         string               `json:"description"`
	Props               []Property           `json:"props,omitempty"`
	Origins             []Origin             `json:"origins,omitempty"`
	RelatedFindings     []RelatedFinding     `json:"related-findings,omitempty"`
	RelatedObservations []RelatedObservation `json:"related-observations,omitempty"`
	RelatedRisks        []RelatedRisk        `json:"related-risks,omitempty"`
	Remarks             string               `json:"remarks,omitempty"`
}

package export

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// Roles of the parties in the documents.
const (
	roleAssessed = "assessed-organization"
	roleAssessor = "assessor"
)

// Names of mamori's properties in the assessment results and the POA&M
// (all in NS; docs/oscal.md describes each).
const (
	propVerdictSHA256   = "verdict-sha256"
	propPolicyDigest    = "policy-digest"
	propCatalogID       = "catalog-id"
	propCatalogVersion  = "catalog-version"
	propEvidenceFile    = "evidence-file"
	propOrganizationID  = "organization-id"
	propLegalName       = "legal-name"
	propTier            = "supply-chain-tier"
	propPrime           = "prime-contractor"
	propSiteID          = "site-id"
	propAssessorRole    = "assessor-role"
	propAssessmentType  = "assessment-type"
	propAuditorVerified = "auditor-verified"
	propSystem          = "system"
	propContract        = "contract"

	propDoDScore        = "dod-score"
	propDoDScoreMax     = "dod-score-max"
	propDoDDeducted     = "dod-deducted"
	propNoScoreReason   = "dod-no-score-reason"
	propCMMCStatus      = "cmmc-status"
	propCloseoutDue     = "cmmc-closeout-due"
	propAffirmationDue  = "cmmc-affirmation-due"
	propReassessmentDue = "cmmc-reassessment-due"
	propCMMCBlocking    = "cmmc-blocking"
	propCMMCBlockingReq = "cmmc-blocking-requirement"
	propCMMCPOAMReq     = "cmmc-poam-requirement"
	propConformance     = "conformance"
	propCoverage        = "coverage"
	propReady           = "ready"

	propRequirement  = "requirement"
	propObjective    = "objective"
	propStatus       = "status"
	propBasis        = "basis"
	propJPStatus     = "jp-status"
	propPoints       = "dod-points"
	propDeducted     = "dod-deducted"
	propPartial      = "dod-partial"
	propOnPOAM       = "on-poam"
	propCMMCPOAMRule = "cmmc-poam"
	propManual       = "manual"
	propDetermined   = "determination"
	propClaimed      = "claimed"
	propContradicted = "contradicted"
	propUnverified   = "unverified"
	propStale        = "stale"
	propAssessorType = "assessor-type"
	propSource       = "source"
	propCode         = "code"
	propEffect       = "effect"
	propFact         = "fact"
	propValue        = "value"
	propArtifactID   = "artifact-id"
	propVersion      = "version"
	propDate         = "date"
	propReviewed     = "reviewed"
)

// Schemes of the parties' external identifiers.
const (
	schemeCorporateNumber = "https://www.houjin-bangou.nta.go.jp"
	schemeCAGE            = "https://cage.dla.mil"
	schemeUUID            = "https://ietf.org/rfc/rfc4122"
)

// builder makes the assessment results and the POA&M of one verdict;
// both documents share its UUIDs and elements.
type builder struct {
	v       *engine.Verdict
	ev      *evidence.Evidence
	cat     *engine.Catalog
	lang    string
	ids     ids
	sha     string
	catUUID string

	orgUUID, siteUUID, scopeUUID, toolUUID, platformUUID string
	assessorOrgUUID                                      string
	persons                                              map[string]string // assessor name → party UUID
	personTypes                                          map[string]string // assessor name → assessor type
	personOrder                                          []string
	artifacts                                            map[string]engine.ArtifactRef

	objObs      map[string]string   // objective ID → its determination's observation
	findingObs  []string            // per verdict finding, its observation
	factObs     map[string]string   // fact path → observation
	reqFindings map[string][]int    // requirement → indexes into v.Findings
	objFindings map[string][]int    // objective → indexes into v.Findings
	risks       map[string]*Risk    // requirement → its risk
	plans       map[string][]string // requirement → POA&M item IDs listing it
}

func newBuilder(in Input) (*builder, error) {
	if in.Verdict == nil || in.Catalog == nil {
		return nil, errors.New("export: a verdict and its catalogue are required")
	}
	v := in.Verdict
	if v.Catalog.ID != in.Catalog.ID {
		return nil, fmt.Errorf("export: the verdict was assessed against catalogue %q, not %q", v.Catalog.ID, in.Catalog.ID)
	}
	if len(v.Results) == 0 {
		return nil, errors.New("export: the verdict has no per-requirement results (a batch summary); assess the evidence set alone")
	}
	lang := in.Lang
	if lang == "" {
		lang = engine.LangEN
	}
	if lang != engine.LangEN && lang != engine.LangJA {
		return nil, fmt.Errorf("export: language %q: expected en or ja", lang)
	}
	sha := in.VerdictSHA256
	if sha == "" {
		var err error
		if sha, err = VerdictSHA256(v); err != nil {
			return nil, err
		}
	}
	catUUID, err := CatalogUUID(in.Catalog)
	if err != nil {
		return nil, err
	}
	ev := in.Evidence
	if ev == nil {
		ev = &evidence.Evidence{}
	}
	b := &builder{
		v: v, ev: ev, cat: in.Catalog, lang: lang, ids: verdictIDs(sha), sha: sha, catUUID: catUUID,
		persons: map[string]string{}, personTypes: map[string]string{}, artifacts: map[string]engine.ArtifactRef{},
		objObs: map[string]string{}, factObs: map[string]string{},
		reqFindings: map[string][]int{}, objFindings: map[string][]int{},
		risks: map[string]*Risk{}, plans: map[string][]string{},
	}
	b.orgUUID = b.ids.of("party", "organization", v.Organization.ID)
	b.scopeUUID = b.ids.of("component", "scope")
	b.toolUUID = b.ids.of("component", "mamori")
	b.platformUUID = b.ids.of("assessment-platform", "mamori")
	if v.Site != nil {
		b.siteUUID = b.ids.of("location", v.Site.ID)
	}
	if o := v.Assessment.Assessor.Organization; o != "" {
		b.assessorOrgUUID = b.ids.of("party", "assessor-organization", o)
	}
	b.person(v.Assessment.Assessor.Name)
	for i := range v.Results {
		for _, o := range v.Results[i].Objectives {
			if p := o.Provenance; p != nil {
				b.person(p.Assessor)
				if _, ok := b.personTypes[p.Assessor]; !ok && p.AssessorType != "" {
					b.personTypes[p.Assessor] = p.AssessorType
				}
				for _, a := range p.Artifacts {
					b.artifacts[a.ID] = a
				}
			}
		}
	}
	for i, f := range v.Findings {
		b.reqFindings[f.Requirement] = append(b.reqFindings[f.Requirement], i)
		for _, o := range f.Objectives {
			b.objFindings[o] = append(b.objFindings[o], i)
		}
	}
	for _, p := range b.ev.POAM {
		for _, r := range p.Requirements {
			b.plans[r] = append(b.plans[r], p.ID)
		}
	}
	return b, nil
}

// person registers an assessor and returns its party UUID.
func (b *builder) person(name string) string {
	if name == "" {
		return ""
	}
	if id, ok := b.persons[name]; ok {
		return id
	}
	id := b.ids.of("party", "person", name)
	b.persons[name] = id
	b.personOrder = append(b.personOrder, name)
	return id
}

func (b *builder) tr(en, ja string) string { return tr(b.lang, en, ja) }

// points counts DoD points: "1 DoD point", "5 DoD points", "5点".
func (b *builder) points(n int) string {
	if b.lang == engine.LangJA {
		return strconv.Itoa(n) + "点"
	}
	if n == 1 {
		return "1 DoD point"
	}
	return strconv.Itoa(n) + " DoD points"
}

func (b *builder) trf(en, ja string, args ...any) string { return trf(b.lang, en, ja, args...) }

// orgName is the assessed organisation's name in the document's language.
func (b *builder) orgName() string {
	o := b.v.Organization
	return engine.NameIn(b.lang, o.Name, o.NameEN)
}

// subject is the assessed organisation and, when there is one, its site.
func (b *builder) subject() string {
	s := b.orgName()
	if site := b.v.Site; site != nil {
		s += " — " + site.Name
	}
	return s
}

// metadata is the metadata both documents share, with the given title.
func (b *builder) metadata(title string, summary bool) Metadata {
	v := b.v
	m := Metadata{
		Title:        title,
		LastModified: dateTime(v.Assessment.Date),
		Version:      b.sha[:12],
		OSCALVersion: OSCALVersion,
		Props: []Property{
			valueProp(propVerdictSHA256, b.sha),
			valueProp(propCatalogID, v.Catalog.ID),
		},
		Roles: []Role{
			{ID: roleAssessed, Title: b.tr("Assessed organization", "被評価組織")},
			{ID: roleAssessor, Title: b.tr("Assessor", "評価者")},
		},
	}
	if v.Catalog.Version != "" {
		m.Props = append(m.Props, valueProp(propCatalogVersion, v.Catalog.Version))
	}
	if v.PolicyDigest != "" {
		m.Props = append(m.Props, valueProp(propPolicyDigest, v.PolicyDigest))
	}
	// The summary names the organisation and the site as a signed
	// verdict's statement does, by ID and name; the full document adds
	// what the evidence says of them.
	if site := v.Site; site != nil {
		loc := Location{UUID: b.siteUUID, Props: []Property{valueProp(propSiteID, site.ID)}}
		if !summary {
			loc.Title, loc.Remarks = site.Name, site.Scope
			if site.Address != "" {
				loc.Address = &Address{AddrLines: []string{oneLine(site.Address)}}
			}
		}
		m.Locations = []Location{loc}
	}
	o := v.Organization
	org := Party{UUID: b.orgUUID, Type: "organization", Name: oneLine(b.orgName()), Props: []Property{valueProp(propOrganizationID, o.ID)}}
	if org.Name != o.Name && o.Name != "" {
		org.Props = append(org.Props, valueProp(propLegalName, o.Name))
	}
	if b.siteUUID != "" {
		org.LocationUUIDs = []string{b.siteUUID}
	}
	m.Parties = []Party{org}
	m.ResponsibleParties = []ResponsibleParty{{RoleID: roleAssessed, PartyUUIDs: []string{b.orgUUID}}}
	if summary {
		return m
	}
	if o.Tier != nil {
		org.Props = append(org.Props, valueProp(propTier, strconv.Itoa(*o.Tier)))
	}
	if o.Prime != "" {
		org.Props = append(org.Props, valueProp(propPrime, o.Prime))
	}
	if o.CorporateNumber != "" {
		org.ExternalIDs = append(org.ExternalIDs, ExternalID{Scheme: schemeCorporateNumber, ID: oneLine(o.CorporateNumber)})
	}
	if o.CAGE != "" {
		org.ExternalIDs = append(org.ExternalIDs, ExternalID{Scheme: schemeCAGE, ID: oneLine(o.CAGE)})
	}
	m.Parties[0] = org
	a := v.Assessment.Assessor
	if b.assessorOrgUUID != "" {
		m.Parties = append(m.Parties, Party{UUID: b.assessorOrgUUID, Type: "organization", Name: oneLine(a.Organization)})
	}
	var assessors []string
	for _, name := range b.personOrder {
		p := Party{UUID: b.persons[name], Type: "person", Name: oneLine(name)}
		if t := b.personTypes[name]; t != "" {
			p.Props = append(p.Props, valueProp(propAssessorType, t))
		}
		if name == a.Name {
			if b.assessorOrgUUID != "" {
				p.MemberOfOrganizations = []string{b.assessorOrgUUID}
			}
			if a.Role != "" {
				p.Props = append(p.Props, valueProp(propAssessorRole, oneLine(a.Role)))
			}
		}
		m.Parties = append(m.Parties, p)
		assessors = append(assessors, p.UUID)
	}
	if len(assessors) > 0 {
		m.ResponsibleParties = append(m.ResponsibleParties, ResponsibleParty{RoleID: roleAssessor, PartyUUIDs: assessors})
	}
	return m
}

// localDefinitions are the assessed scope and the tool.
func (b *builder) localDefinitions() *LocalDefinitions {
	title := b.subject()
	desc := b.tr("The assessed scope.", "評価対象の範囲。")
	var props []Property
	if sc := b.ev.Scope; sc != nil {
		if sc.Description != "" {
			desc = sc.Description
		}
		for _, s := range sc.Systems {
			props = append(props, valueProp(propSystem, oneLine(s)))
		}
		for _, c := range sc.Contracts {
			props = append(props, valueProp(propContract, oneLine(c)))
		}
	} else if site := b.v.Site; site != nil && site.Scope != "" {
		desc = site.Scope
	}
	return &LocalDefinitions{
		Components: []Component{{
			UUID: b.scopeUUID, Type: "this-system", Title: title, Description: desc, Props: props,
			Status: ComponentStatus{State: "operational"},
		}},
		AssessmentAssets: b.assets(),
	}
}

// assets name mamori, with the digest of the policies that assessed.
func (b *builder) assets() *AssessmentAssets {
	tool := Component{
		UUID: b.toolUUID, Type: "software", Title: "mamori",
		Description: b.tr("mamori: assesses evidence against NIST SP 800-171 with OPA Rego policies and scores it by the DoD Assessment Methodology and CMMC Level 2 rules.",
			"mamori: 証跡をOPA RegoのポリシーでNIST SP 800-171に照らして評価し、DoD評価手法とCMMCレベル2の規則で採点する。"),
		Status: ComponentStatus{State: "operational"},
	}
	if b.v.PolicyDigest != "" {
		tool.Props = []Property{valueProp(propPolicyDigest, b.v.PolicyDigest)}
	}
	return &AssessmentAssets{
		Components: []Component{tool},
		AssessmentPlatforms: []AssessmentPlatform{{
			UUID: b.platformUUID, Title: "mamori", UsesComponents: []UsesComponent{{ComponentUUID: b.toolUUID}},
		}},
	}
}

func (b *builder) toolOrigin() Origin {
	return Origin{Actors: []OriginActor{{Type: "tool", ActorUUID: b.toolUUID}}}
}

func (b *builder) partyOrigin(name string) Origin {
	if name == "" {
		return b.toolOrigin()
	}
	return Origin{Actors: []OriginActor{{Type: "party", ActorUUID: b.person(name), RoleID: roleAssessor}}}
}

// subjects name what was assessed: the scope (a component standing for
// the systems in it), the site (a location) and the organisation (a
// party).
func (b *builder) subjects() []SubjectReference {
	s := []SubjectReference{{SubjectUUID: b.scopeUUID, Type: "component"}}
	if b.siteUUID != "" {
		s = append(s, SubjectReference{SubjectUUID: b.siteUUID, Type: "location"})
	}
	return append(s, SubjectReference{SubjectUUID: b.orgUUID, Type: "party"})
}

// Back matter: the assessment plan, the catalogue, the evidence files
// and the artifacts.

func (b *builder) planUUID() string   { return b.ids.of("resource", "assessment-plan") }
func (b *builder) catalogRes() string { return b.ids.of("resource", "catalog") }
func (b *builder) artifactRes(id string) string {
	return b.ids.of("resource", "artifact", id)
}

func (b *builder) planResource() Resource {
	v := b.v
	r := Resource{
		UUID:  b.planUUID(),
		Title: b.trf("Assessment of %s against %s", "%sの%sに基づく評価", b.subject(), b.catalogTitle()),
		Description: b.trf("A %s assessment of %s: mamori evaluated the objectives' determinations and the reported facts with its policies and scored the result.",
			"%[2]sに対する%[1]s評価。mamoriが評価目標ごとの判定と報告された事実をポリシーで評価し、採点した。",
			word(assessmentTypes, v.Assessment.Type, b.lang), b.subject()),
		Props: []Property{valueProp(propAssessmentType, v.Assessment.Type), valueProp(propDate, v.Assessment.Date.String())},
	}
	if v.PolicyDigest != "" {
		r.Props = append(r.Props, valueProp(propPolicyDigest, v.PolicyDigest))
	}
	return r
}

var assessmentTypes = map[string]phrase{
	evidence.AssessmentSelf:    {"self", "自己"},
	evidence.AssessmentPrime:   {"prime contractor's", "元請による"},
	evidence.AssessmentAuditor: {"Ministry auditor's", "防衛省監査員による"},
}

func (b *builder) catalogTitle() string {
	t := b.cat.Title.In(b.lang)
	if t == "" {
		t = b.cat.ID
	}
	return t
}

func (b *builder) catalogResource() Resource {
	return Resource{
		UUID:        b.catalogRes(),
		Title:       b.catalogTitle(),
		Description: b.tr("The catalogue assessed against, as an OSCAL catalog (mamori catalog export --format oscal) whose UUID is given here.", "評価の基準としたカタログ。UUIDで示すOSCALカタログ（mamori catalog export --format oscal）として出力できる。"),
		Props:       b.catalogProps(),
		DocumentIDs: []DocumentID{{Scheme: schemeUUID, Identifier: b.catUUID}},
	}
}

func (b *builder) catalogProps() []Property {
	ps := []Property{valueProp(propCatalogID, b.cat.ID)}
	if b.cat.Version != "" {
		ps = append(ps, valueProp(propCatalogVersion, oneLine(b.cat.Version)))
	}
	return ps
}

// evidenceResources are the evidence files the verdict read, with
// their SHA-256.
func (b *builder) evidenceResources() []Resource {
	var out []Resource
	for i, src := range b.v.Evidence {
		if src.File == "" {
			src.File = "evidence-" + strconv.Itoa(i+1)
		}
		r := Resource{
			UUID:  b.ids.of("resource", "evidence", src.SHA256, src.File),
			Title: src.File,
			Props: []Property{valueProp(propEvidenceFile, src.File)},
		}
		if src.SHA256 != "" {
			r.RLinks = []RLink{{Href: fileRef(src.File), Hashes: []Hash{{Algorithm: "SHA-256", Value: src.SHA256}}}}
		}
		out = append(out, r)
	}
	return out
}

// fileRef is a file name as a relative URI reference.
func fileRef(name string) string {
	return (&url.URL{Path: strings.ReplaceAll(name, "\\", "/")}).String()
}

// artifactResources are the artifacts in the given order.
func (b *builder) artifactResources(order []string) []Resource {
	var out []Resource
	for _, id := range order {
		a := b.artifacts[id]
		r := Resource{UUID: b.artifactRes(id), Title: a.Title, Props: []Property{valueProp(propArtifactID, a.ID)}}
		if r.Title == "" {
			r.Title = a.ID
		}
		if a.Version != "" {
			r.Props = append(r.Props, valueProp(propVersion, oneLine(a.Version)))
		}
		if a.Date != nil {
			r.Props = append(r.Props, valueProp(propDate, a.Date.String()))
		}
		if a.Reviewed != nil {
			r.Props = append(r.Props, valueProp(propReviewed, a.Reviewed.String()))
		}
		if h := strings.TrimPrefix(a.SHA256, "sha256:"); h != "" {
			r.RLinks = []RLink{{Href: niURI(h), Hashes: []Hash{{Algorithm: "SHA-256", Value: h}}}}
		}
		out = append(out, r)
	}
	return out
}

// niURI names content by its SHA-256 (RFC 6920), for an artifact known
// only by its digest.
func niURI(hexSum string) string {
	sum, err := hex.DecodeString(hexSum)
	if err != nil || len(sum) != sha256.Size {
		return "ni:///sha-256;" + hexSum
	}
	return "ni:///sha-256;" + base64.RawURLEncoding.EncodeToString(sum)
}

// resultProps are the verdict's headline: score, CMMC status and
// dates, conformance, coverage, readiness.
//
// The summary gives what a signed verdict's statement gives (the
// decision), leaving out the blocking reasons and the requirements on
// the POA&M, which are findings, and the coverage counts.
func (b *builder) resultProps(summary bool) []Property {
	v := b.v
	var ps []Property
	add := func(name, value string) { ps = append(ps, valueProp(name, value)) }
	add(propAssessmentType, v.Assessment.Type)
	add(propAuditorVerified, strconv.FormatBool(v.AuditorVerified))
	if v.DoD.Score != nil {
		add(propDoDScore, strconv.Itoa(*v.DoD.Score))
	} else {
		add(propDoDScore, "NO_SCORE")
		if r := v.DoD.NoScore; r != nil {
			if t := oneLine(r.In(b.lang)); t != "" {
				add(propNoScoreReason, t)
			}
		}
	}
	add(propDoDScoreMax, strconv.Itoa(v.DoD.Max))
	add(propDoDDeducted, strconv.Itoa(v.DoD.Deducted))
	add(propCMMCStatus, v.CMMC.Status)
	for _, d := range []struct {
		name string
		date *evidence.Date
	}{{propCloseoutDue, v.CMMC.CloseoutDue}, {propAffirmationDue, v.CMMC.AffirmationDue}, {propReassessmentDue, v.CMMC.ReassessmentDue}} {
		if d.date != nil {
			add(d.name, d.date.String())
		}
	}
	if !summary {
		ps = append(ps, b.detailProps()...)
	}
	c := v.Conformance
	for _, x := range []struct {
		class string
		n     int
	}{{"implemented", c.Implemented}, {"not-implemented", c.NotImplemented}, {"not-applicable", c.NotApplicable}, {"not-assessed", c.NotAssessed}, {"total", c.Total}} {
		p := valueProp(propConformance, strconv.Itoa(x.n))
		p.Class = x.class
		ps = append(ps, p)
	}
	cv := v.Coverage
	coverage := []struct {
		class, value string
	}{{"percent", strconv.FormatFloat(cv.Percent, 'f', -1, 64)}}
	if !summary {
		coverage = append(coverage, []struct{ class, value string }{
			{"objectives", strconv.Itoa(cv.Objectives)}, {"determined", strconv.Itoa(cv.Determined)},
			{"unverified", strconv.Itoa(cv.Unverified)}, {"stale", strconv.Itoa(cv.Stale)},
		}...)
	}
	for _, x := range coverage {
		p := valueProp(propCoverage, x.value)
		p.Class = x.class
		ps = append(ps, p)
	}
	return append(ps, valueProp(propReady, strconv.FormatBool(v.Ready)))
}

// detailProps are the CMMC blocking reasons and the requirements on the
// CMMC POA&M.
func (b *builder) detailProps() []Property {
	v := b.v
	var ps []Property
	for i, r := range v.CMMC.Blocking {
		group := "blocking-" + strconv.Itoa(i+1)
		p := valueProp(propCMMCBlocking, r.Code)
		p.Group, p.Remarks = group, r.Message.In(b.lang)
		ps = append(ps, p)
		if r.Requirement != "" {
			p := valueProp(propCMMCBlockingReq, r.Requirement)
			p.Group = group
			ps = append(ps, p)
		}
	}
	for _, r := range v.CMMC.POAM {
		ps = append(ps, valueProp(propCMMCPOAMReq, r))
	}
	return ps
}

// resultSummary describes the verdict in one paragraph.
func (b *builder) resultSummary() string {
	v := b.v
	score := "NO_SCORE"
	if v.DoD.Score != nil {
		score = strconv.Itoa(*v.DoD.Score)
	}
	c := v.Conformance
	s := b.trf("DoD Assessment Methodology score %s of %d; CMMC: %s; %d requirements implemented, %d not implemented, %d not applicable, %d not assessed.",
		"DoD評価手法のスコア %s（満点%d）。CMMC: %s。実施済%d件、未実施%d件、該当なし%d件、未評価%d件。",
		score, v.DoD.Max, word(cmmcWords, v.CMMC.Status, b.lang), c.Implemented, c.NotImplemented, c.NotApplicable, c.NotAssessed)
	if d := v.CMMC.CloseoutDue; d != nil {
		s += " " + b.trf("POA&M closeout due %s.", "POA&Mの完了期限は%s。", d.String())
	}
	return s
}

func (b *builder) reviewedControls() ReviewedControls {
	rc := ReviewedControls{
		Description: b.trf("Every requirement and objective of %s.", "%sの全要件・全評価目標。", b.catalogTitle()),
		Links:       []Link{{Href: "#" + b.catalogRes(), Rel: "reference"}},
	}
	var ctls []SelectControl
	var objs []SelectObjective
	for _, r := range b.v.Results {
		ctls = append(ctls, SelectControl{ControlID: ControlID(r.ID)})
		for _, o := range r.Objectives {
			objs = append(objs, SelectObjective{ObjectiveID: ObjectiveID(o.ID)})
		}
	}
	rc.ControlSelections = []ControlSelection{{IncludeControls: ctls}}
	if len(objs) > 0 {
		rc.ControlObjectiveSelections = []ObjectiveSelection{{IncludeObjectives: objs}}
	}
	return rc
}

// start is the earliest determination's date (or the assessment's).
func (b *builder) start() string {
	d := b.v.Assessment.Date
	for _, r := range b.v.Results {
		for _, o := range r.Objectives {
			if p := o.Provenance; p != nil && p.Date.Before(d.Time) {
				d = p.Date
			}
		}
	}
	return dateTime(d)
}

// NewAssessmentResults makes the OSCAL assessment results of a verdict.
func NewAssessmentResults(in Input) (*AssessmentResultsDocument, error) {
	b, err := newBuilder(in)
	if err != nil {
		return nil, err
	}
	return b.assessmentResults(false), nil
}

// NewAssessmentResultsSummary makes the assessment results a prime may see
// of a subcontractor's verdict: the organisation, the site and the
// headline (score, CMMC status and dates, conformance, coverage), with
// no finding, observation, risk or evidence.
func NewAssessmentResultsSummary(in Input) (*AssessmentResultsDocument, error) {
	b, err := newBuilder(in)
	if err != nil {
		return nil, err
	}
	return b.assessmentResults(true), nil
}

func (b *builder) assessmentResults(summary bool) *AssessmentResultsDocument {
	kind := "assessment-results"
	if summary {
		kind = "assessment-results-summary"
	}
	title := b.trf("Assessment results: %s", "評価結果: %s", b.subject())
	res := Result{
		UUID:             b.ids.of("result", kind),
		Title:            b.trf("%s against %s", "%sの評価（%s）", b.subject(), b.catalogTitle()),
		Description:      b.resultSummary(),
		Start:            b.start(),
		End:              dateTime(b.v.Assessment.Date),
		Props:            b.resultProps(summary),
		ReviewedControls: b.reviewedControls(),
	}
	back := []Resource{b.planResource(), b.catalogResource()}
	if summary {
		res.Start = res.End
		res.Remarks = b.tr("A summary: the findings, observations and evidence are not included.", "要約版: 指摘事項、観察事項及び証跡は含まない。")
	} else {
		res.LocalDefinitions = b.localDefinitions()
		res.Observations = b.observations()
		res.Risks = b.riskList()
		res.Findings = b.findingList()
		ev := b.evidenceResources()
		for _, r := range ev {
			res.Links = append(res.Links, Link{Href: "#" + r.UUID, Rel: "evidence"})
		}
		back = append(back, ev...)
		back = append(back, b.artifactResources(b.citedArtifacts(res.Observations))...)
	}
	return &AssessmentResultsDocument{AssessmentResults: AssessmentResults{
		UUID:       b.ids.of("document", kind),
		Metadata:   b.metadata(title, summary),
		ImportAP:   ImportAP{Href: "#" + b.planUUID(), Remarks: b.tr("mamori assesses without an OSCAL assessment plan; the back-matter resource describes the assessment.", "mamoriはOSCALの評価計画なしに評価する。評価の内容は参照先のリソースに記載する。")},
		Results:    []Result{res},
		BackMatter: &BackMatter{Resources: back},
	}}
}

// citedArtifacts lists the artifacts the observations cite, in the
// order first cited.
func (b *builder) citedArtifacts(obs []Observation) []string {
	byRes := map[string]string{}
	for id := range b.artifacts {
		byRes["#"+b.artifactRes(id)] = id
	}
	var order []string
	seen := map[string]bool{}
	for _, o := range obs {
		for _, re := range o.RelevantEvidence {
			if id, ok := byRes[re.Href]; ok && !seen[id] {
				seen[id] = true
				order = append(order, id)
			}
		}
	}
	return order
}

// oneLine collapses white space, for text that must fit a property.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// firstLine is the first line of a text.
func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return strings.TrimSpace(s)
}

// capitalise upper-cases the first letter of an English phrase.
func capitalise(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

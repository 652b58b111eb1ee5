// Package m365 imports what a Microsoft 365 / Entra ID administrator can
// export about a tenant: Microsoft Graph's userRegistrationDetails (MFA
// registration per user) and conditional access policies, in one folder
// per tenant made by GraphScript, and CISA ScubaGear's ScubaResults.json.
package m365

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/mamori-dev/mamori/engine/collect"
)

// Files in a tenant's folder. Graph returns lists a page at a time:
// each page is its own file, numbered from 1.
const (
	FileTenant           = "tenant.json"
	FileSecurityDefaults = "securityDefaults.json"
	PrefixRegistration   = "userRegistrationDetails-"
	PrefixPolicies       = "conditionalAccessPolicies-"
)

// GraphScript is the PowerShell (Microsoft Graph PowerShell SDK) that
// makes a tenant's folder: every page of each list exactly as Graph v1.0
// returns it.
const GraphScript = `Connect-MgGraph -Scopes 'AuditLog.Read.All','Policy.Read.All','Organization.Read.All' -NoWelcome
$d = Join-Path (Get-Location) 'm365'
New-Item -ItemType Directory -Force -Path $d | Out-Null
$org = Invoke-MgGraphRequest -Method GET -Uri 'v1.0/organization?$select=id,displayName'
[ordered]@{ TenantId = $org.value[0].id; DisplayName = $org.value[0].displayName
  Collected = (Get-Date).ToUniversalTime().ToString('o') } |
  ConvertTo-Json | Out-File -Encoding utf8 (Join-Path $d tenant.json)
function Save-Pages($uri, $name) {
  $n = 1
  while ($uri) {
    $page = Invoke-MgGraphRequest -Method GET -Uri $uri -OutputType Json
    $page | Out-File -Encoding utf8 (Join-Path $d "$name-$n.json")
    $uri = ($page | ConvertFrom-Json).'@odata.nextLink'; $n++
  }
}
Save-Pages 'v1.0/reports/authenticationMethods/userRegistrationDetails' 'userRegistrationDetails'
Save-Pages 'v1.0/identity/conditionalAccess/policies' 'conditionalAccessPolicies'
Invoke-MgGraphRequest -Method GET -Uri 'v1.0/policies/identitySecurityDefaultsEnforcementPolicy' -OutputType Json |
  Out-File -Encoding utf8 (Join-Path $d securityDefaults.json)
`

type tenantInfo struct {
	TenantID    string `json:"TenantId"`
	DisplayName string `json:"DisplayName"`
	Collected   string `json:"Collected"`
}

// page is a Graph collection response.
type page[T any] struct {
	Context  string `json:"@odata.context"`
	NextLink string `json:"@odata.nextLink"`
	Value    []T    `json:"value"`
}

// registration is a userRegistrationDetails (Microsoft Learn,
// "userRegistrationDetails resource type", Graph v1.0).
type registration struct {
	ID                                            string   `json:"id"`
	UserPrincipalName                             string   `json:"userPrincipalName"`
	UserDisplayName                               string   `json:"userDisplayName"`
	UserType                                      string   `json:"userType"`
	IsAdmin                                       *bool    `json:"isAdmin"`
	IsSsprRegistered                              bool     `json:"isSsprRegistered"`
	IsSsprEnabled                                 bool     `json:"isSsprEnabled"`
	IsSsprCapable                                 bool     `json:"isSsprCapable"`
	IsMfaRegistered                               *bool    `json:"isMfaRegistered"`
	IsMfaCapable                                  bool     `json:"isMfaCapable"`
	IsPasswordlessCapable                         bool     `json:"isPasswordlessCapable"`
	MethodsRegistered                             []string `json:"methodsRegistered"`
	IsSystemPreferredAuthenticationMethodEnabled  *bool    `json:"isSystemPreferredAuthenticationMethodEnabled"`
	SystemPreferredAuthenticationMethods          []string `json:"systemPreferredAuthenticationMethods"`
	UserPreferredMethodForSecondaryAuthentication string   `json:"userPreferredMethodForSecondaryAuthentication"`
	LastUpdatedDateTime                           string   `json:"lastUpdatedDateTime"`
}

// policy is a conditionalAccessPolicy (Microsoft Learn,
// "conditionalAccessPolicy resource type", Graph v1.0). Parts this
// importer does not interpret are kept raw but still named, so that an
// unknown property is an error.
type policy struct {
	ID                        string          `json:"id"`
	DisplayName               string          `json:"displayName"`
	Description               *string         `json:"description"`
	CreatedDateTime           string          `json:"createdDateTime"`
	ModifiedDateTime          *string         `json:"modifiedDateTime"`
	DeletedDateTime           *string         `json:"deletedDateTime"`
	State                     string          `json:"state"`
	TemplateID                *string         `json:"templateId"`
	PartialEnablementStrategy *string         `json:"partialEnablementStrategy"`
	Conditions                conditions      `json:"conditions"`
	GrantControls             *grantControls  `json:"grantControls"`
	SessionControls           json.RawMessage `json:"sessionControls"`
}

type conditions struct {
	Applications               *applications   `json:"applications"`
	Users                      *users          `json:"users"`
	ClientAppTypes             []string        `json:"clientAppTypes"`
	AuthenticationFlows        json.RawMessage `json:"authenticationFlows"`
	ClientApplications         json.RawMessage `json:"clientApplications"`
	Devices                    json.RawMessage `json:"devices"`
	InsiderRiskLevels          json.RawMessage `json:"insiderRiskLevels"`
	Locations                  json.RawMessage `json:"locations"`
	Platforms                  json.RawMessage `json:"platforms"`
	ServicePrincipalRiskLevels json.RawMessage `json:"servicePrincipalRiskLevels"`
	SignInRiskLevels           []string        `json:"signInRiskLevels"`
	UserRiskLevels             []string        `json:"userRiskLevels"`
}

type applications struct {
	IncludeApplications                         []string        `json:"includeApplications"`
	ExcludeApplications                         []string        `json:"excludeApplications"`
	IncludeUserActions                          []string        `json:"includeUserActions"`
	IncludeAuthenticationContextClassReferences []string        `json:"includeAuthenticationContextClassReferences"`
	ApplicationFilter                           json.RawMessage `json:"applicationFilter"`
}

type users struct {
	IncludeUsers                 []string        `json:"includeUsers"`
	ExcludeUsers                 []string        `json:"excludeUsers"`
	IncludeGroups                []string        `json:"includeGroups"`
	ExcludeGroups                []string        `json:"excludeGroups"`
	IncludeRoles                 []string        `json:"includeRoles"`
	ExcludeRoles                 []string        `json:"excludeRoles"`
	IncludeGuestsOrExternalUsers json.RawMessage `json:"includeGuestsOrExternalUsers"`
	ExcludeGuestsOrExternalUsers json.RawMessage `json:"excludeGuestsOrExternalUsers"`
}

type grantControls struct {
	Operator                    string          `json:"operator"`
	BuiltInControls             []string        `json:"builtInControls"`
	CustomAuthenticationFactors []string        `json:"customAuthenticationFactors"`
	TermsOfUse                  []string        `json:"termsOfUse"`
	AuthenticationStrength      json.RawMessage `json:"authenticationStrength"`
	AuthenticationStrengthOData string          `json:"authenticationStrength@odata.context"`
}

type securityDefaults struct {
	Context     string `json:"@odata.context"`
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	Description string `json:"description"`
	IsEnabled   *bool  `json:"isEnabled"`
}

// Privileged roles whose holders must use MFA for 3.5.3 (Microsoft
// Entra built-in role template IDs): Global Administrator, Privileged
// Role Administrator, Security Administrator, Exchange, SharePoint,
// User, Conditional Access, Application and Privileged Authentication
// Administrators.
var privilegedRoles = []string{
	"62e90394-69f5-4237-9190-012177145e10",
	"e8611ab8-c189-46e8-94e1-60213ab1f814",
	"194ae4cb-b126-40b2-bd5b-6091b380977d",
	"29232cdf-9323-42fd-ade2-1d097af3e4de",
	"f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
	"fe930be7-5e62-47db-91af-98c3a49a38b1",
	"b1be1c3e-b65d-4f19-8427-f6fa0d97feb9",
	"9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
	"7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
}

// ImportGraph reads a tenant's folder (dir within fsys) made by
// GraphScript. Nothing is returned on error.
func ImportGraph(fsys fs.FS, dir string) (*collect.Report, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, collect.Errorf(dir, 0, "", "read folder: %v", err)
	}
	raws := map[string]*collect.Raw{}
	var regPages, polPages []string
	for _, e := range entries {
		name := path.Join(dir, e.Name())
		n := e.Name()
		switch {
		case e.IsDir():
			return nil, collect.Errorf(name, 0, "", "unexpected folder in a tenant's folder")
		case n == FileTenant || n == FileSecurityDefaults:
		case pageFile(n, PrefixRegistration):
			regPages = append(regPages, n)
		case pageFile(n, PrefixPolicies):
			polPages = append(polPages, n)
		default:
			return nil, collect.Errorf(name, 0, "", "unexpected file: a tenant's folder holds %s, %s, %sN.json and %sN.json", FileTenant, FileSecurityDefaults, PrefixRegistration, PrefixPolicies)
		}
		raw, err := collect.ReadFile(fsys, name, collect.MaxExport)
		if err != nil {
			return nil, err
		}
		raws[n] = raw
	}
	traw, ok := raws[FileTenant]
	if !ok {
		return nil, collect.Errorf(path.Join(dir, FileTenant), 0, "", "missing: the tenant's ID and time of collection")
	}
	var ti tenantInfo
	if err := collect.DecodeJSON(traw.Input.Name, traw.Data, &ti, true); err != nil {
		return nil, err
	}
	if !guidRe.MatchString(ti.TenantID) {
		return nil, collect.Errorf(traw.Input.Name, 0, "TenantId", "expected the tenant's ID (a GUID), got %q", ti.TenantID)
	}
	collected, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(ti.Collected))
	if err != nil {
		return nil, collect.Errorf(traw.Input.Name, 0, "Collected", "expected a date and time in ISO 8601, got %q", ti.Collected)
	}
	rep := &collect.Report{
		Schema:    collect.SchemaV1,
		Source:    collect.Source{Kind: "m365", Tool: "Microsoft Graph", ToolVersion: "v1.0"},
		Subject:   collect.Subject{Kind: collect.SubjectTenant, ID: strings.ToLower(ti.TenantID), Name: ti.DisplayName},
		Collected: collected.UTC(),
	}
	rep.Inputs = append(rep.Inputs, traw.Input)
	slices.SortFunc(regPages, comparePages)
	slices.SortFunc(polPages, comparePages)

	var regs []registration
	for i, n := range regPages {
		raw := raws[n]
		rep.Inputs = append(rep.Inputs, raw.Input)
		var p page[registration]
		if err := decodePage(raw, &p, "#reports/authenticationMethods/userRegistrationDetails", i == len(regPages)-1); err != nil {
			return nil, err
		}
		regs = append(regs, p.Value...)
	}
	var pols []policy
	polInputs := []string{}
	for i, n := range polPages {
		raw := raws[n]
		rep.Inputs = append(rep.Inputs, raw.Input)
		polInputs = append(polInputs, raw.Input.Name)
		var p page[policy]
		if err := decodePage(raw, &p, "#identity/conditionalAccess/policies", i == len(polPages)-1); err != nil {
			return nil, err
		}
		for j, pol := range p.Value {
			if err := checkPolicy(raw.Input.Name, j, pol); err != nil {
				return nil, err
			}
		}
		pols = append(pols, p.Value...)
	}
	var sd *securityDefaults
	if raw, ok := raws[FileSecurityDefaults]; ok {
		rep.Inputs = append(rep.Inputs, raw.Input)
		sd = &securityDefaults{}
		if err := collect.DecodeJSON(raw.Input.Name, raw.Data, sd, true); err != nil {
			return nil, err
		}
		if sd.IsEnabled == nil {
			return nil, collect.Errorf(raw.Input.Name, 0, "isEnabled", "required: true or false")
		}
	}
	if err := registrationNotes(rep, regPages, raws, regs); err != nil {
		return nil, err
	}
	if len(polPages) > 0 || sd != nil {
		mfaFacts(rep, polInputs, pols, sd, raws)
	} else {
		rep.Notes = append(rep.Notes, "no conditional access policies or security defaults exported: MFA enforcement not established")
	}
	rep.Sort()
	if err := rep.Validate(); err != nil {
		return nil, collect.Errorf(dir, 0, "", "%v", err)
	}
	return rep, nil
}

func pageFile(name, prefix string) bool {
	n, ok := strings.CutPrefix(name, prefix)
	if !ok {
		return false
	}
	n, ok = strings.CutSuffix(n, ".json")
	if !ok || n == "" {
		return false
	}
	for _, r := range n {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func pageNumber(name string) int {
	i := strings.LastIndexByte(name, '-')
	n := 0
	fmt.Sscan(strings.TrimSuffix(name[i+1:], ".json"), &n)
	return n
}

func comparePages(a, b string) int { return pageNumber(a) - pageNumber(b) }

func decodePage[T any](raw *collect.Raw, p *page[T], context string, last bool) error {
	name := raw.Input.Name
	if err := collect.DecodeJSON(name, raw.Data, p, true); err != nil {
		return err
	}
	if p.Context != "" && !strings.Contains(p.Context, context) {
		return collect.Errorf(name, 0, "@odata.context", "expected a %s response, got %q", strings.TrimPrefix(context, "#"), p.Context)
	}
	if p.Value == nil {
		return collect.Errorf(name, 0, "value", "required: the list Graph returns")
	}
	if last && p.NextLink != "" {
		return collect.Errorf(name, 0, "@odata.nextLink", "the last page says there is another: the export is incomplete")
	}
	return nil
}

var policyStates = []string{"enabled", "disabled", "enabledForReportingButNotEnforced"}

func checkPolicy(file string, i int, p policy) error {
	place := fmt.Sprintf("value[%d]", i)
	if p.ID == "" {
		return collect.PlaceErrorf(file, place, "id", "required")
	}
	if !slices.Contains(policyStates, p.State) {
		return collect.PlaceErrorf(file, place, "state", "expected one of %s, got %q", strings.Join(policyStates, ", "), p.State)
	}
	if p.GrantControls != nil && p.GrantControls.Operator != "" && p.GrantControls.Operator != "AND" && p.GrantControls.Operator != "OR" {
		return collect.PlaceErrorf(file, place, "grantControls.operator", "expected AND or OR, got %q", p.GrantControls.Operator)
	}
	return nil
}

// requiresMFA says whether an enabled policy requires MFA (the mfa
// control, or an authentication strength) of everyone it covers, for
// all applications and every client app type.
func requiresMFA(p policy) bool {
	if p.State != "enabled" || p.GrantControls == nil {
		return false
	}
	g := p.GrantControls
	mfa := slices.Contains(g.BuiltInControls, "mfa") || (len(g.AuthenticationStrength) > 0 && string(g.AuthenticationStrength) != "null")
	if !mfa {
		return false
	}
	// With OR, another control (a compliant device) can stand in for MFA.
	if g.Operator == "OR" && len(g.BuiltInControls) > 1 {
		return false
	}
	a := p.Conditions.Applications
	if a == nil || !slices.Contains(a.IncludeApplications, "All") || len(a.ExcludeApplications) > 0 {
		return false
	}
	ct := p.Conditions.ClientAppTypes
	return len(ct) == 0 || slices.Contains(ct, "all")
}

func mfaFacts(rep *collect.Report, inputs []string, pols []policy, sd *securityDefaults, raws map[string]*collect.Raw) {
	in := ""
	if len(inputs) > 0 {
		in = inputs[0]
	}
	var all, admins []collect.Basis
	for _, p := range pols {
		if !requiresMFA(p) {
			continue
		}
		u := p.Conditions.Users
		if u == nil {
			continue
		}
		b := collect.Basis{Input: in, Rule: p.ID, Setting: p.DisplayName}
		if slices.Contains(u.IncludeUsers, "All") {
			b.Value = fmt.Sprintf("all users, all apps, MFA; excluded: %d users, %d groups, %d roles", len(u.ExcludeUsers), len(u.ExcludeGroups), len(u.ExcludeRoles))
			all = append(all, b)
			continue
		}
		covered := 0
		for _, r := range privilegedRoles {
			if slices.Contains(u.IncludeRoles, r) && !slices.Contains(u.ExcludeRoles, r) {
				covered++
			}
		}
		if covered == len(privilegedRoles) {
			b.Value = fmt.Sprintf("%d privileged roles, all apps, MFA", covered)
			admins = append(admins, b)
		}
	}
	sdOn := sd != nil && *sd.IsEnabled
	sdBasis := collect.Basis{Input: inputName(raws, FileSecurityDefaults), Setting: "isEnabled"}
	if sd != nil {
		sdBasis.Value = fmt.Sprint(*sd.IsEnabled)
	}
	switch {
	case len(all) > 0:
		rep.Observations = append(rep.Observations,
			collect.Observation{Fact: "identity.mfa.nonprivileged_network", Value: collect.Bool(true), Basis: all},
			collect.Observation{Fact: "identity.mfa.privileged_network", Value: collect.Bool(true), Basis: all})
		return
	case len(admins) > 0:
		rep.Observations = append(rep.Observations, collect.Observation{Fact: "identity.mfa.privileged_network", Value: collect.Bool(true), Basis: admins})
	case sdOn:
		rep.Observations = append(rep.Observations, collect.Observation{Fact: "identity.mfa.privileged_network", Value: collect.Bool(true), Basis: []collect.Basis{sdBasis}})
		rep.Notes = append(rep.Notes, "security defaults on: administrators must use MFA; other users are asked for MFA only when Microsoft judges it necessary")
		return
	}
	basis := collect.Basis{Input: in, Setting: "conditional access", Value: fmt.Sprintf("%d policies, none enabled that requires MFA of all users for all apps", len(pols))}
	if in == "" {
		basis = sdBasis
	}
	rep.Observations = append(rep.Observations, collect.Observation{Fact: "identity.mfa.nonprivileged_network", Value: collect.Bool(false), Basis: []collect.Basis{basis}})
	if len(admins) == 0 {
		rep.Observations = append(rep.Observations, collect.Observation{Fact: "identity.mfa.privileged_network", Value: collect.Bool(false), Basis: []collect.Basis{basis}})
	}
}

func inputName(raws map[string]*collect.Raw, key string) string {
	if r, ok := raws[key]; ok {
		return r.Input.Name
	}
	return ""
}

var guidRe = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// registrationNotes lists the members and administrators not registered
// for MFA.
func registrationNotes(rep *collect.Report, pages []string, raws map[string]*collect.Raw, regs []registration) error {
	if len(pages) == 0 {
		rep.Notes = append(rep.Notes, "userRegistrationDetails not exported: MFA registration not established")
		return nil
	}
	seen := map[string]bool{}
	var members, unregistered, adminsUnregistered []string
	for i, r := range regs {
		if r.ID == "" || r.IsMfaRegistered == nil || r.IsAdmin == nil {
			return collect.PlaceErrorf(raws[pages[0]].Input.Name, fmt.Sprintf("value[%d]", i), "id, isAdmin, isMfaRegistered", "required")
		}
		if seen[r.ID] {
			return collect.PlaceErrorf(raws[pages[0]].Input.Name, fmt.Sprintf("value[%d]", i), "id", "user %s listed twice", r.ID)
		}
		seen[r.ID] = true
		if r.UserType != "member" && r.UserType != "guest" {
			return collect.PlaceErrorf(raws[pages[0]].Input.Name, fmt.Sprintf("value[%d]", i), "userType", "expected member or guest, got %q", r.UserType)
		}
		if r.UserType != "member" {
			continue
		}
		members = append(members, r.UserPrincipalName)
		if !*r.IsMfaRegistered {
			unregistered = append(unregistered, r.UserPrincipalName)
			if *r.IsAdmin {
				adminsUnregistered = append(adminsUnregistered, r.UserPrincipalName)
			}
		}
	}
	rep.Notes = append(rep.Notes, fmt.Sprintf("MFA registration: %d of %d members registered", len(members)-len(unregistered), len(members)))
	if len(unregistered) > 0 {
		rep.Notes = append(rep.Notes, "not registered for MFA: "+strings.Join(unregistered, ", "))
	}
	if len(adminsUnregistered) > 0 {
		rep.Notes = append(rep.Notes, "administrators not registered for MFA: "+strings.Join(adminsUnregistered, ", "))
	}
	return nil
}

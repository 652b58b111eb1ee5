package m365

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/mamori-dev/mamori/engine/collect"
)

// scubaResults is ScubaGear's ScubaResults.json as its documentation
// describes it (cisagov/ScubaGear, docs/misc/tooloutputschema.md, "Object
// Schema for ScubaGear Output JSON"). Raw, Summary and the annotations
// are kept but not interpreted.
type scubaResults struct {
	MetaData                scubaMeta               `json:"MetaData"`
	AnnotatedFailedPolicies json.RawMessage         `json:"AnnotatedFailedPolicies"`
	Summary                 json.RawMessage         `json:"Summary"`
	Results                 map[string][]scubaGroup `json:"Results"`
	Raw                     json.RawMessage         `json:"Raw"`
}

type scubaMeta struct {
	TenantID                   string            `json:"TenantId"`
	DisplayName                string            `json:"DisplayName"`
	DomainName                 string            `json:"DomainName"`
	ProductSuite               string            `json:"ProductSuite"`
	ProductsAssessed           []string          `json:"ProductsAssessed"`
	ProductAbbreviationMapping map[string]string `json:"ProductAbbreviationMapping"`
	Tool                       string            `json:"Tool"`
	ToolVersion                string            `json:"ToolVersion"`
	TimestampZulu              string            `json:"TimestampZulu"`
	ReportUUID                 string            `json:"ReportUUID"`
	RunType                    string            `json:"RunType"`
}

type scubaGroup struct {
	GroupName         string         `json:"GroupName"`
	GroupNumber       string         `json:"GroupNumber"`
	GroupReferenceURL string         `json:"GroupReferenceURL"`
	Controls          []scubaControl `json:"Controls"`
}

type scubaControl struct {
	ControlID                string          `json:"Control ID"`
	Requirement              string          `json:"Requirement"`
	Result                   string          `json:"Result"`
	Criticality              string          `json:"Criticality"`
	Details                  string          `json:"Details"`
	OmittedEvaluationResult  string          `json:"OmittedEvaluationResult"`
	OmittedEvaluationDetails string          `json:"OmittedEvaluationDetails"`
	IncorrectResult          string          `json:"IncorrectResult"`
	IncorrectResultDetails   string          `json:"IncorrectResultDetails"`
	OriginalResult           string          `json:"OriginalResult"`
	OriginalDetails          string          `json:"OriginalDetails"`
	Comments                 json.RawMessage `json:"Comments"`
	ResolutionDate           *string         `json:"ResolutionDate"`
}

// scubaResult maps ScubaGear's results onto XCCDF's: a failed SHOULD
// (Warning) is a failure too.
var scubaResult = map[string]string{
	"Pass":                         collect.ResultPass,
	"Fail":                         collect.ResultFail,
	"Warning":                      collect.ResultFail,
	"N/A":                          collect.ResultNotChecked,
	"Omitted":                      collect.ResultNotSelected,
	"Incorrect Result":             collect.ResultUnknown,
	"Error - Test results missing": collect.ResultError,
	"Error":                        collect.ResultError,
}

// scubaControls are the SCuBA policies whose results establish facts,
// and the SP 800-171 requirements those facts inform. Both the policy
// IDs of the Entra ID baseline and the audit policies' Exchange Online
// and Defender numbering (they moved between baseline versions) are
// listed.
var scubaControls = []struct {
	prefix       string
	fact         string
	pass, fail   collect.Value
	bound        collect.Bound
	failBound    collect.Bound
	requirements []string
}{
	// Phishing-resistant MFA SHALL be enforced for all users.
	{"MS.AAD.3.1v", "identity.mfa.nonprivileged_network", collect.Bool(true), collect.Value{}, "", "", []string{"3.5.3"}},
	// If phishing-resistant MFA has not been enforced, an alternative
	// MFA method SHALL be enforced for all users.
	{"MS.AAD.3.2v", "identity.mfa.nonprivileged_network", collect.Bool(true), collect.Bool(false), "", "", []string{"3.5.3"}},
	// Phishing-resistant MFA SHALL be required for highly privileged roles.
	{"MS.AAD.3.6v", "identity.mfa.privileged_network", collect.Bool(true), collect.Value{}, "", "", []string{"3.5.3"}},
	// Microsoft Purview Audit (Standard) logging SHALL be enabled.
	{"MS.EXO.17.1v", "audit.logging_enabled", collect.Bool(true), collect.Bool(false), "", "", []string{"3.3.1"}},
	{"MS.DEFENDER.6.1v", "audit.logging_enabled", collect.Bool(true), collect.Bool(false), "", "", []string{"3.3.1"}},
	// Audit logs SHALL be maintained for at least the minimum duration
	// dictated by OMB M-21-31 (twelve months).
	{"MS.EXO.17.3v", "audit.retention_days", collect.Int(365), collect.Int(365), collect.AtLeast, collect.LessThan, []string{"3.3.1"}},
	{"MS.DEFENDER.6.3v", "audit.retention_days", collect.Int(365), collect.Int(365), collect.AtLeast, collect.LessThan, []string{"3.3.1"}},
}

// ImportScuba reads one ScubaResults.json. Nothing is returned on error.
func ImportScuba(name string, r io.Reader) (*collect.Report, error) {
	raw, err := collect.ReadInput(name, "file", r, collect.MaxXML)
	if err != nil {
		return nil, err
	}
	var res scubaResults
	if err := collect.DecodeJSON(name, raw.Data, &res, true); err != nil {
		return nil, err
	}
	m := res.MetaData
	if !guidRe.MatchString(m.TenantID) {
		return nil, collect.Errorf(name, 0, "MetaData.TenantId", "expected the tenant's ID (a GUID), got %q", m.TenantID)
	}
	if m.Tool != "ScubaGear" {
		return nil, collect.Errorf(name, 0, "MetaData.Tool", "expected ScubaGear, got %q", m.Tool)
	}
	ts, err := time.Parse(time.RFC3339Nano, m.TimestampZulu)
	if err != nil {
		return nil, collect.Errorf(name, 0, "MetaData.TimestampZulu", "expected an ISO 8601 time, got %q", m.TimestampZulu)
	}
	if res.Results == nil {
		return nil, collect.Errorf(name, 0, "Results", "required: the results per product")
	}
	rep := &collect.Report{
		Schema:    collect.SchemaV1,
		Source:    collect.Source{Kind: "scubagear", Tool: "ScubaGear", ToolVersion: m.ToolVersion, Content: "SCuBA baselines: " + strings.Join(m.ProductsAssessed, ", ")},
		Subject:   collect.Subject{Kind: collect.SubjectTenant, ID: strings.ToLower(m.TenantID), Name: m.DomainName},
		Collected: ts.UTC(),
		Inputs:    []collect.Input{raw.Input},
	}
	products := make([]string, 0, len(res.Results))
	for p := range res.Results {
		products = append(products, p)
	}
	slices.Sort(products)
	seen := map[string]bool{}
	for _, p := range products {
		for gi, g := range res.Results[p] {
			for ci, c := range g.Controls {
				place := fmt.Sprintf("Results.%s[%d].Controls[%d]", p, gi, ci)
				if c.ControlID == "" {
					return nil, collect.PlaceErrorf(name, place, "Control ID", "required")
				}
				if seen[c.ControlID] {
					return nil, collect.PlaceErrorf(name, place, "Control ID", "%s given twice", c.ControlID)
				}
				seen[c.ControlID] = true
				xr, ok := scubaResult[c.Result]
				if !ok {
					return nil, collect.PlaceErrorf(name, place, "Result", "expected one of Pass, Fail, Warning, N/A, Omitted, Incorrect Result, Error, got %q", c.Result)
				}
				for _, sc := range scubaControls {
					if !strings.HasPrefix(c.ControlID, sc.prefix) {
						continue
					}
					rep.Checks = append(rep.Checks, collect.Check{Rule: c.ControlID, Title: c.Requirement, Requirements: sc.requirements, Result: xr, Severity: c.Criticality})
					v, b := collect.Value{}, collect.Bound("")
					switch xr {
					case collect.ResultPass:
						v, b = sc.pass, sc.bound
					case collect.ResultFail:
						v, b = sc.fail, sc.failBound
					}
					if !v.IsZero() {
						rep.Observations = append(rep.Observations, collect.Observation{Fact: sc.fact, Value: v, Bound: b,
							Basis: []collect.Basis{{Input: name, Rule: c.ControlID, Value: c.Result + ": " + c.Details}}})
					}
				}
			}
		}
	}
	rep.Sort()
	if err := rep.Validate(); err != nil {
		return nil, collect.Errorf(name, 0, "", "%v", err)
	}
	return rep, nil
}

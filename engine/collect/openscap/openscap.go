// Package openscap imports the results of an OpenSCAP scan: XCCDF 1.2
// results (`oscap xccdf eval --results FILE`) or an Asset Reporting
// Format report (`--results-arf FILE`), plain or gzip-compressed.
//
// Every rule result whose rule carries SP 800-171 references (the "cui"
// references the SCAP Security Guide puts on its rules, href ending in
// NIST.SP.800-171.pdf) becomes a check on those Rev 2 requirements.
// Rules that establish a setting become observations of evidence facts:
// a passed rule with a threshold variable gives a bound ("deny at most
// 5"), a failed one the opposite bound.
package openscap

import (
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mamori-dev/mamori/engine/collect"
)

// Namespaces read.
const (
	nsXCCDF12 = "http://checklists.nist.gov/xccdf/1.2"
	nsXCCDF11 = "http://checklists.nist.gov/xccdf/1.1"
	nsARF     = "http://scap.nist.gov/schema/asset-reporting-format/1.1"
)

// RulePrefix is the prefix of the SCAP Security Guide's rule IDs.
const RulePrefix = "xccdf_org.ssgproject.content_rule_"

type reference struct {
	Href string `xml:"href,attr"`
	Text string `xml:",chardata"`
}

type rule struct {
	ID         string      `xml:"id,attr"`
	Severity   string      `xml:"severity,attr"`
	Title      string      `xml:"title"`
	References []reference `xml:"reference"`
	line       int
}

type checkExport struct {
	ValueID string `xml:"value-id,attr"`
}

type ruleResult struct {
	IDRef    string        `xml:"idref,attr"`
	Severity string        `xml:"severity,attr"`
	Result   string        `xml:"result"`
	Exports  []checkExport `xml:"check>check-export"`
	line     int
}

type setValue struct {
	IDRef string `xml:"idref,attr"`
	Value string `xml:",chardata"`
}

type fact struct {
	Name  string `xml:"name,attr"`
	Value string `xml:",chardata"`
}

type testResult struct {
	ID         string `xml:"id,attr"`
	StartTime  string `xml:"start-time,attr"`
	EndTime    string `xml:"end-time,attr"`
	Version    string `xml:"version,attr"`
	TestSystem string `xml:"test-system,attr"`
	Benchmark  struct {
		ID string `xml:"id,attr"`
	} `xml:"benchmark"`
	Profile struct {
		IDRef string `xml:"idref,attr"`
	} `xml:"profile"`
	Targets     []string     `xml:"target"`
	Facts       []fact       `xml:"target-facts>fact"`
	SetValues   []setValue   `xml:"set-value"`
	RuleResults []ruleResult `xml:"rule-result"`
	line        int
}

// Result is an imported scan: the report and the counts the importer
// saw.
type Result struct {
	Report *collect.Report
	Counts Counts
}

// Counts says how much of the scan was used.
type Counts struct {
	// RuleResults is the number of rule results in the TestResult.
	RuleResults int
	// Referenced is the number of those whose rule carries SP 800-171
	// references; each becomes a check.
	Referenced int
	// Checks is the number of checks made (equal to Referenced).
	Checks int
	// Facts is the number of observations made.
	Facts int
	// ByResult counts the rule results by result.
	ByResult map[string]int
}

// Import reads one OpenSCAP results file (XCCDF 1.2 results or ARF,
// plain or gzip) named name. Nothing is returned on error.
func Import(name string, r io.Reader) (*Result, error) {
	raw, err := collect.ReadInput(name, "file", r, collect.MaxXML)
	if err != nil {
		return nil, err
	}
	d := collect.NewXMLDecoder(name, raw.Data)
	rules := map[string]*rule{}
	var trs []*testResult
	root := ""
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if root == "" {
			root = se.Name.Local
			switch {
			case se.Name.Space == nsXCCDF12 && se.Name.Local == "Benchmark":
			case se.Name.Space == nsARF && se.Name.Local == "asset-report-collection":
			case se.Name.Space == nsXCCDF11:
				return nil, d.Errorf(se.Name.Local, "XCCDF 1.1: expected XCCDF 1.2 results (oscap xccdf eval --results) or ARF (--results-arf)")
			case se.Name.Local == "TestResult" && se.Name.Space == nsXCCDF12:
				// A TestResult alone: no rule definitions, so no
				// references; reported below.
			default:
				return nil, d.Errorf(se.Name.Local, "expected an XCCDF 1.2 Benchmark with a TestResult (oscap xccdf eval --results) or an ARF asset-report-collection (--results-arf), got {%s}%s", se.Name.Space, se.Name.Local)
			}
		}
		if se.Name.Space != nsXCCDF12 {
			continue
		}
		switch se.Name.Local {
		case "Rule":
			line, _ := d.InputPos()
			var ru rule
			if err := d.DecodeElement(&ru, &se); err != nil {
				return nil, d.Errorf("Rule", "XML: %v", err)
			}
			ru.line = line
			if ru.ID == "" {
				return nil, collect.Errorf(name, line, "Rule", "a Rule without an id")
			}
			if _, dup := rules[ru.ID]; dup {
				// An ARF may hold the same benchmark twice (two
				// report requests); the definitions are the same.
				continue
			}
			rules[ru.ID] = &ru
		case "TestResult":
			line, _ := d.InputPos()
			var tr testResult
			if err := d.DecodeElement(&tr, &se); err != nil {
				return nil, d.Errorf("TestResult", "XML: %v", err)
			}
			tr.line = line
			trs = append(trs, &tr)
		}
	}
	if root == "" {
		return nil, collect.Errorf(name, 0, "", "no XML element: expected XCCDF 1.2 results (oscap xccdf eval --results) or ARF (--results-arf)")
	}
	switch len(trs) {
	case 0:
		return nil, collect.Errorf(name, 0, "TestResult", "no TestResult: expected the results of oscap xccdf eval --results or --results-arf, not the content evaluated")
	case 1:
	default:
		return nil, collect.Errorf(name, trs[1].line, "TestResult", "%d TestResults: expected the results of one scan", len(trs))
	}
	if len(rules) == 0 {
		return nil, collect.Errorf(name, trs[0].line, "TestResult", "no Rule definitions in the file, so no SP 800-171 references: use the file oscap writes with --results or --results-arf")
	}
	return build(name, raw.Input, rules, trs[0])
}

var ssgVersionRe = regexp.MustCompile(`^cpe:/a:[^:]+:openscap:(.+)$`)

func build(name string, in collect.Input, rules map[string]*rule, tr *testResult) (*Result, error) {
	errAt := func(line int, field, format string, args ...any) error {
		return collect.Errorf(name, line, field, format, args...)
	}
	end, err := time.Parse(time.RFC3339, tr.EndTime)
	if err != nil {
		return nil, errAt(tr.line, "TestResult/@end-time", "expected a date and time (RFC 3339), got %q", tr.EndTime)
	}
	host := ""
	for _, f := range tr.Facts {
		if f.Name == "urn:xccdf:fact:asset:identifier:host_name" || f.Name == "urn:xccdf:fact:asset:identifier:fqdn" {
			if host == "" {
				host = strings.TrimSpace(f.Value)
			}
		}
	}
	if len(tr.Targets) > 0 && strings.TrimSpace(tr.Targets[0]) != "" {
		host = strings.TrimSpace(tr.Targets[0])
	}
	if host == "" {
		return nil, errAt(tr.line, "TestResult/target", "no target: expected the scanned host's name")
	}
	version := ""
	if m := ssgVersionRe.FindStringSubmatch(tr.TestSystem); m != nil {
		version = m[1]
	}
	for _, f := range tr.Facts {
		if f.Name == "urn:xccdf:fact:scanner:version" && version == "" {
			version = strings.TrimSpace(f.Value)
		}
	}
	content := tr.Benchmark.ID
	if tr.Version != "" {
		content += " " + tr.Version
	}
	if tr.Profile.IDRef != "" {
		content += ", profile " + tr.Profile.IDRef
	}
	rep := &collect.Report{
		Schema:    collect.SchemaV1,
		Source:    collect.Source{Kind: "openscap", Tool: "oscap", ToolVersion: version, Content: content},
		Subject:   collect.Subject{Kind: collect.SubjectHost, ID: host},
		Collected: end.UTC(),
		Inputs:    []collect.Input{in},
	}
	vars := map[string]string{}
	for _, sv := range tr.SetValues {
		vars[sv.IDRef] = strings.TrimSpace(sv.Value)
	}
	counts := Counts{ByResult: map[string]int{}}
	results := map[string]*ruleResult{}
	for i := range tr.RuleResults {
		rr := &tr.RuleResults[i]
		counts.RuleResults++
		if rr.IDRef == "" {
			return nil, errAt(tr.line, "rule-result/@idref", "rule-result %d has no idref", i+1)
		}
		if !slices.Contains(xccdfResults, rr.Result) {
			return nil, errAt(tr.line, "rule-result/result", "rule %s: unknown result %q, expected one of %v", rr.IDRef, rr.Result, xccdfResults)
		}
		counts.ByResult[rr.Result]++
		ru, ok := rules[rr.IDRef]
		if !ok {
			return nil, errAt(tr.line, "rule-result/@idref", "rule %s has a result but no Rule definition in the file", rr.IDRef)
		}
		results[rr.IDRef] = rr
		reqs, err := requirements(ru)
		if err != nil {
			return nil, errAt(ru.line, "Rule/reference", "rule %s: %v", ru.ID, err)
		}
		if len(reqs) == 0 {
			continue
		}
		counts.Referenced++
		sev := rr.Severity
		if sev == "" {
			sev = ru.Severity
		}
		rep.Checks = append(rep.Checks, collect.Check{Rule: ru.ID, Title: strings.TrimSpace(ru.Title),
			Requirements: reqs, Result: rr.Result, Severity: sev})
	}
	counts.Checks = len(rep.Checks)
	rep.Observations, rep.Notes = observe(in.Name, results, vars)
	counts.Facts = len(rep.Observations)
	for res, n := range counts.ByResult {
		if res == collect.ResultError || res == collect.ResultUnknown {
			rep.Notes = append(rep.Notes, fmt.Sprintf("%d rules gave %q: their checks could not be evaluated", n, res))
		}
	}
	slices.Sort(rep.Notes)
	rep.Sort()
	if err := rep.Validate(); err != nil {
		return nil, errAt(0, "", "%v", err)
	}
	return &Result{Report: rep, Counts: counts}, nil
}

var xccdfResults = []string{collect.ResultPass, collect.ResultFail, collect.ResultError, collect.ResultUnknown,
	collect.ResultNotApplicable, collect.ResultNotChecked, collect.ResultNotSelected, collect.ResultInformational,
	collect.ResultFixed}

// sp800171Href matches the href of an SP 800-171 (Rev 2) reference:
// the SCAP Security Guide uses the publication's PDF address. SP 800-171A
// and Rev 3 addresses do not match.
var sp800171Href = regexp.MustCompile(`(?i)(^|[/.])(NIST\.)?SP\.?800-171(r2)?(\.pdf)?$`)

// IsSP800171Reference says whether a reference href is SP 800-171's.
func IsSP800171Reference(href string) bool {
	return sp800171Href.MatchString(strings.TrimRight(strings.TrimSpace(href), "/"))
}

// requirements returns the Rev 2 requirement IDs a rule references.
func requirements(ru *rule) ([]string, error) {
	var out []string
	for _, ref := range ru.References {
		if !IsSP800171Reference(ref.Href) {
			continue
		}
		for _, id := range strings.Split(ref.Text, ",") {
			id = strings.TrimSpace(id)
			if !collect.IsRequirementID(id) {
				return nil, fmt.Errorf("SP 800-171 reference %q: expected a Rev 2 requirement ID such as 3.1.8", ref.Text)
			}
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	slices.SortFunc(out, collect.CompareRequirementIDs)
	return out, nil
}

// varInt reads an XCCDF value bound to a rule as a whole number.
func varInt(vars map[string]string, id string) (int, string, bool) {
	v, ok := vars[id]
	if !ok {
		return 0, "", false
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		return 0, "", false
	}
	return n, v, true
}

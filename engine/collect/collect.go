// Package collect is the common model of facts taken from machines: what
// one source (an OpenSCAP scan, a Windows host's exports, a Microsoft 365
// tenant's exports, the Linux collector) says about one host or tenant,
// with the tool, the time, the SHA-256 of every raw input and, for each
// observation, the evidence fact it establishes and what it rests on.
//
// The importers live in sub-packages, one per source (openscap, windows,
// m365, linux). Each turns raw exports into a [Report]; [Aggregate] turns
// the reports of many hosts into the organisation's facts by one stated
// rule. Nothing here reads the evidence format or the policies: the fact
// paths are evidence/v1's facts keys (see [Kinds]), checked against the
// evidence types by a test.
package collect

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// SchemaV1 names the JSON form of a [Report] (its "mamori" member).
const SchemaV1 = "collect/v1"

// Report is what one source says about one host or tenant at one time.
type Report struct {
	// Schema is always SchemaV1.
	Schema string `json:"mamori"`
	// Source is the tool that produced the raw data and the importer
	// that read it.
	Source Source `json:"source"`
	// Subject is the host or tenant the data describe.
	Subject Subject `json:"subject"`
	// Collected is when the raw data were produced (the scan's end time,
	// the export's time stamp, the collector's run), in UTC.
	Collected time.Time `json:"collected"`
	// Inputs are the raw files and commands read, each with its SHA-256.
	Inputs []Input `json:"inputs"`
	// Observations are the facts established, in fact path order.
	Observations []Observation `json:"observations,omitempty"`
	// Checks are rule results mapped to SP 800-171 Rev 2 requirements
	// (OpenSCAP rules with SP 800-171 references, ScubaGear controls).
	Checks []Check `json:"checks,omitempty"`
	// Notes are things the importer could not establish and says why
	// (a volume it could not read, a rule that errored), for people.
	Notes []string `json:"notes,omitempty"`
}

// Source identifies the tool and the importer.
type Source struct {
	// Kind is the importer: "openscap", "windows", "m365", "scubagear"
	// or "linux".
	Kind string `json:"kind"`
	// Tool is the program that produced the raw data ("oscap",
	// "secedit, auditpol, PowerShell", "Microsoft Graph", "ScubaGear",
	// "mamori collect linux").
	Tool string `json:"tool"`
	// ToolVersion is the tool's version as it reported it, if it did.
	ToolVersion string `json:"tool_version,omitempty"`
	// Content names the rules evaluated, where the tool says
	// (an XCCDF benchmark and profile, a ScubaGear baseline version).
	Content string `json:"content,omitempty"`
}

// Subject kinds.
const (
	SubjectHost   = "host"
	SubjectTenant = "tenant"
)

// Subject is the host or tenant described.
type Subject struct {
	// Kind is SubjectHost or SubjectTenant.
	Kind string `json:"kind"`
	// ID is the host name (as the host reports it) or the tenant ID.
	ID string `json:"id"`
	// Name is a display name (a tenant's domain), if any.
	Name string `json:"name,omitempty"`
}

// Input is one raw file or command output that was read.
type Input struct {
	// Name is the file's name as given (for the collector, its path
	// under the root, or the command line run).
	Name string `json:"name"`
	// Kind is "file", "directory" (a listing of names: its digest is of
	// the names, one per line, in order), "command", or "absent" (a file
	// or directory looked for and not there: a collector's negative
	// findings rest on it; its digest is of nothing).
	Kind string `json:"kind"`
	// SHA256 of the bytes read, 64 lowercase hex digits.
	SHA256 string `json:"sha256"`
	// Size in bytes.
	Size int64 `json:"size"`
}

// Bound says how an observed value relates to the fact.
type Bound string

// Bounds. An exact observation is the setting's value. A rule result
// that only says the setting is within (or outside) a limit gives a
// bound: a passed "deny at most 5" rule is AtMost 5; a failed one is
// MoreThan 5 (or unset).
const (
	Exact    Bound = ""
	AtMost   Bound = "at_most"
	AtLeast  Bound = "at_least"
	MoreThan Bound = "more_than"
	LessThan Bound = "less_than"
)

// Observation is one fact established by one source about one subject.
type Observation struct {
	// Fact is the evidence fact path, e.g. "access.lockout.threshold".
	Fact string `json:"fact"`
	// Value has the fact's type (see Kinds).
	Value Value `json:"value"`
	// Bound is Exact unless the source gives only a limit (integer facts).
	Bound Bound `json:"bound,omitempty"`
	// Basis is what the value rests on.
	Basis []Basis `json:"basis"`
}

// Basis is one thing an observation rests on: a rule result, a setting
// in a file at a line, a field of an export.
type Basis struct {
	// Input is the Name of the Input it was read from.
	Input string `json:"input"`
	// Line in that input, when it has lines (1-based).
	Line int `json:"line,omitempty"`
	// Rule is a rule or control ID (an XCCDF rule, a ScubaGear control,
	// a conditional access policy ID).
	Rule string `json:"rule,omitempty"`
	// Setting is the setting or field name read (MinimumPasswordLength,
	// PermitRootLogin, RealTimeProtectionEnabled).
	Setting string `json:"setting,omitempty"`
	// Value is the raw value as the input gives it ("5", "pass").
	Value string `json:"value,omitempty"`
}

// String is "input:line: setting = value" or "input: rule value".
func (b Basis) String() string {
	var s strings.Builder
	s.WriteString(b.Input)
	if b.Line > 0 {
		fmt.Fprintf(&s, ":%d", b.Line)
	}
	if b.Rule != "" {
		fmt.Fprintf(&s, ": %s", b.Rule)
	}
	if b.Setting != "" {
		fmt.Fprintf(&s, ": %s", b.Setting)
	}
	if b.Value != "" {
		if b.Setting != "" {
			fmt.Fprintf(&s, " = %s", b.Value)
		} else {
			fmt.Fprintf(&s, " %s", b.Value)
		}
	}
	return s.String()
}

// Check results: the XCCDF 1.2 rule results (§6.6.4.4), which ScubaGear
// results are mapped onto.
const (
	ResultPass          = "pass"
	ResultFail          = "fail"
	ResultError         = "error"
	ResultUnknown       = "unknown"
	ResultNotApplicable = "notapplicable"
	ResultNotChecked    = "notchecked"
	ResultNotSelected   = "notselected"
	ResultInformational = "informational"
	ResultFixed         = "fixed"
)

var checkResults = []string{ResultPass, ResultFail, ResultError, ResultUnknown, ResultNotApplicable,
	ResultNotChecked, ResultNotSelected, ResultInformational, ResultFixed}

// Check is one rule's result mapped to the SP 800-171 Rev 2
// requirements its content references.
type Check struct {
	// Rule is the rule or control ID.
	Rule string `json:"rule"`
	// Title is the rule's title.
	Title string `json:"title,omitempty"`
	// Requirements are SP 800-171 Rev 2 requirement IDs ("3.1.8").
	Requirements []string `json:"requirements"`
	// Result is one of the XCCDF results.
	Result string `json:"result"`
	// Severity as the content gives it, if it does.
	Severity string `json:"severity,omitempty"`
}

var (
	sha256Re      = regexp.MustCompile(`^[0-9a-f]{64}$`)
	requirementRe = regexp.MustCompile(`^3\.(1[0-4]|[1-9])\.([1-9][0-9]?)$`)
)

// IsRequirementID says whether s has the form of an SP 800-171 Rev 2
// requirement ID (3.F.N, families 1 to 14).
func IsRequirementID(s string) bool { return requirementRe.MatchString(s) }

// Validate checks a report's structure: known fact paths with values of
// their type, inputs with digests, bases that name an input, known
// results and requirement IDs. Importers call it before they return a
// report, and ReadReport after reading one.
func (r *Report) Validate() error {
	if r.Schema != SchemaV1 {
		return fmt.Errorf("mamori: expected %q, got %q", SchemaV1, r.Schema)
	}
	if r.Source.Kind == "" || r.Source.Tool == "" {
		return fmt.Errorf("source: kind and tool are required")
	}
	if r.Subject.Kind != SubjectHost && r.Subject.Kind != SubjectTenant {
		return fmt.Errorf("subject.kind: expected %q or %q, got %q", SubjectHost, SubjectTenant, r.Subject.Kind)
	}
	if strings.TrimSpace(r.Subject.ID) == "" {
		return fmt.Errorf("subject.id: required")
	}
	if r.Collected.IsZero() {
		return fmt.Errorf("collected: required")
	}
	if len(r.Inputs) == 0 {
		return fmt.Errorf("inputs: at least one input is required")
	}
	names := make(map[string]bool, len(r.Inputs))
	for i, in := range r.Inputs {
		if in.Name == "" {
			return fmt.Errorf("inputs[%d].name: required", i)
		}
		if !slices.Contains([]string{"file", "directory", "command", "absent"}, in.Kind) {
			return fmt.Errorf("inputs[%d].kind: expected \"file\", \"directory\", \"command\" or \"absent\", got %q", i, in.Kind)
		}
		if !sha256Re.MatchString(in.SHA256) {
			return fmt.Errorf("inputs[%d].sha256: expected 64 lowercase hex digits", i)
		}
		if in.Size < 0 {
			return fmt.Errorf("inputs[%d].size: negative", i)
		}
		names[in.Name] = true
	}
	for i, o := range r.Observations {
		k, ok := kinds[o.Fact]
		if !ok {
			return fmt.Errorf("observations[%d].fact: unknown fact %q", i, o.Fact)
		}
		if o.Value.kind != k.Kind {
			return fmt.Errorf("observations[%d].value: %s is %s, got %s", i, o.Fact, k.Kind, o.Value.kind)
		}
		if err := k.check(o.Value); err != nil {
			return fmt.Errorf("observations[%d].value: %s: %v", i, o.Fact, err)
		}
		switch o.Bound {
		case Exact:
		case AtMost, AtLeast, MoreThan, LessThan:
			if k.Kind != KindInt {
				return fmt.Errorf("observations[%d].bound: only integer facts take a bound, %s is %s", i, o.Fact, k.Kind)
			}
		default:
			return fmt.Errorf("observations[%d].bound: unknown bound %q", i, o.Bound)
		}
		if len(o.Basis) == 0 {
			return fmt.Errorf("observations[%d].basis: %s rests on nothing", i, o.Fact)
		}
		for j, b := range o.Basis {
			if !names[b.Input] {
				return fmt.Errorf("observations[%d].basis[%d].input: %q is not among the inputs", i, j, b.Input)
			}
		}
	}
	for i, c := range r.Checks {
		if c.Rule == "" {
			return fmt.Errorf("checks[%d].rule: required", i)
		}
		if !slices.Contains(checkResults, c.Result) {
			return fmt.Errorf("checks[%d].result: unknown result %q", i, c.Result)
		}
		if len(c.Requirements) == 0 {
			return fmt.Errorf("checks[%d].requirements: %s maps to no requirement", i, c.Rule)
		}
		for _, id := range c.Requirements {
			if !IsRequirementID(id) {
				return fmt.Errorf("checks[%d].requirements: %q is not an SP 800-171 Rev 2 requirement ID", i, id)
			}
		}
	}
	return nil
}

// Sort puts observations in fact path order (stable, so that several
// observations of one fact keep the order the importer gave) and checks
// in rule order.
func (r *Report) Sort() {
	slices.SortStableFunc(r.Observations, func(a, b Observation) int { return strings.Compare(a.Fact, b.Fact) })
	slices.SortStableFunc(r.Checks, func(a, b Check) int { return strings.Compare(a.Rule, b.Rule) })
}

// Observed returns the observations of a fact.
func (r *Report) Observed(fact string) []Observation {
	var out []Observation
	for _, o := range r.Observations {
		if o.Fact == fact {
			out = append(out, o)
		}
	}
	return out
}

// Values returns each observed fact's value as text, keyed by the fact
// path followed by its bound, if any ("audit.retention_days at_most"):
// a summary for people and tests. Of several observations of one fact,
// the last is shown.
func (r *Report) Values() map[string]string {
	m := make(map[string]string, len(r.Observations))
	for _, o := range r.Observations {
		k := o.Fact
		if o.Bound != Exact {
			k += " " + string(o.Bound)
		}
		m[k] = o.Value.String()
	}
	return m
}

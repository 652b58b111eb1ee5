package collect

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// The aggregation rule. A collected fact describes the organisation only
// as far as it holds on every in-scope host:
//
//   - the organisation's value of a fact is its weakest host's value
//     (the weakest of booleans is the one that does not hold: BitLocker
//     off on one PC makes at-rest encryption false; the weakest of
//     thresholds is the laxest: a lockout after 10 attempts on one server
//     makes the threshold 10; an integer where 0 means "off" takes 0 as
//     the weakest);
//   - a bound (a rule passed "at most 5") is compared at its edge: at
//     most 5 and at least 5 as 5, more than 5 as 6, less than 5 as 4;
//   - within one host, two sources that disagree are a conflict,
//     reported with both; the host's weaker value counts;
//   - coverage is the number of in-scope hosts that reported the fact
//     against the number in scope ("18 of 20 hosts"); the hosts that did
//     not report it are listed, and a fact is complete only when every
//     in-scope host reported it;
//   - a requirement checked by rules (OpenSCAP) holds on a host when
//     none of its rules failed or errored and at least one passed, and
//     holds for the organisation only if it holds on every in-scope host.

// Sighting is one subject's value of a fact, from one report.
type Sighting struct {
	Subject   string    `json:"subject"`
	Value     Value     `json:"value"`
	Bound     Bound     `json:"bound,omitempty"`
	Source    Source    `json:"source"`
	Collected time.Time `json:"collected"`
	Inputs    []Input   `json:"inputs"`
	Basis     []Basis   `json:"basis"`
}

// Fact is the organisation's value of one fact, aggregated over the
// in-scope hosts or tenants.
type Fact struct {
	Fact string `json:"fact"`
	// Value and Bound are the weakest subject's.
	Value Value `json:"value"`
	Bound Bound `json:"bound,omitempty"`
	// Sightings are every in-scope subject's values, weakest first.
	Sightings []Sighting `json:"sightings"`
	// Weakest are the subjects that hold the weakest value.
	Weakest []string `json:"weakest"`
	// InScope is the number of subjects in scope; Reported the number
	// that reported this fact; Missing those in scope that did not.
	InScope  int      `json:"in_scope"`
	Reported int      `json:"reported"`
	Missing  []string `json:"missing,omitempty"`
}

// Complete says whether every in-scope subject reported the fact.
func (f *Fact) Complete() bool { return f.Reported == f.InScope && f.InScope > 0 }

// Coverage is "18 of 20 hosts" (or tenants).
func (f *Fact) Coverage() string { return coverage(f.Reported, f.InScope, f.Sightings) }

// Failing returns the subjects whose value is weaker than limit (for a
// boolean fact, pass the value that holds: Bool(true) names the hosts
// where it is false). A limit of another kind fails every subject.
func (f *Fact) Failing(limit Value) []string {
	lim := strength(f.Fact, limit, Exact)
	var out []string
	for _, s := range f.Sightings {
		if s.Value.kind != limit.kind || strength(f.Fact, s.Value, s.Bound) < lim {
			out = appendUnique(out, s.Subject)
		}
	}
	return out
}

// Conflict is one subject for which two sources give different values
// of one fact. Neither wins: both are reported.
type Conflict struct {
	Fact      string     `json:"fact"`
	Subject   string     `json:"subject"`
	Sightings []Sighting `json:"sightings"`
}

// Requirement is the organisation's status of one SP 800-171 Rev 2
// requirement as checked by rules.
type Requirement struct {
	Requirement string `json:"requirement"`
	// Holds is true when it holds on every in-scope subject.
	Holds bool `json:"holds"`
	// Failing are the subjects where a mapped rule failed, with the
	// rules; Unknown those where one errored or none passed.
	Failing []SubjectRules `json:"failing,omitempty"`
	Unknown []SubjectRules `json:"unknown,omitempty"`
	// Passing are the subjects where it holds.
	Passing  []string `json:"passing,omitempty"`
	InScope  int      `json:"in_scope"`
	Reported int      `json:"reported"`
	Missing  []string `json:"missing,omitempty"`
}

// Coverage is "18 of 20 hosts".
func (r *Requirement) Coverage() string { return coverage(r.Reported, r.InScope, nil) }

// SubjectRules names a subject and the rules that decided its status.
type SubjectRules struct {
	Subject string   `json:"subject"`
	Rules   []string `json:"rules"`
}

// Aggregation is the result of Aggregate.
type Aggregation struct {
	Facts        []Fact        `json:"facts"`
	Requirements []Requirement `json:"requirements,omitempty"`
	Conflicts    []Conflict    `json:"conflicts,omitempty"`
	// OutOfScope are subjects that reported but are not in scope; their
	// reports were not used.
	OutOfScope []string `json:"out_of_scope,omitempty"`
}

// Fact returns the aggregated fact with the path, or nil.
func (a *Aggregation) Fact(path string) *Fact {
	for i := range a.Facts {
		if a.Facts[i].Fact == path {
			return &a.Facts[i]
		}
	}
	return nil
}

// Aggregate applies the aggregation rule to reports. scope lists the
// in-scope subjects (host names or tenant IDs, compared without regard
// to case); nil puts every reporting subject in scope. Reports must be
// valid (Report.Validate).
func Aggregate(reports []*Report, scope []string) *Aggregation {
	agg := &Aggregation{}
	inScope := map[string]string{} // folded -> as given
	var order []string
	if scope != nil {
		for _, s := range scope {
			if _, ok := inScope[fold(s)]; !ok {
				inScope[fold(s)] = s
				order = append(order, s)
			}
		}
	} else {
		for _, r := range reports {
			if _, ok := inScope[fold(r.Subject.ID)]; !ok {
				inScope[fold(r.Subject.ID)] = r.Subject.ID
				order = append(order, r.Subject.ID)
			}
		}
	}
	// fact -> subject -> sightings
	bySubject := map[string]map[string][]Sighting{}
	// requirement -> subject -> checks
	checks := map[string]map[string][]Check{}
	for _, r := range reports {
		subj, ok := inScope[fold(r.Subject.ID)]
		if !ok {
			agg.OutOfScope = appendUnique(agg.OutOfScope, r.Subject.ID)
			continue
		}
		for _, o := range r.Observations {
			m := bySubject[o.Fact]
			if m == nil {
				m = map[string][]Sighting{}
				bySubject[o.Fact] = m
			}
			m[subj] = append(m[subj], Sighting{Subject: subj, Value: o.Value, Bound: o.Bound,
				Source: r.Source, Collected: r.Collected, Inputs: r.Inputs, Basis: o.Basis})
		}
		for _, c := range r.Checks {
			for _, id := range c.Requirements {
				m := checks[id]
				if m == nil {
					m = map[string][]Check{}
					checks[id] = m
				}
				m[subj] = append(m[subj], c)
			}
		}
	}
	slices.Sort(agg.OutOfScope)

	for _, path := range sortedKeys(bySubject) {
		f := Fact{Fact: path, InScope: len(order)}
		for _, subj := range order {
			ss := bySubject[path][subj]
			if len(ss) == 0 {
				f.Missing = append(f.Missing, subj)
				continue
			}
			f.Reported++
			distinct := ss[:1]
			for _, s := range ss[1:] {
				if !slices.ContainsFunc(distinct, func(d Sighting) bool {
					return evidence.Consistent(d.Value.Evidence(), string(d.Bound), s.Value.Evidence(), string(s.Bound))
				}) {
					distinct = append(distinct, s)
				}
			}
			if len(distinct) > 1 {
				agg.Conflicts = append(agg.Conflicts, Conflict{Fact: path, Subject: subj, Sightings: slices.Clone(ss)})
			}
			f.Sightings = append(f.Sightings, ss...)
		}
		slices.SortStableFunc(f.Sightings, func(a, b Sighting) int {
			return cmp.Compare(strength(path, a.Value, a.Bound), strength(path, b.Value, b.Bound))
		})
		w := f.Sightings[0]
		f.Value, f.Bound = w.Value, w.Bound
		ws := strength(path, w.Value, w.Bound)
		for _, s := range f.Sightings {
			if strength(path, s.Value, s.Bound) == ws {
				f.Weakest = appendUnique(f.Weakest, s.Subject)
			}
		}
		agg.Facts = append(agg.Facts, f)
	}

	for _, id := range sortedRequirementKeys(checks) {
		req := Requirement{Requirement: id, InScope: len(order)}
		for _, subj := range order {
			cs := checks[id][subj]
			if len(cs) == 0 {
				req.Missing = append(req.Missing, subj)
				continue
			}
			req.Reported++
			var failed, unknown []string
			passed := false
			for _, c := range cs {
				switch c.Result {
				case ResultFail:
					failed = append(failed, c.Rule)
				case ResultError, ResultUnknown:
					unknown = append(unknown, c.Rule)
				case ResultPass, ResultFixed:
					passed = true
				}
			}
			switch {
			case len(failed) > 0:
				req.Failing = append(req.Failing, SubjectRules{subj, failed})
			case len(unknown) > 0 || !passed:
				req.Unknown = append(req.Unknown, SubjectRules{subj, unknown})
			default:
				req.Passing = append(req.Passing, subj)
			}
		}
		req.Holds = req.InScope > 0 && len(req.Passing) == req.InScope
		agg.Requirements = append(agg.Requirements, req)
	}
	return agg
}

// strength orders values of a fact by the evidence format's order: a
// larger result is stronger.
func strength(path string, v Value, b Bound) float64 {
	if v.IsZero() {
		return math.Inf(-1)
	}
	return evidence.Strength(path, v.Evidence(), string(b))
}

func coverage(n, of int, ss []Sighting) string {
	noun := "hosts"
	for _, s := range ss {
		if s.Source.Kind == "m365" || s.Source.Kind == "scubagear" {
			noun = "tenants"
		}
		break
	}
	if of == 1 {
		noun = strings.TrimSuffix(noun, "s")
	}
	return fmt.Sprintf("%d of %d %s", n, of, noun)
}

func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func appendUnique(xs []string, s string) []string {
	if slices.Contains(xs, s) {
		return xs
	}
	return append(xs, s)
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// sortedRequirementKeys sorts requirement IDs numerically (3.1.2 before 3.1.10).
func sortedRequirementKeys[V any](m map[string]V) []string {
	ks := sortedKeys(m)
	slices.SortFunc(ks, CompareRequirementIDs)
	return ks
}

// CompareRequirementIDs orders requirement IDs numerically.
func CompareRequirementIDs(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		var x, y int
		fmt.Sscan(pa[i], &x)
		fmt.Sscan(pb[i], &y)
		if c := cmp.Compare(x, y); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(pa), len(pb))
}

package collect_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine/collect"
)

// host returns a report for one host with the given observations
// (fact, value, bound) and checks.
func host(id, kind string, obs []collect.Observation, checks ...collect.Check) *collect.Report {
	in := collect.Input{Name: "export", Kind: "file", SHA256: digest, Size: 1}
	for i := range obs {
		obs[i].Basis = []collect.Basis{{Input: "export", Setting: "x"}}
	}
	return &collect.Report{
		Schema: collect.SchemaV1, Source: collect.Source{Kind: kind, Tool: kind},
		Subject:   collect.Subject{Kind: collect.SubjectHost, ID: id},
		Collected: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC),
		Inputs:    []collect.Input{in}, Observations: obs, Checks: checks,
	}
}

func ob(fact string, v collect.Value, b ...collect.Bound) collect.Observation {
	o := collect.Observation{Fact: fact, Value: v}
	if len(b) > 0 {
		o.Bound = b[0]
	}
	return o
}

func TestAggregateFacts(t *testing.T) {
	tests := []struct {
		name      string
		reports   []*collect.Report
		scope     []string
		fact      string
		value     collect.Value
		bound     collect.Bound
		weakest   []string
		coverage  string
		missing   []string
		limit     collect.Value
		failing   []string
		conflicts int
	}{
		{
			name: "boolean holds only if it holds everywhere",
			reports: []*collect.Report{
				host("PC-01", "windows", []collect.Observation{ob("crypto.full_disk_encryption", collect.Bool(true))}),
				host("PC-07", "windows", []collect.Observation{ob("crypto.full_disk_encryption", collect.Bool(false))}),
				host("PC-12", "windows", []collect.Observation{ob("crypto.full_disk_encryption", collect.Bool(false))}),
			},
			fact: "crypto.full_disk_encryption", value: collect.Bool(false), weakest: []string{"PC-07", "PC-12"},
			coverage: "3 of 3 hosts", limit: collect.Bool(true), failing: []string{"PC-07", "PC-12"},
		},
		{
			name: "higher is stronger: the shortest password length",
			reports: []*collect.Report{
				host("a", "linux", []collect.Observation{ob("identity.password.min_length", collect.Int(14))}),
				host("b", "linux", []collect.Observation{ob("identity.password.min_length", collect.Int(8))}),
			},
			fact: "identity.password.min_length", value: collect.Int(8), weakest: []string{"b"},
			coverage: "2 of 2 hosts", limit: collect.Int(12), failing: []string{"b"},
		},
		{
			name: "lockout: 0 (none) is the weakest, then the highest",
			reports: []*collect.Report{
				host("a", "windows", []collect.Observation{ob("access.lockout.threshold", collect.Int(10))}),
				host("b", "windows", []collect.Observation{ob("access.lockout.threshold", collect.Int(0))}),
				host("c", "windows", []collect.Observation{ob("access.lockout.threshold", collect.Int(3))}),
			},
			fact: "access.lockout.threshold", value: collect.Int(0), weakest: []string{"b"},
			coverage: "3 of 3 hosts", limit: collect.Int(5), failing: []string{"b", "a"},
		},
		{
			name: "bounds compare at their edge",
			reports: []*collect.Report{
				host("a", "openscap", []collect.Observation{ob("access.lockout.threshold", collect.Int(5), collect.AtMost)}),
				host("b", "openscap", []collect.Observation{ob("access.lockout.threshold", collect.Int(5), collect.MoreThan)}),
				host("c", "windows", []collect.Observation{ob("access.lockout.threshold", collect.Int(4))}),
			},
			fact: "access.lockout.threshold", value: collect.Int(5), bound: collect.MoreThan, weakest: []string{"b"},
			coverage: "3 of 3 hosts", limit: collect.Int(5), failing: []string{"b"},
		},
		{
			name: "ranked strings",
			reports: []*collect.Report{
				host("a", "linux", []collect.Observation{ob("media.removable_media", collect.String("blocked"))}),
				host("b", "windows", []collect.Observation{ob("media.removable_media", collect.String("unrestricted"))}),
			},
			fact: "media.removable_media", value: collect.String("unrestricted"), weakest: []string{"b"},
			coverage: "2 of 2 hosts", limit: collect.String("controlled"), failing: []string{"b"},
		},
		{
			name: "coverage against the scope, out of scope ignored",
			reports: []*collect.Report{
				host("PC-01", "windows", []collect.Observation{ob("integrity.malware.real_time", collect.Bool(true))}),
				host("pc-02", "windows", []collect.Observation{ob("integrity.malware.real_time", collect.Bool(true))}),
				host("LAB-9", "windows", []collect.Observation{ob("integrity.malware.real_time", collect.Bool(false))}),
			},
			scope: []string{"PC-01", "PC-02", "PC-03"},
			fact:  "integrity.malware.real_time", value: collect.Bool(true), weakest: []string{"PC-01", "PC-02"},
			coverage: "2 of 3 hosts", missing: []string{"PC-03"}, limit: collect.Bool(true),
		},
		{
			name: "two sources disagree on one host: a conflict, the weaker counts",
			reports: []*collect.Report{
				host("srv", "linux", []collect.Observation{ob("identity.password.min_length", collect.Int(12))}),
				host("srv", "openscap", []collect.Observation{ob("identity.password.min_length", collect.Int(12), collect.LessThan)}),
			},
			fact: "identity.password.min_length", value: collect.Int(12), bound: collect.LessThan, weakest: []string{"srv"},
			coverage: "1 of 1 host", limit: collect.Int(12), failing: []string{"srv"}, conflicts: 1,
		},
		{
			name: "lower is stronger: the oldest definitions",
			reports: []*collect.Report{
				host("a", "windows", []collect.Observation{ob("integrity.malware.update_interval_hours", collect.Int(3))}),
				host("b", "windows", []collect.Observation{ob("integrity.malware.update_interval_hours", collect.Int(200))}),
			},
			fact: "integrity.malware.update_interval_hours", value: collect.Int(200), weakest: []string{"b"},
			coverage: "2 of 2 hosts", limit: collect.Int(24), failing: []string{"b"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, r := range tt.reports {
				require.NoError(t, r.Validate())
			}
			agg := collect.Aggregate(tt.reports, tt.scope)
			f := agg.Fact(tt.fact)
			require.NotNil(t, f)
			assert.Equal(t, tt.value, f.Value)
			assert.Equal(t, tt.bound, f.Bound)
			assert.Equal(t, tt.weakest, f.Weakest)
			assert.Equal(t, tt.coverage, f.Coverage())
			assert.Equal(t, tt.missing, f.Missing)
			assert.Equal(t, len(tt.missing) == 0, f.Complete())
			assert.Equal(t, tt.failing, f.Failing(tt.limit))
			assert.Len(t, agg.Conflicts, tt.conflicts)
		})
	}
}

func TestAggregateOutOfScope(t *testing.T) {
	agg := collect.Aggregate([]*collect.Report{
		host("PC-01", "windows", []collect.Observation{ob("access.logon_banner", collect.Bool(true))}),
		host("LAB-9", "windows", []collect.Observation{ob("access.logon_banner", collect.Bool(false))}),
	}, []string{"PC-01"})
	assert.Equal(t, []string{"LAB-9"}, agg.OutOfScope)
	assert.Equal(t, collect.Bool(true), agg.Fact("access.logon_banner").Value)
}

func TestAggregateRequirements(t *testing.T) {
	pass := func(rule, req string) collect.Check {
		return collect.Check{Rule: rule, Requirements: []string{req}, Result: collect.ResultPass}
	}
	res := func(rule, req, r string) collect.Check {
		return collect.Check{Rule: rule, Requirements: []string{req}, Result: r}
	}
	reports := []*collect.Report{
		host("h1", "openscap", nil, pass("faillock_deny", "3.1.8"), pass("minlen", "3.5.7"), res("tmout", "3.1.11", collect.ResultNotApplicable)),
		host("h2", "openscap", nil, res("faillock_deny", "3.1.8", collect.ResultFail), pass("minlen", "3.5.7"), res("tmout", "3.1.11", collect.ResultNotApplicable)),
		host("h3", "openscap", nil, res("faillock_deny", "3.1.8", collect.ResultError), pass("minlen", "3.5.7")),
	}
	agg := collect.Aggregate(reports, []string{"h1", "h2", "h3", "h4"})
	require.Len(t, agg.Requirements, 3)
	r := agg.Requirements[0]
	assert.Equal(t, "3.1.8", r.Requirement)
	assert.False(t, r.Holds)
	assert.Equal(t, []collect.SubjectRules{{Subject: "h2", Rules: []string{"faillock_deny"}}}, r.Failing)
	assert.Equal(t, []collect.SubjectRules{{Subject: "h3", Rules: []string{"faillock_deny"}}}, r.Unknown)
	assert.Equal(t, []string{"h1"}, r.Passing)
	assert.Equal(t, "3 of 4 hosts", r.Coverage())
	assert.Equal(t, []string{"h4"}, r.Missing)

	assert.Equal(t, "3.1.11", agg.Requirements[1].Requirement, "numeric order")
	assert.False(t, agg.Requirements[1].Holds, "not applicable everywhere is not a pass")
	assert.Len(t, agg.Requirements[1].Unknown, 2)

	all := collect.Aggregate(reports[:1], nil)
	assert.True(t, all.Requirements[2].Holds, "3.5.7 holds on the one host in scope")
}

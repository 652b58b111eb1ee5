package r2.au.au_3_3_4_test

import data.r2.au.au_3_3_4 as policy

_input(audit) := {"facts": {"audit": audit}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_failure_alerting if {
	fs := policy.findings with input as _input({"failure_alerting": true})
	_codes(fs) == {}
}

test_fail_no_failure_alerting if {
	fs := policy.findings with input as _input({"failure_alerting": false})
	_codes(fs) == {"3.3.4.audit.failure_alerting": "not_met"}
	some f in fs
	f.objectives == ["3.3.4[c]"]
}

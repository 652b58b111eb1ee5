package r2.au.au_3_3_6_test

import data.r2.au.au_3_3_6 as policy

_input(audit) := {"facts": {"audit": audit}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_reduction_reporting if {
	fs := policy.findings with input as _input({"reduction_reporting": true})
	_codes(fs) == {}
}

test_fail_no_reduction_reporting if {
	fs := policy.findings with input as _input({"reduction_reporting": false})
	_codes(fs) == {"3.3.6.audit.reduction_reporting": "not_met"}
}

package r2.sc.sc_3_13_6_test

import data.r2.sc.sc_3_13_6 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

test_success_deny_by_default if {
	_codes(policy.findings) == {} with input as _input({"network": {"deny_by_default": true}})
}

test_fail_allow_by_default if {
	want := {"3.13.6.network.deny_by_default": "not_met"}
	_codes(policy.findings) == want with input as _input({"network": {"deny_by_default": false}})
}

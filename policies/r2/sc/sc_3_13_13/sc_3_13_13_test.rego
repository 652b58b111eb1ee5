package r2.sc.sc_3_13_13_test

import data.r2.sc.sc_3_13_13 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

test_success_mobile_code_controlled if {
	_codes(policy.findings) == {} with input as _input({"network": {"mobile_code_controlled": true}})
}

test_fail_mobile_code_not_controlled if {
	want := {"3.13.13.network.mobile_code_controlled": "not_met"}
	_codes(policy.findings) == want with input as _input({"network": {"mobile_code_controlled": false}})
}

package r2.sc.sc_3_13_15_test

import data.r2.sc.sc_3_13_15 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

test_success_session_authenticity if {
	_codes(policy.findings) == {} with input as _input({"network": {"session_authenticity": true}})
}

test_fail_session_authenticity if {
	want := {"3.13.15.network.session_authenticity": "not_met"}
	_codes(policy.findings) == want with input as _input({"network": {"session_authenticity": false}})
}

package r2.si.si_3_14_3_test

import data.r2.si.si_3_14_3 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

test_success_subscribed if {
	_codes(policy.findings) == {} with input as _input({"integrity": {"security_alerts_subscribed": true}})
}

test_fail_not_subscribed if {
	want := {"3.14.3.integrity.security_alerts_subscribed": "not_met"}
	_codes(policy.findings) == want with input as _input({"integrity": {"security_alerts_subscribed": false}})
}

package r2.ca.ca_3_12_3_test

import data.r2.ca.ca_3_12_3 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

test_success_continuous_monitoring if {
	_codes(policy.findings) == {} with input as _input({"risk": {"continuous_monitoring": true}})
}

test_fail_no_continuous_monitoring if {
	want := {"3.12.3.risk.continuous_monitoring": "not_met"}
	_codes(policy.findings) == want with input as _input({"risk": {"continuous_monitoring": false}})
}

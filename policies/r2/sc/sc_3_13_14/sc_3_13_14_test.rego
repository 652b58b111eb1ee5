package r2.sc.sc_3_13_14_test

import data.r2.sc.sc_3_13_14 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

test_success_voip_controlled if {
	_codes(policy.findings) == {} with input as _input({"network": {"voip_controlled": true}})
}

test_fail_voip_not_controlled if {
	want := {"3.13.14.network.voip_controlled": "not_met"}
	_codes(policy.findings) == want with input as _input({"network": {"voip_controlled": false}})
}

package r2.sc.sc_3_13_5_test

import data.r2.sc.sc_3_13_5 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

test_success_dmz if {
	_codes(policy.findings) == {} with input as _input({"network": {"public_components_separated": true}})
}

test_fail_public_components_inside if {
	want := {"3.13.5.network.public_components_separated": "not_met"}
	_codes(policy.findings) == want with input as _input({"network": {"public_components_separated": false}})
}

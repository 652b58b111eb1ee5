package r2.sc.sc_3_13_12_test

import data.r2.sc.sc_3_13_12 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

test_success_devices_controlled if {
	_codes(policy.findings) == {} with input as _input({"network": {"collaborative_devices_controlled": true}})
}

test_fail_devices_not_controlled if {
	want := {"3.13.12.network.collaborative_devices_controlled": "not_met"}
	_codes(policy.findings) == want with input as _input({"network": {"collaborative_devices_controlled": false}})
}

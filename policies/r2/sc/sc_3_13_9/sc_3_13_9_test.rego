package r2.sc.sc_3_13_9_test

import data.r2.sc.sc_3_13_9 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

test_success_idle_disconnect if {
	_codes(policy.findings) == {} with input as _input({"network": {"idle_disconnect_minutes": 30}})
}

test_fail_long_idle_disconnect if {
	want := {"3.13.9.network.idle_disconnect_minutes": "not_met"}
	_codes(policy.findings) == want with input as _input({"network": {"idle_disconnect_minutes": 240}})
}

test_threshold_is_data if {
	facts := {"network": {"idle_disconnect_minutes": 30}}
	_codes(policy.findings) == {"3.13.9.network.idle_disconnect_minutes": "not_met"} with input as _input(facts)
		with data.mamori.params.idle_disconnect_max_minutes as 15 # regal ignore:unresolved-reference
}

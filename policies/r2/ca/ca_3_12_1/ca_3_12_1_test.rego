package r2.ca.ca_3_12_1_test

import data.r2.ca.ca_3_12_1 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

test_success_recent_assessment if {
	_codes(policy.findings) == {} with input as _input({"risk": {"last_control_assessment": "2026-03-15"}})
}

test_fail_stale_assessment if {
	want := {"3.12.1.risk.last_control_assessment": "not_met"}
	_codes(policy.findings) == want with input as _input({"risk": {"last_control_assessment": "2025-06-30"}})
}

test_threshold_is_data if {
	facts := {"risk": {"last_control_assessment": "2025-06-30"}}
	_codes(policy.findings) == {} with input as _input(facts)
		with data.mamori.params.control_assessment_max_age_days as 730 # regal ignore:unresolved-reference
}

package r2.ra.ra_3_11_1_test

import data.r2.ra.ra_3_11_1 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

test_success_recent_assessment if {
	_codes(policy.findings) == {} with input as _input({"risk": {"last_risk_assessment": "2025-10-01"}})
}

test_fail_stale_assessment if {
	want := {"3.11.1.risk.last_risk_assessment": "not_met"}
	_codes(policy.findings) == want with input as _input({"risk": {"last_risk_assessment": "2025-09-30"}})
}

test_fail_message_has_age_and_limit if {
	some f in policy.findings with input as _input({"risk": {"last_risk_assessment": "2024-10-01"}})
	f.message.en == "the last risk assessment (2024-10-01) is 730 days old, more than the maximum of 365 days"
}

test_threshold_is_data if {
	facts := {"risk": {"last_risk_assessment": "2025-04-01"}}
	_codes(policy.findings) == {"3.11.1.risk.last_risk_assessment": "not_met"} with input as _input(facts)
		with data.mamori.params.risk_assessment_max_age_days as 180 # regal ignore:unresolved-reference
}

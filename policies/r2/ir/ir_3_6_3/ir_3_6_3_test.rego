package r2.ir.ir_3_6_3_test

import data.r2.ir.ir_3_6_3 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"incident_response": {"last_exercise": "2025-10-01"}}

test_success_exercised_yearly if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_fail_exercise_too_old if {
	facts := object.union(_good, {"incident_response": {"last_exercise": "2025-09-30"}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.6.3.incident_response.last_exercise": "not_met"}
}

test_fail_exercise_too_old_threshold_is_data if {
	doc := _input(_good)
	codes := _codes(policy.findings) with input as doc
		with data.mamori.params.exercise_max_age_days as 364
	codes == {"3.6.3.incident_response.last_exercise": "not_met"}
}

test_fail_exercise_too_old_message if {
	facts := {"incident_response": {"last_exercise": "2025-04-01"}}
	some f in policy.findings with input as _input(facts)
	f.message.en == "the last incident response exercise was 548 days ago, more than the maximum of 365 days"
}

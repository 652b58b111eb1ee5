package r2.ia.ia_3_5_8_test

import data.r2.ia.ia_3_5_8 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"identity": {"password": {"history": 5}}}

test_success_history if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_fail_history_too_short if {
	facts := object.union(_good, {"identity": {"password": {"history": 3}}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.5.8.identity.password.history": "not_met"}
}

test_fail_history_too_short_threshold_is_data if {
	doc := _input(_good)
	codes := _codes(policy.findings) with input as doc
		with data.mamori.params.password_history_min as 6
	codes == {"3.5.8.identity.password.history": "not_met"}
}

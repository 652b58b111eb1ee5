package r2.ia.ia_3_5_7_test

import data.r2.ia.ia_3_5_7 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"identity": {"password": {"min_length": 12, "complexity": true}}}

test_success_length_and_complexity if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_fail_too_short if {
	facts := object.union(_good, {"identity": {"password": {"min_length": 8}}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.5.7.identity.password.min_length": "not_met"}
}

test_fail_too_short_threshold_is_data if {
	doc := _input(_good)
	codes := _codes(policy.findings) with input as doc
		with data.mamori.params.password_min_length as 13
	codes == {"3.5.7.identity.password.min_length": "not_met"}
}

test_fail_no_complexity if {
	facts := object.union(_good, {"identity": {"password": {"complexity": false}}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.5.7.identity.password.complexity": "not_met"}
}

test_fail_too_short_message if {
	facts := object.union(_good, {"identity": {"password": {"min_length": 8}}})
	some f in policy.findings with input as _input(facts)
	f.message.en == "passwords may be as short as 8 characters, below the minimum of 12"
	f.objectives == ["3.5.7[c]"]
}

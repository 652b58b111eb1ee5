package r2.ia.ia_3_5_6_test

import data.r2.ia.ia_3_5_6 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"identity": {"identifier_inactivity_disable_days": 90}}

test_success_inactive_disabled if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_fail_inactivity_too_long if {
	facts := object.union(_good, {"identity": {"identifier_inactivity_disable_days": 91}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.5.6.identity.identifier_inactivity_disable_days": "not_met"}
}

test_fail_inactivity_too_long_threshold_is_data if {
	doc := _input(_good)
	codes := _codes(policy.findings) with input as doc
		with data.mamori.params.identifier_inactivity_max_days as 89
	codes == {"3.5.6.identity.identifier_inactivity_disable_days": "not_met"}
}

test_fail_never_disabled if {
	facts := object.union(_good, {"identity": {"identifier_inactivity_disable_days": 0}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.5.6.identity.identifier_inactivity_disable_days": "not_met"}
}

test_fail_never_disabled_message if {
	facts := object.union(_good, {"identity": {"identifier_inactivity_disable_days": 0}})
	messages := {f.message.en | some f in policy.findings} with input as _input(facts)
	messages == {"identifiers are never disabled for inactivity"}
}

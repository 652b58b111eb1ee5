package r2.ia.ia_3_5_11_test

import data.r2.ia.ia_3_5_11 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"identity": {"password": {"feedback_obscured": true}}}

test_success_feedback_obscured if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_fail_feedback_shown if {
	facts := object.union(_good, {"identity": {"password": {"feedback_obscured": false}}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.5.11.identity.password.feedback_obscured": "not_met"}
}

package r2.ia.ia_3_5_9_test

import data.r2.ia.ia_3_5_9 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"identity": {"password": {"temporary_change_required": true}}}

test_success_temporary_change_required if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_fail_no_change_required if {
	facts := object.union(_good, {"identity": {"password": {"temporary_change_required": false}}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.5.9.identity.password.temporary_change_required": "not_met"}
}

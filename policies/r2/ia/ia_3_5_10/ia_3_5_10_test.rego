package r2.ia.ia_3_5_10_test

import data.r2.ia.ia_3_5_10 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"identity": {"password": {"stored_hashed": true, "transmitted_encrypted": true}}}

test_success_hashed_and_encrypted if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_fail_stored_in_clear if {
	facts := object.union(_good, {"identity": {"password": {"stored_hashed": false}}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.5.10.identity.password.stored_hashed": "not_met"}
}

test_fail_transmitted_in_clear if {
	facts := object.union(_good, {"identity": {"password": {"transmitted_encrypted": false}}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.5.10.identity.password.transmitted_encrypted": "not_met"}
}

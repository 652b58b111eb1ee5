package r2.mp.mp_3_8_2_test

import data.r2.mp.mp_3_8_2 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"media": {"access_restricted": true}}

test_success_access_restricted if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_fail_access_open if {
	facts := object.union(_good, {"media": {"access_restricted": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.8.2.media.access_restricted": "not_met"}
}

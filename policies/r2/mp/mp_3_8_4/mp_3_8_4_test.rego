package r2.mp.mp_3_8_4_test

import data.r2.mp.mp_3_8_4 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"media": {"marking": true}}

test_success_marked if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_fail_not_marked if {
	facts := object.union(_good, {"media": {"marking": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.8.4.media.marking": "not_met"}
}

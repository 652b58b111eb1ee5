package r2.mp.mp_3_8_7_test

import data.r2.mp.mp_3_8_7 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"media": {"removable_media": "controlled"}}

test_success_controlled if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_fail_unrestricted if {
	facts := object.union(_good, {"media": {"removable_media": "unrestricted"}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.8.7.media.removable_media": "not_met"}
}

test_success_blocked if {
	codes := _codes(policy.findings) with input as _input({"media": {"removable_media": "blocked"}})
	codes == {}
}

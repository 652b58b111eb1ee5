package r2.mp.mp_3_8_8_test

import data.r2.mp.mp_3_8_8 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"media": {"removable_media": "controlled", "unidentified_owner_prohibited": true}}

test_success_unidentified_owner_prohibited if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_fail_not_prohibited if {
	facts := object.union(_good, {"media": {"unidentified_owner_prohibited": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.8.8.media.unidentified_owner_prohibited": "not_met"}
}

test_success_removable_media_blocked if {
	codes := _codes(policy.findings) with input as _input({"media": {"removable_media": "blocked"}})
	codes == {}
	facts := {"media": {"removable_media": "blocked", "unidentified_owner_prohibited": false}}
	codes_false := _codes(policy.findings) with input as _input(facts)
	codes_false == {}
}

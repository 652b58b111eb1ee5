package r2.mp.mp_3_8_1_test

import data.r2.mp.mp_3_8_1 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"media": {"storage_locked": true}}

test_success_storage_locked if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

# "Secure storage includes a locked drawer, desk, or cabinet, or a controlled media library."
test_success_controlled_media_library if {
	facts := {"media": {"storage_locked": false, "controlled_media_library": true}}
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {}
}

test_unverified_not_locked if {
	facts := object.union(_good, {"media": {"storage_locked": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.8.1.media.storage_locked": "unverified"}
}

test_fail_neither_locked_nor_library if {
	facts := {"media": {"storage_locked": false, "controlled_media_library": false}}
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.8.1.media.storage_locked": "not_met"}
}

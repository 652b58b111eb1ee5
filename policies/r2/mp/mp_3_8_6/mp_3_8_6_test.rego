package r2.mp.mp_3_8_6_test

import data.r2.mp.mp_3_8_6 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"media": {"removable_media": "controlled", "portable_encrypted": true}}

test_success_portable_encrypted if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

# "unless otherwise protected by alternative physical safeguards"
test_success_physical_safeguards_instead_of_encryption if {
	facts := object.union(_good, {"media": {"portable_encrypted": false, "transport_physical_safeguards": true}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {}
}

test_unverified_not_encrypted if {
	facts := object.union(_good, {"media": {"portable_encrypted": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.8.6.media.portable_encrypted": "unverified"}
}

test_fail_neither_encrypted_nor_safeguarded if {
	facts := object.union(_good, {"media": {"portable_encrypted": false, "transport_physical_safeguards": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.8.6.media.portable_encrypted": "not_met"}
}

test_success_removable_media_blocked if {
	codes := _codes(policy.findings) with input as _input({"media": {"removable_media": "blocked"}})
	codes == {}
	facts := {"media": {"removable_media": "blocked", "portable_encrypted": false}}
	codes_false := _codes(policy.findings) with input as _input(facts)
	codes_false == {}
}

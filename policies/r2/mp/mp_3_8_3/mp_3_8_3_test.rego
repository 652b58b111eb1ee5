package r2.mp.mp_3_8_3_test

import data.r2.mp.mp_3_8_3 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"media": {"sanitization": "nist-800-88-purge", "disposal_certificates": true}}

test_success_sanitized_with_certificates if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_fail_no_sanitization if {
	facts := object.union(_good, {"media": {"sanitization": "none"}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.8.3.media.sanitization": "not_met"}
}

# A missing certificate leaves the disposal unrecorded, not undone.
test_unverified_no_disposal_certificates if {
	facts := object.union(_good, {"media": {"disposal_certificates": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.8.3.media.disposal_certificates": "unverified"}
}

test_success_destroy if {
	facts := object.union(_good, {"media": {"sanitization": "destroy"}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {}
}

package r2.mp.mp_3_8_5_test

import data.r2.mp.mp_3_8_5 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"media": {"access_restricted": true, "transport_accountability": true}}

test_success_access_and_transport if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_fail_access_open if {
	facts := object.union(_good, {"media": {"access_restricted": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.8.5.media.access_restricted": "not_met"}
}

test_fail_transport_unaccounted if {
	facts := object.union(_good, {"media": {"transport_accountability": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.8.5.media.transport_accountability": "not_met"}
}

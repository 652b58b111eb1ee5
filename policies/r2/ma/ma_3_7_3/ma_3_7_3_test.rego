package r2.ma.ma_3_7_3_test

import data.r2.ma.ma_3_7_3 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"maintenance": {"offsite_equipment_sanitized": true}}

test_success_offsite_sanitized if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_fail_not_sanitized if {
	facts := object.union(_good, {"maintenance": {"offsite_equipment_sanitized": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.7.3.maintenance.offsite_equipment_sanitized": "not_met"}
}

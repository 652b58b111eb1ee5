package r2.ma.ma_3_7_4_test

import data.r2.ma.ma_3_7_4 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"maintenance": {"diagnostic_media_scanned": true}}

test_success_diagnostic_media_scanned if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_fail_not_scanned if {
	facts := object.union(_good, {"maintenance": {"diagnostic_media_scanned": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.7.4.maintenance.diagnostic_media_scanned": "not_met"}
}

package r2.ma.ma_3_7_6_test

import data.r2.ma.ma_3_7_6 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"maintenance": {"personnel_supervised": true}}

test_success_personnel_supervised if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_fail_personnel_unsupervised if {
	facts := object.union(_good, {"maintenance": {"personnel_supervised": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.7.6.maintenance.personnel_supervised": "not_met"}
}

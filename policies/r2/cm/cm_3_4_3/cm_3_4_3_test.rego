package r2.cm.cm_3_4_3_test

import data.r2.cm.cm_3_4_3 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"configuration": {"change_control": true}}

test_success_change_control if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_fail_no_change_control if {
	facts := object.union(_good, {"configuration": {"change_control": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.4.3.configuration.change_control": "not_met"}
}

package r2.cm.cm_3_4_5_test

import data.r2.cm.cm_3_4_5 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"configuration": {"change_access_restricted": true}}

test_success_change_access_restricted if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_fail_change_access_open if {
	facts := object.union(_good, {"configuration": {"change_access_restricted": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.4.5.configuration.change_access_restricted": "not_met"}
}

package r2.cm.cm_3_4_2_test

import data.r2.cm.cm_3_4_2 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"configuration": {"baseline_documented": true}}

test_success_baseline_documented if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_fail_no_baseline if {
	facts := object.union(_good, {"configuration": {"baseline_documented": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.4.2.configuration.baseline_documented": "not_met"}
}

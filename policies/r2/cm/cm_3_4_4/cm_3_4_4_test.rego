package r2.cm.cm_3_4_4_test

import data.r2.cm.cm_3_4_4 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"configuration": {"security_impact_analysis": true}}

test_success_impact_analysed if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_fail_no_impact_analysis if {
	facts := object.union(_good, {"configuration": {"security_impact_analysis": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.4.4.configuration.security_impact_analysis": "not_met"}
}

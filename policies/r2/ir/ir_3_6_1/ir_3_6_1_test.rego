package r2.ir.ir_3_6_1_test

import data.r2.ir.ir_3_6_1 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"incident_response": {"plan_documented": true}}

test_success_plan_documented if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

# 3.6.1 asks for the capability, not a written plan: unverified, not contradicted.
test_unverified_no_plan if {
	facts := object.union(_good, {"incident_response": {"plan_documented": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.6.1.incident_response.plan_documented": "unverified"}
}

package r2.ir.ir_3_6_2_test

import data.r2.ir.ir_3_6_2 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"incident_response": {"tracking": true, "reporting_contact": true}}

test_success_tracked_and_reported if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_fail_not_tracked if {
	facts := object.union(_good, {"incident_response": {"tracking": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.6.2.incident_response.tracking": "not_met"}
}

test_unverified_no_reporting_route if {
	facts := object.union(_good, {"incident_response": {"reporting_contact": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.6.2.incident_response.reporting_contact": "unverified"}
}

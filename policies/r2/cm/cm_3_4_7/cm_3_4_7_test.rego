package r2.cm.cm_3_4_7_test

import data.r2.cm.cm_3_4_7 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"configuration": {"nonessential_disabled": true}}

test_success_nonessential_disabled if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

# "Restrict, disable, or prevent": restricting meets the objectives.
test_success_nonessential_restricted if {
	facts := {"configuration": {"nonessential_disabled": false, "nonessential_restricted": true}}
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {}
}

test_unverified_nonessential_enabled if {
	facts := object.union(_good, {"configuration": {"nonessential_disabled": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.4.7.configuration.nonessential_disabled": "unverified"}
}

test_fail_neither_disabled_nor_restricted if {
	facts := {"configuration": {"nonessential_disabled": false, "nonessential_restricted": false}}
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.4.7.configuration.nonessential_disabled": "not_met"}
}

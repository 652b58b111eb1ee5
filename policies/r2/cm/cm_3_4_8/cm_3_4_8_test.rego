package r2.cm.cm_3_4_8_test

import data.r2.cm.cm_3_4_8 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"configuration": {"software_execution_policy": "allowlist"}}

test_success_allowlist if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_fail_no_execution_policy if {
	facts := object.union(_good, {"configuration": {"software_execution_policy": "none"}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.4.8.configuration.software_execution_policy": "not_met"}
}

test_success_denylist if {
	facts := {"configuration": {"software_execution_policy": "denylist"}}
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {}
}

test_fail_no_execution_policy_message if {
	facts := {"configuration": {"software_execution_policy": "none"}}
	some f in policy.findings with input as _input(facts)
	f.message.en == "the software execution policy is none, neither an allowlist nor a denylist"
}

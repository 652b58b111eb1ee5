package r2.cm.cm_3_4_9_test

import data.r2.cm.cm_3_4_9 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"configuration": {"user_installation_restricted": true}}

test_success_installation_restricted if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

# The policy may permit some installations: unrestricted installation is unverified.
test_unverified_installation_unrestricted if {
	facts := object.union(_good, {"configuration": {"user_installation_restricted": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.4.9.configuration.user_installation_restricted": "unverified"}
}

package r2.ia.ia_3_5_4_test

import data.r2.ia.ia_3_5_4 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"identity": {"replay_resistant": true}}

test_success_replay_resistant if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_fail_not_replay_resistant if {
	facts := object.union(_good, {"identity": {"replay_resistant": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.5.4.identity.replay_resistant": "not_met"}
}

package r2.ma.ma_3_7_5_test

import data.r2.ma.ma_3_7_5 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {
	"access": {
		"remote_access": {
			"permitted": true,
		},
	},
	"maintenance": {
		"remote_maintenance_mfa": true,
		"remote_sessions_terminated": true,
	},
}

test_success_mfa_and_termination if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_fail_no_mfa if {
	facts := object.union(_good, {"maintenance": {"remote_maintenance_mfa": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.7.5.maintenance.remote_maintenance_mfa": "not_met"}
}

test_fail_sessions_left_open if {
	facts := object.union(_good, {"maintenance": {"remote_sessions_terminated": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.7.5.maintenance.remote_sessions_terminated": "not_met"}
}

test_success_no_remote_access if {
	facts := {
		"access": {"remote_access": {"permitted": false}},
		"maintenance": {"remote_maintenance_mfa": false},
	}
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {}
}

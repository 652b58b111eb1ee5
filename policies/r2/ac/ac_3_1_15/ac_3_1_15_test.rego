package r2.ac.ac_3_1_15_test

import data.r2.ac.ac_3_1_15 as policy

_input(remote) := {"facts": {"access": {"remote_access": remote}}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_privileged_commands_authorized if {
	fs := policy.findings with input as _input({"permitted": true, "privileged_commands_authorized": true})
	_codes(fs) == {}
}

test_fail_privileged_commands_not_authorized if {
	fs := policy.findings with input as _input({"permitted": true, "privileged_commands_authorized": false})
	_codes(fs) == {"3.1.15.access.remote_access.privileged_commands_authorized": "not_met"}
}

test_success_not_permitted if {
	fs := policy.findings with input as _input({"permitted": false, "privileged_commands_authorized": false})
	_codes(fs) == {}
}

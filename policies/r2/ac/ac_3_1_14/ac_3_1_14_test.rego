package r2.ac.ac_3_1_14_test

import data.r2.ac.ac_3_1_14 as policy

_input(remote) := {"facts": {"access": {"remote_access": remote}}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_managed_access_points if {
	fs := policy.findings with input as _input({"permitted": true, "managed_access_points": true})
	_codes(fs) == {}
}

test_fail_unmanaged_access_points if {
	fs := policy.findings with input as _input({"permitted": true, "managed_access_points": false})
	_codes(fs) == {"3.1.14.access.remote_access.managed_access_points": "not_met"}
}

test_success_not_permitted if {
	fs := policy.findings with input as _input({"permitted": false, "managed_access_points": false})
	_codes(fs) == {}
}

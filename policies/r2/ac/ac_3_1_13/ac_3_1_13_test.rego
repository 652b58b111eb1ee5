package r2.ac.ac_3_1_13_test

import data.r2.ac.ac_3_1_13 as policy

_input(remote) := {"facts": {"access": {"remote_access": remote}}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_encrypted if {
	fs := policy.findings with input as _input({"permitted": true, "encrypted": true})
	_codes(fs) == {}
}

test_fail_not_encrypted if {
	fs := policy.findings with input as _input({"permitted": true, "encrypted": false})
	_codes(fs) == {"3.1.13.access.remote_access.encrypted": "not_met"}
	some f in fs
	f.objectives == ["3.1.13[b]"]
}

test_success_not_permitted if {
	fs := policy.findings with input as _input({"permitted": false, "encrypted": false})
	_codes(fs) == {}
}

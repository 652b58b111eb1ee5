package r2.ac.ac_3_1_12_test

import data.r2.ac.ac_3_1_12 as policy

_input(remote) := {"facts": {"access": {"remote_access": remote}}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_permitted_and_monitored if {
	inp := _input({"permitted": true, "monitored": true})
	_codes(policy.findings) == {} with input as inp
}

test_success_not_permitted_and_prohibited if {
	inp := _input({"permitted": false, "prohibited_by_policy": true})
	_codes(policy.findings) == {"3.1.12.not_permitted": "not_permitted"} with input as inp
}

test_fail_not_permitted_without_policy if {
	inp := _input({"permitted": false, "prohibited_by_policy": false})
	fs := policy.findings with input as inp
	_codes(fs) == {"3.1.12.access.remote_access.prohibited_by_policy": "not_met"}
	some f in fs
	f.objectives == ["3.1.12[a]", "3.1.12[b]", "3.1.12[c]", "3.1.12[d]"]
}

test_fail_not_monitored if {
	fs := policy.findings with input as _input({"permitted": true, "monitored": false})
	_codes(fs) == {"3.1.12.access.remote_access.monitored": "not_met"}
}

test_success_not_permitted_ignores_monitoring if {
	fs := policy.findings with input as _input({"permitted": false, "prohibited_by_policy": true, "monitored": false})
	_codes(fs) == {"3.1.12.not_permitted": "not_permitted"}
}

test_success_nothing_without_facts if {
	_codes(policy.findings) == {} with input as {"facts": {}, "assessment_date": "2026-10-01"}
}

package r2.ac.ac_3_1_18_test

import data.r2.ac.ac_3_1_18 as policy

_input(mobile) := {"facts": {"access": {"mobile": mobile}}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_permitted_and_managed if {
	inp := _input({"permitted": true, "managed": true, "encrypted": true})
	_codes(policy.findings) == {} with input as inp
}

test_success_not_permitted_and_prohibited if {
	inp := _input({"permitted": false, "prohibited_by_policy": true, "managed": false})
	_codes(policy.findings) == {"3.1.18.not_permitted": "not_permitted"} with input as inp
}

test_fail_not_permitted_without_policy if {
	inp := _input({"permitted": false, "prohibited_by_policy": false})
	fs := policy.findings with input as inp
	_codes(fs) == {"3.1.18.access.mobile.prohibited_by_policy": "not_met"}
	some f in fs
	f.objectives == ["3.1.18[a]", "3.1.18[b]", "3.1.18[c]"]
}

test_unverified_not_managed if {
	fs := policy.findings with input as _input({"permitted": true, "managed": false})
	_codes(fs) == {"3.1.18.access.mobile.managed": "unverified"}
	some f in fs
	f.objectives == ["3.1.18[b]", "3.1.18[c]"]
}

test_success_nothing_without_facts if {
	_codes(policy.findings) == {} with input as {"facts": {}, "assessment_date": "2026-10-01"}
}

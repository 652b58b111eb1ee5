package r2.ac.ac_3_1_16_test

import data.r2.ac.ac_3_1_16 as policy

_input(wireless) := {"facts": {"access": {"wireless": wireless}}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_permitted if {
	inp := _input({"permitted": true, "authentication": true, "encryption": true})
	_codes(policy.findings) == {} with input as inp
}

test_success_not_permitted_and_prohibited if {
	inp := _input({"permitted": false, "prohibited_by_policy": true})
	_codes(policy.findings) == {"3.1.16.not_permitted": "not_permitted"} with input as inp
}

test_fail_not_permitted_without_policy if {
	inp := _input({"permitted": false, "prohibited_by_policy": false})
	fs := policy.findings with input as inp
	_codes(fs) == {"3.1.16.access.wireless.prohibited_by_policy": "not_met"}
	some f in fs
	f.objectives == ["3.1.16[a]", "3.1.16[b]"]
}

test_success_nothing_without_facts if {
	_codes(policy.findings) == {} with input as {"facts": {}, "assessment_date": "2026-10-01"}
}

package r2.at.at_3_2_2_test

import data.r2.at.at_3_2_2 as policy

_input(training) := {"facts": {"training": training}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_role_based if {
	fs := policy.findings with input as _input({"role_based": true})
	_codes(fs) == {}
}

test_fail_no_role_based_training if {
	fs := policy.findings with input as _input({"role_based": false})
	_codes(fs) == {"3.2.2.training.role_based": "not_met"}
	some f in fs
	f.objectives == ["3.2.2[c]"]
}

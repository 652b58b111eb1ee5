package r2.ac.ac_3_1_6_test

import data.r2.ac.ac_3_1_6 as policy

_input(access) := {"facts": {"access": access}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_separate_admin_accounts if {
	fs := policy.findings with input as _input({"separate_admin_accounts": true})
	_codes(fs) == {}
}

test_fail_shared_admin_accounts if {
	fs := policy.findings with input as _input({"separate_admin_accounts": false})
	_codes(fs) == {"3.1.6.access.separate_admin_accounts": "not_met"}
}

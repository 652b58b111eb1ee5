package r2.ac.ac_3_1_6_test

import data.r2.ac.ac_3_1_6 as policy

_input(access) := {"facts": {"access": access}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_separate_admin_accounts if {
	fs := policy.findings with input as _input({"separate_admin_accounts": true})
	_codes(fs) == {}
}

# "Use non-privileged accounts or roles": a non-privileged role meets 3.1.6[b].
test_success_role_instead_of_account if {
	fs := policy.findings with input as _input({"separate_admin_accounts": false, "privileged_role_elevation": true})
	_codes(fs) == {}
}

test_unverified_shared_admin_accounts_role_unknown if {
	fs := policy.findings with input as _input({"separate_admin_accounts": false})
	_codes(fs) == {"3.1.6.access.separate_admin_accounts": "unverified"}
	some f in fs
	f.objectives == ["3.1.6[b]"]
}

test_fail_neither_account_nor_role if {
	fs := policy.findings with input as _input({"separate_admin_accounts": false, "privileged_role_elevation": false})
	_codes(fs) == {"3.1.6.access.separate_admin_accounts": "not_met"}
}

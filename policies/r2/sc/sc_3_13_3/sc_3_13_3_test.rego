package r2.sc.sc_3_13_3_test

import data.r2.sc.sc_3_13_3 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

test_success_separate_admin_accounts if {
	_codes(policy.findings) == {} with input as _input({"access": {"separate_admin_accounts": true}})
}

# Separation is of functionality (computers, OS instances, addresses), not of accounts.
test_unverified_shared_admin_accounts if {
	want := {"3.13.3.access.separate_admin_accounts": "unverified"}
	_codes(policy.findings) == want with input as _input({"access": {"separate_admin_accounts": false}})
}

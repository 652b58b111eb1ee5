package r2.au.au_3_3_2_test

import data.r2.au.au_3_3_2 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_attributed_to_unique_users if {
	fs := policy.findings with input as _input({
		"audit": {"user_attribution": true},
		"identity": {"unique_user_ids": true},
	})
	_codes(fs) == {}
}

test_fail_no_user_attribution if {
	fs := policy.findings with input as _input({"audit": {"user_attribution": false}})
	_codes(fs) == {"3.3.2.audit.user_attribution": "not_met"}
	some f in fs
	f.objectives == ["3.3.2[b]"]
}

# Records can name the individual users of a group account (SP 800-171 3.3.1).
test_success_shared_user_ids_attributed if {
	fs := policy.findings with input as _input({
		"audit": {"user_attribution": true},
		"identity": {"unique_user_ids": false},
	})
	_codes(fs) == {}
}

test_unverified_shared_user_ids_attribution_unknown if {
	fs := policy.findings with input as _input({"identity": {"unique_user_ids": false}})
	_codes(fs) == {"3.3.2.identity.unique_user_ids": "unverified"}
}

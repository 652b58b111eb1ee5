package r2.ac.ac_3_1_1_test

import data.r2.ac.ac_3_1_1 as policy

_input(access) := {"facts": {"access": access}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_reviewed_within_maximum if {
	fs := policy.findings with input as _input({"account_review_days": 90})
	_codes(fs) == {}
}

# A long review interval fails to support the claims; it does not disprove them.
test_unverified_review_interval_too_long if {
	fs := policy.findings with input as _input({"account_review_days": 180})
	_codes(fs) == {"3.1.1.access.account_review_days": "unverified"}
	some f in fs
	f.objectives == ["3.1.1[a]", "3.1.1[d]"]
	startswith(f.message.en, "accounts are reviewed every 180 days, longer than the maximum of 90: ")
}

test_success_maximum_is_data if {
	inp := _input({"account_review_days": 180})

	# regal ignore:unresolved-reference
	fs := policy.findings with input as inp with data.mamori.params.account_review_max_days as 180
	_codes(fs) == {}
}

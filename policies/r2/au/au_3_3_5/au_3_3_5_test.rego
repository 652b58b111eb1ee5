package r2.au.au_3_3_5_test

import data.r2.au.au_3_3_5 as policy

_ok := {"review_interval_days": 7, "continuous_monitoring": true, "correlation": true}

_input(audit) := {"facts": {"audit": audit}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_reviewed_monitored_correlated if {
	fs := policy.findings with input as _input(_ok)
	_codes(fs) == {}
}

# 3.3.5[a] asks that the processes be defined; it sets no frequency.
test_unverified_review_interval_too_long if {
	fs := policy.findings with input as _input(object.union(_ok, {"review_interval_days": 30}))
	_codes(fs) == {"3.3.5.audit.review_interval_days": "unverified"}
	some f in fs
	startswith(f.message.en, "audit records are reviewed every 30 days, longer than the maximum of 7: ")
}

test_unverified_not_monitored_continuously if {
	fs := policy.findings with input as _input(object.union(_ok, {"continuous_monitoring": false}))
	_codes(fs) == {"3.3.5.audit.continuous_monitoring": "unverified"}
}

test_fail_not_correlated if {
	fs := policy.findings with input as _input(object.union(_ok, {"correlation": false}))
	_codes(fs) == {"3.3.5.audit.correlation": "not_met"}
	some f in fs
	f.objectives == ["3.3.5[b]"]
}

test_success_maximum_is_data if {
	inp := _input(object.union(_ok, {"review_interval_days": 30}))

	# regal ignore:unresolved-reference
	fs := policy.findings with input as inp with data.mamori.params.audit_review_max_days as 30
	_codes(fs) == {}
}

package r2.au.au_3_3_1_test

import data.r2.au.au_3_3_1 as policy

_ok := {"logging_enabled": true, "events_defined": true, "retention_days": 365}

_input(audit) := {"facts": {"audit": audit}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_logging_defined_and_retained if {
	fs := policy.findings with input as _input(_ok)
	_codes(fs) == {}
}

test_fail_logging_disabled if {
	fs := policy.findings with input as _input(object.union(_ok, {"logging_enabled": false}))
	_codes(fs) == {"3.3.1.audit.logging_enabled": "not_met"}
	some f in fs
	f.objectives == ["3.3.1[c]", "3.3.1[f]"]
}

test_fail_events_not_defined if {
	fs := policy.findings with input as _input(object.union(_ok, {"events_defined": false}))
	_codes(fs) == {"3.3.1.audit.events_defined": "not_met"}
}

test_fail_retention_below_minimum if {
	fs := policy.findings with input as _input(object.union(_ok, {"retention_days": 90}))
	_codes(fs) == {"3.3.1.audit.retention_days": "not_met"}
	some f in fs
	f.objectives == ["3.3.1[f]"]
	f.message.en == "audit records are retained for 90 days, less than the minimum of 365"
}

test_success_minimum_is_data if {
	inp := _input(object.union(_ok, {"retention_days": 90}))

	# regal ignore:unresolved-reference
	fs := policy.findings with input as inp with data.mamori.params.audit_retention_min_days as 90
	_codes(fs) == {}
}

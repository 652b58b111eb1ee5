package r2.au.au_3_3_7_test

import data.r2.au.au_3_3_7 as policy

_input(audit) := {"facts": {"audit": audit}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_time_sync if {
	fs := policy.findings with input as _input({"time_sync": true})
	_codes(fs) == {}
}

test_fail_no_time_sync if {
	fs := policy.findings with input as _input({"time_sync": false})
	_codes(fs) == {"3.3.7.audit.time_sync": "not_met"}
	some f in fs
	f.objectives == ["3.3.7[c]"]
}

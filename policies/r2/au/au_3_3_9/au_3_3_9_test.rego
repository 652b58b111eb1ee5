package r2.au.au_3_3_9_test

import data.r2.au.au_3_3_9 as policy

_input(audit) := {"facts": {"audit": audit}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_management_restricted if {
	fs := policy.findings with input as _input({"management_restricted": true})
	_codes(fs) == {}
}

test_fail_management_not_restricted if {
	fs := policy.findings with input as _input({"management_restricted": false})
	_codes(fs) == {"3.3.9.audit.management_restricted": "not_met"}
	some f in fs
	f.objectives == ["3.3.9[b]"]
}

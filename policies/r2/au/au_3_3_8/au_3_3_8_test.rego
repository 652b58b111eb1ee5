package r2.au.au_3_3_8_test

import data.r2.au.au_3_3_8 as policy

_input(audit) := {"facts": {"audit": audit}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_protected if {
	fs := policy.findings with input as _input({"protected": true})
	_codes(fs) == {}
}

test_fail_not_protected if {
	fs := policy.findings with input as _input({"protected": false})
	_codes(fs) == {"3.3.8.audit.protected": "not_met"}
	some f in fs
	f.objectives == ["3.3.8[a]", "3.3.8[b]", "3.3.8[c]"]
}

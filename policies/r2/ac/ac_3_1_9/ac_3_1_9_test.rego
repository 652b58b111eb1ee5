package r2.ac.ac_3_1_9_test

import data.r2.ac.ac_3_1_9 as policy

_input(access) := {"facts": {"access": access}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_logon_banner if {
	fs := policy.findings with input as _input({"logon_banner": true})
	_codes(fs) == {}
}

test_fail_no_logon_banner if {
	fs := policy.findings with input as _input({"logon_banner": false})
	_codes(fs) == {"3.1.9.access.logon_banner": "not_met"}
}

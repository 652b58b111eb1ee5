package r2.ac.ac_3_1_7_test

import data.r2.ac.ac_3_1_7 as policy

_input(access) := {"facts": {"access": access}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_privileged_functions_logged if {
	fs := policy.findings with input as _input({"privileged_functions_logged": true})
	_codes(fs) == {}
}

test_fail_privileged_functions_not_logged if {
	fs := policy.findings with input as _input({"privileged_functions_logged": false})
	_codes(fs) == {"3.1.7.access.privileged_functions_logged": "not_met"}
}

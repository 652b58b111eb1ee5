package r2.ac.ac_3_1_22_test

import data.r2.ac.ac_3_1_22 as policy

_input(access) := {"facts": {"access": access}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_reviewed if {
	fs := policy.findings with input as _input({"public_content_reviewed": true})
	_codes(fs) == {}
}

test_fail_not_reviewed if {
	fs := policy.findings with input as _input({"public_content_reviewed": false})
	_codes(fs) == {"3.1.22.access.public_content_reviewed": "not_met"}
}

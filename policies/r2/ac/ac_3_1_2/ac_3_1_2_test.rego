package r2.ac.ac_3_1_2_test

import data.r2.ac.ac_3_1_2 as policy

_input(access) := {"facts": {"access": access}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_least_privilege if {
	fs := policy.findings with input as _input({"least_privilege": true})
	_codes(fs) == {}
}

# Least privilege is 3.1.5's concern: its absence leaves 3.1.2[b] unverified.
test_unverified_no_least_privilege if {
	fs := policy.findings with input as _input({"least_privilege": false})
	_codes(fs) == {"3.1.2.access.least_privilege": "unverified"}
	some f in fs
	f.objectives == ["3.1.2[b]"]
}

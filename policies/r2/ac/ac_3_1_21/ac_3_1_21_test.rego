package r2.ac.ac_3_1_21_test

import data.r2.ac.ac_3_1_21 as policy

_input(access) := {"facts": {"access": access}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_restricted if {
	fs := policy.findings with input as _input({"external_portable_storage_restricted": true})
	_codes(fs) == {}
}

test_fail_not_restricted if {
	fs := policy.findings with input as _input({"external_portable_storage_restricted": false})
	_codes(fs) == {"3.1.21.access.external_portable_storage_restricted": "not_met"}
	some f in fs
	f.objectives == ["3.1.21[c]"]
}

package r2.ac.ac_3_1_19_test

import data.r2.ac.ac_3_1_19 as policy

_input(mobile) := {"facts": {"access": {"mobile": mobile}}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_encrypted if {
	fs := policy.findings with input as _input({"permitted": true, "encrypted": true})
	_codes(fs) == {}
}

test_fail_not_encrypted if {
	fs := policy.findings with input as _input({"permitted": true, "encrypted": false})
	_codes(fs) == {"3.1.19.access.mobile.encrypted": "not_met"}
}

test_success_not_permitted if {
	fs := policy.findings with input as _input({"permitted": false, "encrypted": false})
	_codes(fs) == {}
}

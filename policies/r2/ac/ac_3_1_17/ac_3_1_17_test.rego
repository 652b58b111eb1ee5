package r2.ac.ac_3_1_17_test

import data.r2.ac.ac_3_1_17 as policy

_input(wireless) := {"facts": {"access": {"wireless": wireless}}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_authenticated_and_encrypted if {
	fs := policy.findings with input as _input({"permitted": true, "authentication": true, "encryption": true})
	_codes(fs) == {}
}

test_fail_no_authentication if {
	fs := policy.findings with input as _input({"permitted": true, "authentication": false, "encryption": true})
	_codes(fs) == {"3.1.17.access.wireless.authentication": "not_met"}
	some f in fs
	f.objectives == ["3.1.17[a]"]
}

test_fail_no_encryption if {
	fs := policy.findings with input as _input({"permitted": true, "authentication": true, "encryption": false})
	_codes(fs) == {"3.1.17.access.wireless.encryption": "not_met"}
	some f in fs
	f.objectives == ["3.1.17[b]"]
}

test_fail_no_authentication_no_encryption if {
	fs := policy.findings with input as _input({"permitted": true, "authentication": false, "encryption": false})
	_codes(fs) == {
		"3.1.17.access.wireless.authentication": "not_met",
		"3.1.17.access.wireless.encryption": "not_met",
	}
}

test_success_not_permitted if {
	fs := policy.findings with input as _input({"permitted": false, "authentication": false, "encryption": false})
	_codes(fs) == {}
}

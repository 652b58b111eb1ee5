package r2.si.si_3_14_2_test

import data.r2.si.si_3_14_2 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

test_success_deployed if {
	_codes(policy.findings) == {} with input as _input({"integrity": {"malware": {"deployed": true}}})
}

test_fail_not_deployed if {
	want := {"3.14.2.integrity.malware.deployed": "not_met"}
	_codes(policy.findings) == want with input as _input({"integrity": {"malware": {"deployed": false}}})
}

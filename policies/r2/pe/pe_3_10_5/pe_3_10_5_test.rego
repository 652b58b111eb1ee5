package r2.pe.pe_3_10_5_test

import data.r2.pe.pe_3_10_5 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

test_success_key_custody if {
	_codes(policy.findings) == {} with input as _input({"facility": {"key_custody": true}})
}

test_unverified_no_key_custody if {
	want := {"3.10.5.facility.key_custody": "unverified"}
	_codes(policy.findings) == want with input as _input({"facility": {"key_custody": false}})
}

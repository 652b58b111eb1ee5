package r2.pe.pe_3_10_6_test

import data.r2.pe.pe_3_10_6 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

test_success_alternate_sites_safeguarded if {
	_codes(policy.findings) == {} with input as _input({"facility": {"alternate_sites_safeguarded": true}})
}

test_fail_alternate_sites_not_safeguarded if {
	want := {"3.10.6.facility.alternate_sites_safeguarded": "not_met"}
	_codes(policy.findings) == want with input as _input({"facility": {"alternate_sites_safeguarded": false}})
}

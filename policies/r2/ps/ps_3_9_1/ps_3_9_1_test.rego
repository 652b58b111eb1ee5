package r2.ps.ps_3_9_1_test

import data.r2.ps.ps_3_9_1 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

test_success_screened if {
	_codes(policy.findings) == {} with input as _input({"personnel": {"screening": true}})
}

test_fail_not_screened if {
	want := {"3.9.1.personnel.screening": "not_met"}
	_codes(policy.findings) == want with input as _input({"personnel": {"screening": false}})
}

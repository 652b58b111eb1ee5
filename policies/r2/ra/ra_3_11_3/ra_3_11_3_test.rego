package r2.ra.ra_3_11_3_test

import data.r2.ra.ra_3_11_3 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

test_success_prompt_remediation if {
	_codes(policy.findings) == {} with input as _input({"risk": {"critical_vulnerability_remediation_days": 14}})
}

test_fail_slow_remediation if {
	want := {"3.11.3.risk.critical_vulnerability_remediation_days": "not_met"}
	_codes(policy.findings) == want with input as _input({"risk": {"critical_vulnerability_remediation_days": 45}})
}

test_threshold_is_data if {
	facts := {"risk": {"critical_vulnerability_remediation_days": 14}}
	want := {"3.11.3.risk.critical_vulnerability_remediation_days": "not_met"}
	_codes(policy.findings) == want with input as _input(facts)
		with data.mamori.params.critical_vulnerability_remediation_max_days as 7 # regal ignore:unresolved-reference
}

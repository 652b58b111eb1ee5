package r2.ra.ra_3_11_2_test

import data.r2.ra.ra_3_11_2 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

test_success_monthly_scans if {
	_codes(policy.findings) == {} with input as _input({"risk": {"vulnerability_scan_interval_days": 30}})
}

test_fail_quarterly_scans if {
	want := {"3.11.2.risk.vulnerability_scan_interval_days": "not_met"}
	_codes(policy.findings) == want with input as _input({"risk": {"vulnerability_scan_interval_days": 90}})
}

test_threshold_is_data if {
	facts := {"risk": {"vulnerability_scan_interval_days": 90}}
	_codes(policy.findings) == {} with input as _input(facts)
		with data.mamori.params.vulnerability_scan_max_days as 90 # regal ignore:unresolved-reference
}

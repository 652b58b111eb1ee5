package r2.si.si_3_14_1_test

import data.r2.si.si_3_14_1 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"integrity": {"patch_critical_days": 14}, "risk": {"vulnerability_scan_interval_days": 7}}

test_success_timely_patching if {
	_codes(policy.findings) == {} with input as _input(_good)
}

test_fail_slow_critical_patching if {
	facts := object.union(_good, {"integrity": {"patch_critical_days": 60}})
	_codes(policy.findings) == {"3.14.1.integrity.patch_critical_days": "not_met"} with input as _input(facts)
}

test_fail_infrequent_scanning if {
	facts := object.union(_good, {"risk": {"vulnerability_scan_interval_days": 90}})
	want := {"3.14.1.risk.vulnerability_scan_interval_days": "not_met"}
	_codes(policy.findings) == want with input as _input(facts)
}

test_threshold_is_data if {
	facts := object.union(_good, {"integrity": {"patch_critical_days": 60}})
	_codes(policy.findings) == {} with input as _input(facts)
		with data.mamori.params.patch_critical_max_days as 60 # regal ignore:unresolved-reference
}

test_success_automatic_updates if {
	facts := object.union(_good, {"integrity": {"automatic_updates": true}})
	_codes(policy.findings) == {} with input as _input(facts)
}

# Updates not installed automatically do not disprove timely correction:
# the claim is unverified, not contradicted.
test_unverified_without_automatic_updates if {
	facts := object.union(_good, {"integrity": {"automatic_updates": false}})
	_codes(policy.findings) == {"3.14.1.integrity.automatic_updates": "unverified"} with input as _input(facts)
}

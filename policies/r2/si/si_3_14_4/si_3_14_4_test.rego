package r2.si.si_3_14_4_test

import data.r2.si.si_3_14_4 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_malware(m) := {"integrity": {"malware": m}}

test_success_daily_updates if {
	_codes(policy.findings) == {} with input as _input(_malware({"deployed": true, "update_interval_hours": 4}))
}

test_fail_not_deployed if {
	want := {"3.14.4.integrity.malware.deployed": "not_met"}
	_codes(policy.findings) == want with input as _input(_malware({"deployed": false, "update_interval_hours": 168}))
}

test_fail_infrequent_updates if {
	want := {"3.14.4.integrity.malware.update_interval_hours": "not_met"}
	_codes(policy.findings) == want with input as _input(_malware({"deployed": true, "update_interval_hours": 168}))
}

test_threshold_is_data if {
	facts := _malware({"deployed": true, "update_interval_hours": 4})
	_codes(policy.findings) == {"3.14.4.integrity.malware.update_interval_hours": "not_met"} with input as _input(facts)
		with data.mamori.params.malware_update_max_hours as 1 # regal ignore:unresolved-reference
}

package r2.si.si_3_14_5_test

import data.r2.si.si_3_14_5 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"deployed": true, "periodic_scan_days": 7, "real_time": true}

_malware(m) := {"integrity": {"malware": m}}

test_success_weekly_and_real_time if {
	_codes(policy.findings) == {} with input as _input(_malware(_good))
}

test_fail_not_deployed if {
	want := {"3.14.5.integrity.malware.deployed": "not_met"}
	facts := _malware({"deployed": false, "periodic_scan_days": 30, "real_time": false})
	_codes(policy.findings) == want with input as _input(facts)
}

test_fail_infrequent_periodic_scans if {
	facts := _malware(object.union(_good, {"periodic_scan_days": 30}))
	_codes(policy.findings) == {"3.14.5.integrity.malware.periodic_scan_days": "not_met"} with input as _input(facts)
}

test_fail_no_real_time_scanning if {
	facts := _malware(object.union(_good, {"real_time": false}))
	_codes(policy.findings) == {"3.14.5.integrity.malware.real_time": "not_met"} with input as _input(facts)
}

test_threshold_is_data if {
	facts := _malware(object.union(_good, {"periodic_scan_days": 30}))
	_codes(policy.findings) == {} with input as _input(facts)
		with data.mamori.params.malware_scan_max_days as 30 # regal ignore:unresolved-reference
}

package r2.si.si_3_14_7_test

import data.r2.si.si_3_14_7 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_monitoring(m) := {"integrity": {"monitoring": m}}

test_success_detects_unauthorized_use if {
	_codes(policy.findings) == {} with input as _input(_monitoring({"unauthorized_use_detection": true}))
}

test_fail_no_detection if {
	want := {"3.14.7.integrity.monitoring.unauthorized_use_detection": "not_met"}
	_codes(policy.findings) == want with input as _input(_monitoring({"unauthorized_use_detection": false}))
}

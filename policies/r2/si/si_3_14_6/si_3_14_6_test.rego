package r2.si.si_3_14_6_test

import data.r2.si.si_3_14_6 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {
	"integrity": {"monitoring": {"inbound_outbound": true, "intrusion_detection": true}},
	"audit": {"continuous_monitoring": true},
}

test_success_monitored if {
	_codes(policy.findings) == {} with input as _input(_good)
}

test_fail_traffic_not_monitored if {
	facts := object.union(_good, {"integrity": {"monitoring": {"inbound_outbound": false}}})
	want := {"3.14.6.integrity.monitoring.inbound_outbound": "not_met"}
	_codes(policy.findings) == want with input as _input(facts)
}

test_fail_no_intrusion_detection if {
	facts := object.union(_good, {"integrity": {"monitoring": {"intrusion_detection": false}}})
	want := {"3.14.6.integrity.monitoring.intrusion_detection": "not_met"}
	_codes(policy.findings) == want with input as _input(facts)
}

test_fail_logs_not_monitored_continuously if {
	facts := object.union(_good, {"audit": {"continuous_monitoring": false}})
	_codes(policy.findings) == {"3.14.6.audit.continuous_monitoring": "not_met"} with input as _input(facts)
}

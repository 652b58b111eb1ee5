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

# Continuous log monitoring monitors the system without intrusion detection.
test_success_no_intrusion_detection_logs_monitored if {
	facts := object.union(_good, {"integrity": {"monitoring": {"intrusion_detection": false}}})
	_codes(policy.findings) == {} with input as _input(facts)
}

# And intrusion detection without continuous log monitoring.
test_success_logs_not_monitored_intrusion_detection if {
	facts := object.union(_good, {"audit": {"continuous_monitoring": false}})
	_codes(policy.findings) == {} with input as _input(facts)
}

test_unverified_no_intrusion_detection if {
	facts := {"integrity": {"monitoring": {"inbound_outbound": true, "intrusion_detection": false}}}
	want := {"3.14.6.integrity.monitoring.intrusion_detection": "unverified"}
	_codes(policy.findings) == want with input as _input(facts)
}

# Other tools and techniques may monitor the system: neither missing disproves 3.14.6[a].
test_unverified_neither_intrusion_detection_nor_log_monitoring if {
	facts := {
		"integrity": {"monitoring": {"inbound_outbound": true, "intrusion_detection": false}},
		"audit": {"continuous_monitoring": false},
	}
	want := {
		"3.14.6.integrity.monitoring.intrusion_detection": "unverified",
		"3.14.6.audit.continuous_monitoring": "unverified",
	}
	_codes(policy.findings) == want with input as _input(facts)
}

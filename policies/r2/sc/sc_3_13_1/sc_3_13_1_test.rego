package r2.sc.sc_3_13_1_test

import data.r2.sc.sc_3_13_1 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {
	"network": {"boundary_firewall": true},
	"integrity": {"monitoring": {"inbound_outbound": true}},
}

test_success_firewall_and_monitoring if {
	_codes(policy.findings) == {} with input as _input(_good)
}

# Gateways, routers, guards and encrypted tunnels are boundary components too.
test_unverified_no_firewall if {
	facts := object.union(_good, {"network": {"boundary_firewall": false}})
	_codes(policy.findings) == {"3.13.1.network.boundary_firewall": "unverified"} with input as _input(facts)
}

test_fail_traffic_not_monitored if {
	facts := object.union(_good, {"integrity": {"monitoring": {"inbound_outbound": false}}})
	want := {"3.13.1.integrity.monitoring.inbound_outbound": "not_met"}
	_codes(policy.findings) == want with input as _input(facts)
}

test_success_host_firewall if {
	facts := object.union(_good, {"network": {"host_firewall": true}})
	_codes(policy.findings) == {} with input as _input(facts)
}

# A host without a firewall does not disprove protection at internal
# boundaries: the claim is unverified, not contradicted.
test_unverified_without_host_firewall if {
	facts := object.union(_good, {"network": {"host_firewall": false}})
	_codes(policy.findings) == {"3.13.1.network.host_firewall": "unverified"} with input as _input(facts)
	some f in policy.findings with input as _input(facts)
	f.objectives == ["3.13.1[f]", "3.13.1[h]"]
}

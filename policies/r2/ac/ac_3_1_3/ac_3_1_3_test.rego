package r2.ac.ac_3_1_3_test

import data.r2.ac.ac_3_1_3 as policy

_input(network) := {"facts": {"network": network}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_firewall_deny_by_default if {
	fs := policy.findings with input as _input({"boundary_firewall": true, "deny_by_default": true})
	_codes(fs) == {}
}

test_fail_no_boundary_firewall if {
	fs := policy.findings with input as _input({"boundary_firewall": false, "deny_by_default": true})
	_codes(fs) == {"3.1.3.network.boundary_firewall": "not_met"}
}

test_fail_allow_by_default if {
	fs := policy.findings with input as _input({"boundary_firewall": true, "deny_by_default": false})
	_codes(fs) == {"3.1.3.network.deny_by_default": "not_met"}
}

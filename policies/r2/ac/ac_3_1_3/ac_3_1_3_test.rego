package r2.ac.ac_3_1_3_test

import data.r2.ac.ac_3_1_3 as policy

_input(network) := {"facts": {"network": network}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_firewall_deny_by_default if {
	fs := policy.findings with input as _input({"boundary_firewall": true, "deny_by_default": true})
	_codes(fs) == {}
}

# Other boundary devices may enforce the flows: the claim is unverified, not contradicted.
test_unverified_no_boundary_firewall if {
	fs := policy.findings with input as _input({"boundary_firewall": false, "deny_by_default": true})
	_codes(fs) == {"3.1.3.network.boundary_firewall": "unverified"}
}

test_unverified_allow_by_default if {
	fs := policy.findings with input as _input({"boundary_firewall": true, "deny_by_default": false})
	_codes(fs) == {"3.1.3.network.deny_by_default": "unverified"}
}

package r2.sc.sc_3_13_2_test

import data.r2.sc.sc_3_13_2 as policy

_rich := {
	"network": {"boundary_firewall": false, "deny_by_default": false, "public_components_separated": false},
	"configuration": {"baseline_documented": false, "security_impact_analysis": false},
	"crypto": {"transit_encrypted": false, "at_rest_encrypted": false},
}

test_manual if {
	policy.manual == true
}

test_no_findings_from_rich_facts if {
	count(object.get(policy, "findings", set())) == 0 with input as {"facts": _rich, "assessment_date": "2026-10-01"}
}

package r2.ca.ca_3_12_4_test

import data.r2.ca.ca_3_12_4 as policy

_rich := {
	"risk": {
		"last_risk_assessment": "2020-01-01",
		"last_control_assessment": "2020-01-01",
		"continuous_monitoring": false,
	},
	"network": {"boundary_firewall": false, "public_components_separated": false},
	"configuration": {"baseline_documented": false, "inventory": false},
}

test_manual if {
	policy.manual == true
}

test_no_findings_from_rich_facts if {
	count(object.get(policy, "findings", set())) == 0 with input as {"facts": _rich, "assessment_date": "2026-10-01"}
}

package r2.ca.ca_3_12_2_test

import data.r2.ca.ca_3_12_2 as policy

_rich := {
	"risk": {
		"last_risk_assessment": "2020-01-01",
		"vulnerability_scan_interval_days": 365,
		"critical_vulnerability_remediation_days": 365,
		"last_control_assessment": "2020-01-01",
		"continuous_monitoring": false,
	},
	"integrity": {"patch_critical_days": 365},
}

test_manual if {
	policy.manual == true
}

test_no_findings_from_rich_facts if {
	count(object.get(policy, "findings", set())) == 0 with input as {"facts": _rich, "assessment_date": "2026-10-01"}
}

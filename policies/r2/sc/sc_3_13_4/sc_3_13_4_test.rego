package r2.sc.sc_3_13_4_test

import data.r2.sc.sc_3_13_4 as policy

_rich := {
	"network": {"boundary_firewall": false, "session_authenticity": false},
	"media": {"sanitization": "none", "access_restricted": false},
	"crypto": {"transit_encrypted": false, "at_rest_encrypted": false},
}

test_manual if {
	policy.manual == true
}

test_no_findings_from_rich_facts if {
	count(object.get(policy, "findings", set())) == 0 with input as {"facts": _rich, "assessment_date": "2026-10-01"}
}

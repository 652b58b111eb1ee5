package r2.ac.ac_3_1_4_test

import data.r2.ac.ac_3_1_4 as policy

_rich := {
	"access": {"least_privilege": false, "separate_admin_accounts": false, "account_review_days": 400},
	"audit": {"management_restricted": false, "logging_enabled": false},
	"configuration": {"change_access_restricted": false},
}

test_success_manual if {
	policy.manual == true
}

test_success_no_findings_from_facts if {
	pkg := policy with input as {"facts": _rich, "assessment_date": "2026-10-01"}
	object.get(pkg, "findings", set()) == set()
}

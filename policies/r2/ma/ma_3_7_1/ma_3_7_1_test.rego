package r2.ma.ma_3_7_1_test

import data.r2.ma.ma_3_7_1 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_rich := {
	"maintenance": {
		"remote_maintenance_mfa": false,
		"remote_sessions_terminated": true,
		"diagnostic_media_scanned": false,
		"offsite_equipment_sanitized": true,
		"personnel_supervised": false,
		"tools_controlled": true,
	},
	"access": {
		"remote_access": {
			"permitted": true,
		},
	},
	"integrity": {
		"patch_critical_days": 90,
	},
}

test_success_manual if {
	policy.manual == true
	findings := object.get(policy, "findings", set()) with input as _input(_rich)
	findings == set()
}

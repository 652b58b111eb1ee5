package r2.ac.ac_3_1_8_test

import data.r2.ac.ac_3_1_8 as policy

_input(lockout) := {"facts": {"access": {"lockout": lockout}}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_lockout_within_maximum if {
	fs := policy.findings with input as _input({"threshold": 5, "duration_minutes": 30})
	_codes(fs) == {}
}

test_fail_threshold_above_maximum if {
	fs := policy.findings with input as _input({"threshold": 10})
	_codes(fs) == {"3.1.8.access.lockout.threshold": "not_met"}
	some f in fs
	f.objectives == ["3.1.8[a]", "3.1.8[b]"]
	f.message.en == "account lockout after 10 failed attempts exceeds the maximum of 5"
}

test_fail_threshold_zero_is_no_lockout if {
	fs := policy.findings with input as _input({"threshold": 0, "duration_minutes": 30})
	_codes(fs) == {"3.1.8.access.lockout.threshold": "not_met"}
}

test_fail_threshold_absent_is_no_lockout if {
	fs := policy.findings with input as _input({"duration_minutes": 30})
	_codes(fs) == {"3.1.8.access.lockout.threshold": "not_met"}
}

test_success_threshold_is_data if {
	inp := _input({"threshold": 10})

	# regal ignore:unresolved-reference
	fs := policy.findings with input as inp with data.mamori.params.lockout_max_attempts as 10
	_codes(fs) == {}
}

package r2.ac.ac_3_1_10_test

import data.r2.ac.ac_3_1_10 as policy

_input(lock) := {"facts": {"access": {"session_lock": lock}}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_lock_within_maximum_with_pattern_hiding if {
	fs := policy.findings with input as _input({"idle_minutes": 15, "pattern_hiding": true})
	_codes(fs) == {}
}

test_fail_idle_minutes_above_maximum if {
	fs := policy.findings with input as _input({"idle_minutes": 30, "pattern_hiding": true})
	_codes(fs) == {"3.1.10.access.session_lock.idle_minutes": "not_met"}
	some f in fs
	f.objectives == ["3.1.10[b]"]
	f.message.en == "session lock after 30 idle minutes exceeds the maximum of 15"
}

test_fail_idle_minutes_zero_is_no_lock if {
	fs := policy.findings with input as _input({"idle_minutes": 0, "pattern_hiding": true})
	_codes(fs) == {"3.1.10.access.session_lock.idle_minutes": "not_met"}
	some f in fs
	f.objectives == ["3.1.10[a]", "3.1.10[b]"]
}

test_fail_no_pattern_hiding if {
	fs := policy.findings with input as _input({"idle_minutes": 10, "pattern_hiding": false})
	_codes(fs) == {"3.1.10.access.session_lock.pattern_hiding": "not_met"}
	some f in fs
	f.objectives == ["3.1.10[c]"]
}

test_success_maximum_is_data if {
	inp := _input({"idle_minutes": 30, "pattern_hiding": true})

	# regal ignore:unresolved-reference
	fs := policy.findings with input as inp with data.mamori.params.session_lock_max_minutes as 30
	_codes(fs) == {}
}

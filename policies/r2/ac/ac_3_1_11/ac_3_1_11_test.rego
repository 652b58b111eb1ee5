package r2.ac.ac_3_1_11_test

import data.r2.ac.ac_3_1_11 as policy

_input(access) := {"facts": {"access": access}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_termination_within_maximum if {
	fs := policy.findings with input as _input({"session_termination_minutes": 60})
	_codes(fs) == {}
}

test_fail_termination_above_maximum if {
	fs := policy.findings with input as _input({"session_termination_minutes": 240})
	_codes(fs) == {"3.1.11.access.session_termination_minutes": "not_met"}
	some f in fs
	f.objectives == ["3.1.11[b]"]
	f.message.en == "user sessions are terminated after 240 idle minutes, longer than the maximum of 60"
}

test_fail_termination_zero_is_never if {
	fs := policy.findings with input as _input({"session_termination_minutes": 0})
	_codes(fs) == {"3.1.11.access.session_termination_minutes": "not_met"}
	some f in fs
	f.objectives == ["3.1.11[b]"]
}

test_success_maximum_is_data if {
	inp := _input({"session_termination_minutes": 240})

	# regal ignore:unresolved-reference
	fs := policy.findings with input as inp with data.mamori.params.session_termination_max_minutes as 240
	_codes(fs) == {}
}

package r2.at.at_3_2_3_test

import data.r2.at.at_3_2_3 as policy

_input(training) := {"facts": {"training": training}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_recent_insider_threat_training if {
	fs := policy.findings with input as _input({"insider_threat": true, "last_awareness": "2026-04-01"})
	_codes(fs) == {}
}

test_fail_no_insider_threat_content if {
	fs := policy.findings with input as _input({"insider_threat": false, "last_awareness": "2025-06-01"})
	_codes(fs) == {"3.2.3.training.insider_threat": "not_met"}
}

test_fail_training_too_old if {
	fs := policy.findings with input as _input({"insider_threat": true, "last_awareness": "2025-06-01"})
	_codes(fs) == {"3.2.3.training.last_awareness": "not_met"}
	some f in fs
	f.message.en == "insider threat awareness training was last given 487 days ago, more than the maximum of 365"
}

test_success_maximum_is_data if {
	inp := _input({"insider_threat": true, "last_awareness": "2025-06-01"})

	# regal ignore:unresolved-reference
	fs := policy.findings with input as inp with data.mamori.params.training_max_age_days as 730
	_codes(fs) == {}
}

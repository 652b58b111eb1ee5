package r2.at.at_3_2_1_test

import data.r2.at.at_3_2_1 as policy

_input(training) := {"facts": {"training": training}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_recent_and_complete if {
	fs := policy.findings with input as _input({"last_awareness": "2026-04-01", "completion_percent": 100})
	_codes(fs) == {}
}

# Formal training is one awareness technique among several: old training leaves the
# claims unverified.
test_unverified_training_too_old if {
	fs := policy.findings with input as _input({"last_awareness": "2025-06-01", "completion_percent": 100})
	_codes(fs) == {"3.2.1.training.last_awareness": "unverified"}
	some f in fs
	f.objectives == ["3.2.1[c]", "3.2.1[d]"]
	f.message.en == "security awareness training was last given 487 days ago, more than the maximum of 365"
}

test_unverified_completion_below_minimum if {
	fs := policy.findings with input as _input({"last_awareness": "2026-04-01", "completion_percent": 92.5})
	_codes(fs) == {"3.2.1.training.completion_percent": "unverified"}
	some f in fs
	f.message.en == "92.5% of personnel completed security awareness training, below the minimum of 100%"
}

test_success_thresholds_are_data if {
	inp := _input({"last_awareness": "2025-06-01", "completion_percent": 92.5})
	params := {"training_max_age_days": 730, "training_completion_min_percent": 90}

	# regal ignore:unresolved-reference
	fs := policy.findings with input as inp with data.mamori.params as params
	_codes(fs) == {}
}

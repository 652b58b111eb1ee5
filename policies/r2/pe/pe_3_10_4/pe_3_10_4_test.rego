package r2.pe.pe_3_10_4_test

import data.r2.pe.pe_3_10_4 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"entry_log": true, "entry_log_retention_days": 365}

test_success_logged_and_kept_a_year if {
	_codes(policy.findings) == {} with input as _input({"facility": _good})
}

test_fail_not_logged if {
	# no retention to check when there is no log
	want := {"3.10.4.facility.entry_log": "not_met"}
	_codes(policy.findings) == want with input as _input({"facility": {"entry_log": false}})
}

test_fail_short_retention if {
	facts := {"facility": object.union(_good, {"entry_log_retention_days": 90})}
	_codes(policy.findings) == {"3.10.4.facility.entry_log_retention_days": "not_met"} with input as _input(facts)
}

test_threshold_is_data if {
	facts := {"facility": object.union(_good, {"entry_log_retention_days": 90})}
	_codes(policy.findings) == {} with input as _input(facts)
		with data.mamori.params.entry_log_retention_min_days as 90 # regal ignore:unresolved-reference
}

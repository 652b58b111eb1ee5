package r2.cm.cm_3_4_1_test

import data.r2.cm.cm_3_4_1 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"configuration": {"baseline_documented": true, "inventory": true, "baseline_review_days": 365}}

test_success_baseline_and_inventory if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_fail_no_baseline if {
	facts := object.union(_good, {"configuration": {"baseline_documented": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.4.1.configuration.baseline_documented": "not_met"}
}

test_fail_no_inventory if {
	facts := object.union(_good, {"configuration": {"inventory": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.4.1.configuration.inventory": "not_met"}
}

test_fail_baseline_review_too_rare if {
	facts := object.union(_good, {"configuration": {"baseline_review_days": 366}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.4.1.configuration.baseline_review_days": "not_met"}
}

test_fail_baseline_review_too_rare_threshold_is_data if {
	doc := _input(_good)
	codes := _codes(policy.findings) with input as doc
		with data.mamori.params.baseline_review_max_days as 364
	codes == {"3.4.1.configuration.baseline_review_days": "not_met"}
}

test_fail_baseline_review_message if {
	facts := object.union(_good, {"configuration": {"baseline_review_days": 400}})
	some f in policy.findings with input as _input(facts)
	f.message.en == "the baseline configuration is reviewed every 400 days, longer than the maximum of 365 days"
}

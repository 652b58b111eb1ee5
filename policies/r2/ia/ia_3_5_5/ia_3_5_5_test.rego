package r2.ia.ia_3_5_5_test

import data.r2.ia.ia_3_5_5 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"identity": {"identifier_reuse_prevention_days": 365}}

test_success_reuse_prevented if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_fail_reuse_too_soon if {
	facts := object.union(_good, {"identity": {"identifier_reuse_prevention_days": 364}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.5.5.identity.identifier_reuse_prevention_days": "not_met"}
}

test_fail_reuse_too_soon_threshold_is_data if {
	doc := _input(_good)
	codes := _codes(policy.findings) with input as doc
		with data.mamori.params.identifier_reuse_min_days as 366
	codes == {"3.5.5.identity.identifier_reuse_prevention_days": "not_met"}
}

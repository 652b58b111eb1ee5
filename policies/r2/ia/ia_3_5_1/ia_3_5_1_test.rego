package r2.ia.ia_3_5_1_test

import data.r2.ia.ia_3_5_1 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"identity": {"unique_user_ids": true}}

test_success_unique_ids if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

# Users of a shared account may still be identified: unverified, not contradicted.
test_unverified_shared_ids if {
	facts := object.union(_good, {"identity": {"unique_user_ids": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.5.1.identity.unique_user_ids": "unverified"}
}

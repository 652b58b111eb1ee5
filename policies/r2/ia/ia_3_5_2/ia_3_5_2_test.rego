package r2.ia.ia_3_5_2_test

import data.r2.ia.ia_3_5_2 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"identity": {"unique_user_ids": true, "device_authentication": true}}

test_success_users_and_devices_authenticated if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_unverified_shared_ids if {
	facts := object.union(_good, {"identity": {"unique_user_ids": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.5.2.identity.unique_user_ids": "unverified"}
}

test_fail_devices_unauthenticated if {
	facts := object.union(_good, {"identity": {"device_authentication": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.5.2.identity.device_authentication": "not_met"}
}

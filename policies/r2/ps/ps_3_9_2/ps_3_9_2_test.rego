package r2.ps.ps_3_9_2_test

import data.r2.ps.ps_3_9_2 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"access_revocation_hours": 24, "credentials_returned": true}

test_success_revoked_within_a_day if {
	_codes(policy.findings) == {} with input as _input({"personnel": _good})
}

test_fail_slow_revocation if {
	facts := {"personnel": object.union(_good, {"access_revocation_hours": 72})}
	_codes(policy.findings) == {"3.9.2.personnel.access_revocation_hours": "not_met"} with input as _input(facts)
}

# A credential can be terminated without being recovered: unverified, not contradicted.
test_unverified_credentials_not_returned if {
	facts := {"personnel": object.union(_good, {"credentials_returned": false})}
	_codes(policy.findings) == {"3.9.2.personnel.credentials_returned": "unverified"} with input as _input(facts)
}

test_threshold_is_data if {
	facts := {"personnel": object.union(_good, {"access_revocation_hours": 48})}
	_codes(policy.findings) == {} with input as _input(facts)
		with data.mamori.params.access_revocation_max_hours as 48 # regal ignore:unresolved-reference
}

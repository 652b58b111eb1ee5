package r2.sc.sc_3_13_10_test

import data.r2.sc.sc_3_13_10 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_none := {"transit_encrypted": false, "at_rest_encrypted": false}

test_success_keys_managed if {
	facts := {"crypto": {"transit_encrypted": true, "key_management": true}}
	_codes(policy.findings) == {} with input as _input(facts)
}

test_success_no_cryptography_in_use if {
	facts := {"crypto": object.union(_none, {"key_management": false})}
	_codes(policy.findings) == {} with input as _input(facts)
}

test_fail_keys_not_managed if {
	facts := {"crypto": {"at_rest_encrypted": true, "key_management": false}}
	_codes(policy.findings) == {"3.13.10.crypto.key_management": "not_met"} with input as _input(facts)
}

test_fail_modules_listed_without_key_management if {
	facts := {"crypto": object.union(_none, {"modules": [{"name": "TLS library"}], "key_management": false})}
	_codes(policy.findings) == {"3.13.10.crypto.key_management": "not_met"} with input as _input(facts)
}

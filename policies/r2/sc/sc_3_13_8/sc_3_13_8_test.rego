package r2.sc.sc_3_13_8_test

import data.r2.sc.sc_3_13_8 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

test_success_encrypted_in_transit if {
	_codes(policy.findings) == {} with input as _input({"crypto": {"transit_encrypted": true}})
}

test_success_carrier_mpls_instead_of_encryption if {
	facts := {"crypto": {"transit_encrypted": false}, "network": {"carrier_mpls": true}}
	_codes(policy.findings) == {} with input as _input(facts)
}

test_fail_unencrypted_transit if {
	facts := {"crypto": {"transit_encrypted": false}, "network": {"carrier_mpls": false}}
	_codes(policy.findings) == {"3.13.8.crypto.transit_encrypted": "not_met"} with input as _input(facts)
}

test_fail_unencrypted_transit_mpls_unknown if {
	want := {"3.13.8.crypto.transit_encrypted": "not_met"}
	_codes(policy.findings) == want with input as _input({"crypto": {"transit_encrypted": false}})
}

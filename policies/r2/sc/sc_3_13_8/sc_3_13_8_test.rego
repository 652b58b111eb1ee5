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

# "unless otherwise protected by alternative physical safeguards"
test_success_physical_safeguards_instead_of_encryption if {
	facts := {"crypto": {"transit_encrypted": false}, "network": {"transit_physical_safeguards": true}}
	_codes(policy.findings) == {} with input as _input(facts)
}

test_fail_unencrypted_transit_no_alternative if {
	facts := {
		"crypto": {"transit_encrypted": false},
		"network": {"carrier_mpls": false, "transit_physical_safeguards": false},
	}
	_codes(policy.findings) == {"3.13.8.crypto.transit_encrypted": "not_met"} with input as _input(facts)
}

# No MPLS says nothing of other physical safeguards.
test_unverified_unencrypted_transit_no_mpls if {
	facts := {"crypto": {"transit_encrypted": false}, "network": {"carrier_mpls": false}}
	want := {"3.13.8.crypto.transit_encrypted": "unverified"}
	_codes(policy.findings) == want with input as _input(facts)
}

test_unverified_unencrypted_transit_alternatives_unknown if {
	want := {"3.13.8.crypto.transit_encrypted": "unverified"}
	_codes(policy.findings) == want with input as _input({"crypto": {"transit_encrypted": false}})
}

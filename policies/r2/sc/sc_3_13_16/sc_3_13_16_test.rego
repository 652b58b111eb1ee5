package r2.sc.sc_3_13_16_test

import data.r2.sc.sc_3_13_16 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

test_success_encrypted_at_rest if {
	_codes(policy.findings) == {} with input as _input({"crypto": {"at_rest_encrypted": true}})
}

test_fail_not_encrypted_at_rest if {
	want := {"3.13.16.crypto.at_rest_encrypted": "not_met"}
	_codes(policy.findings) == want with input as _input({"crypto": {"at_rest_encrypted": false}})
}

test_success_full_disk_encryption if {
	_codes(policy.findings) == {} with input as _input({"crypto": {"full_disk_encryption": true}})
}

# A disk without encryption does not disprove that CUI at rest is protected:
# the claim is unverified, not contradicted.
test_unverified_without_full_disk_encryption if {
	want := {"3.13.16.crypto.full_disk_encryption": "unverified"}
	_codes(policy.findings) == want with input as _input({"crypto": {"full_disk_encryption": false}})
}

test_unverified_without_full_disk_encryption_even_if_encrypted_otherwise if {
	facts := {"crypto": {"at_rest_encrypted": true, "full_disk_encryption": false}}
	_codes(policy.findings) == {"3.13.16.crypto.full_disk_encryption": "unverified"} with input as _input(facts)
}

package r2.sc.sc_3_13_16_test

import data.r2.sc.sc_3_13_16 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

test_success_encrypted_at_rest if {
	_codes(policy.findings) == {} with input as _input({"crypto": {"at_rest_encrypted": true}})
}

# "Organizations may also use other controls including secure off-line storage"
test_success_other_protection_instead_of_encryption if {
	facts := {"crypto": {"at_rest_encrypted": false, "at_rest_other_protection": true}}
	_codes(policy.findings) == {} with input as _input(facts)
}

# Not encrypted at rest does not disprove 3.13.16[a]: encryption is what 3.13.11 scores.
test_unverified_not_encrypted_at_rest if {
	want := {"3.13.16.crypto.at_rest_encrypted": "unverified"}
	_codes(policy.findings) == want with input as _input({"crypto": {"at_rest_encrypted": false}})
}

test_fail_neither_encrypted_nor_otherwise_protected if {
	facts := {"crypto": {"at_rest_encrypted": false, "at_rest_other_protection": false}}
	want := {"3.13.16.crypto.at_rest_encrypted": "not_met"}
	_codes(policy.findings) == want with input as _input(facts)
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

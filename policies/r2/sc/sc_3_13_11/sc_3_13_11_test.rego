package r2.sc.sc_3_13_11_test

import data.r2.sc.sc_3_13_11 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_validated := {"name": "BitLocker", "cmvp_certificate": "4536", "status": "active", "usage": "at_rest"}

_tls := {"name": "OpenSSL 3.0 FIPS provider", "cmvp_certificate": "4282", "status": "active", "usage": "in_transit"}

_crypto(modules) := {"crypto": {"transit_encrypted": true, "at_rest_encrypted": true, "modules": modules}}

test_success_all_modules_validated if {
	_codes(policy.findings) == {} with input as _input(_crypto([_validated, _tls]))
}

test_fail_module_without_certificate_is_partial if {
	facts := _crypto([_validated, {"name": "custom AES", "usage": "in_transit"}])
	fs := policy.findings with input as _input(facts)
	_codes(fs) == {"3.13.11.crypto.modules": "not_met", "3.13.11.variant": "variant"}
	some f in fs
	f.effect == "variant"
	f.value == "partial"
}

test_fail_historical_certificate_is_partial if {
	facts := _crypto([object.union(_validated, {"status": "historical"}), _tls])
	fs := policy.findings with input as _input(facts)
	_codes(fs) == {"3.13.11.crypto.modules": "not_met", "3.13.11.variant": "variant"}
}

test_fail_message_names_modules if {
	facts := _crypto([object.union(_tls, {"status": "revoked"}), {"name": "custom AES"}])
	some f in policy.findings with input as _input(facts)
	f.effect == "not_met"
	f.message.en == concat("", [
		"CUI is encrypted with modules that are not FIPS-validated (no active CMVP certificate): ",
		"OpenSSL 3.0 FIPS provider, custom AES",
	])
}

test_fail_no_encryption_is_not_partial if {
	facts := {"crypto": {"transit_encrypted": false, "at_rest_encrypted": false}}
	_codes(policy.findings) == {"3.13.11.crypto": "not_met"} with input as _input(facts)
}

test_fail_no_encryption_with_unvalidated_modules_is_not_partial if {
	facts := {"crypto": {"transit_encrypted": false, "at_rest_encrypted": false, "modules": [{"name": "custom AES"}]}}
	_codes(policy.findings) == {"3.13.11.crypto": "not_met"} with input as _input(facts)
}

test_success_nothing_without_facts if {
	_codes(policy.findings) == {} with input as _input({})
}

test_success_fips_mode_on if {
	facts := object.union(_crypto([_validated, _tls]), {"crypto": {"fips_mode": true}})
	_codes(policy.findings) == {} with input as _input(facts)
}

# FIPS mode off does not disprove that validated modules protect CUI: the
# claim is unverified, not contradicted, and the score is unchanged.
test_unverified_fips_mode_off if {
	facts := object.union(_crypto([_validated, _tls]), {"crypto": {"fips_mode": false}})
	_codes(policy.findings) == {"3.13.11.crypto.fips_mode": "unverified"} with input as _input(facts)
}

test_fips_mode_off_without_encryption_only_fails if {
	facts := {"crypto": {"transit_encrypted": false, "at_rest_encrypted": false, "fips_mode": false}}
	_codes(policy.findings) == {"3.13.11.crypto": "not_met"} with input as _input(facts)
}

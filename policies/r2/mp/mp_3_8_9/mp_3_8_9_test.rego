package r2.mp.mp_3_8_9_test

import data.r2.mp.mp_3_8_9 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"backup": {"enabled": true, "encrypted": true, "last_restore_test": "2025-10-01"}}

test_success_encrypted_and_restore_tested if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

# "cryptographic mechanisms or alternative physical controls"
test_success_physical_controls_instead_of_encryption if {
	facts := object.union(_good, {"backup": {"encrypted": false, "physical_safeguards": true}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {}
}

test_unverified_not_encrypted if {
	facts := object.union(_good, {"backup": {"encrypted": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.8.9.backup.encrypted": "unverified"}
}

test_fail_neither_encrypted_nor_physically_protected if {
	facts := object.union(_good, {"backup": {"encrypted": false, "physical_safeguards": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.8.9.backup.encrypted": "not_met"}
}

# Restore testing does not bear on confidentiality: an old test leaves the claim unverified.
test_unverified_restore_test_too_old if {
	facts := object.union(_good, {"backup": {"last_restore_test": "2025-09-30"}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.8.9.backup.last_restore_test": "unverified"}
}

test_unverified_restore_test_too_old_threshold_is_data if {
	doc := _input(_good)
	codes := _codes(policy.findings) with input as doc
		with data.mamori.params.restore_test_max_age_days as 364
	codes == {"3.8.9.backup.last_restore_test": "unverified"}
}

test_success_backups_not_enabled if {
	codes := _codes(policy.findings) with input as _input({"backup": {"enabled": false}})
	codes == {}
}

test_unverified_restore_test_too_old_message if {
	facts := object.union(_good, {"backup": {"last_restore_test": "2024-10-01"}})
	some f in policy.findings with input as _input(facts)
	f.message.en == "the last backup restore test was 730 days ago, more than the maximum of 365 days"
}

package r2.mp.mp_3_8_9_test

import data.r2.mp.mp_3_8_9 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"backup": {"enabled": true, "encrypted": true, "last_restore_test": "2025-10-01"}}

test_success_encrypted_and_restore_tested if {
	codes := _codes(policy.findings) with input as _input(_good)
	codes == {}
}

test_fail_not_encrypted if {
	facts := object.union(_good, {"backup": {"encrypted": false}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.8.9.backup.encrypted": "not_met"}
}

test_fail_restore_test_too_old if {
	facts := object.union(_good, {"backup": {"last_restore_test": "2025-09-30"}})
	codes := _codes(policy.findings) with input as _input(facts)
	codes == {"3.8.9.backup.last_restore_test": "not_met"}
}

test_fail_restore_test_too_old_threshold_is_data if {
	doc := _input(_good)
	codes := _codes(policy.findings) with input as doc
		with data.mamori.params.restore_test_max_age_days as 364
	codes == {"3.8.9.backup.last_restore_test": "not_met"}
}

test_success_backups_not_enabled if {
	codes := _codes(policy.findings) with input as _input({"backup": {"enabled": false}})
	codes == {}
}

test_fail_restore_test_too_old_message if {
	facts := object.union(_good, {"backup": {"last_restore_test": "2024-10-01"}})
	some f in policy.findings with input as _input(facts)
	f.message.en == "the last backup restore test was 730 days ago, more than the maximum of 365 days"
}

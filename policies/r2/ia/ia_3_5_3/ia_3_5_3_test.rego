package r2.ia.ia_3_5_3_test

import data.r2.ia.ia_3_5_3 as policy

_input(mfa) := {"facts": {"identity": {"mfa": mfa}}, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_all := {"privileged_local": true, "privileged_network": true, "nonprivileged_network": true, "remote_access": true}

test_success_full_mfa if {
	codes := _codes(policy.findings) with input as _input(_all)
	codes == {}
}

test_fail_nonprivileged_network_only_is_partial if {
	codes := _codes(policy.findings) with input as _input(object.union(_all, {"nonprivileged_network": false}))
	codes == {
		"3.5.3.identity.mfa.nonprivileged_network": "not_met",
		"3.5.3.variant": "variant",
	}
}

test_fail_remote_without_mfa_is_not_partial if {
	mfa := object.union(_all, {"nonprivileged_network": false, "remote_access": false})
	codes := _codes(policy.findings) with input as _input(mfa)
	codes == {"3.5.3.identity.mfa.nonprivileged_network": "not_met"}
}

test_fail_no_mfa_is_not_partial if {
	mfa := {"privileged_local": false, "privileged_network": false, "nonprivileged_network": false}
	codes := _codes(policy.findings) with input as _input(mfa)
	codes == {
		"3.5.3.identity.mfa.privileged_local": "not_met",
		"3.5.3.identity.mfa.privileged_network": "not_met",
		"3.5.3.identity.mfa.nonprivileged_network": "not_met",
	}
}

test_success_nothing_without_facts if {
	codes := _codes(policy.findings) with input as {"facts": {}, "assessment_date": "2026-10-01"}
	codes == {}
}

package r2.ia.ia_3_5_3_test

import data.r2.ia.ia_3_5_3 as policy

_all := {"privileged_local": true, "privileged_network": true, "nonprivileged_network": true}

_codes(facts) := {f.code: f.effect | some f in policy.findings with input as {"facts": facts}}

test_success_full_mfa if {
	_codes({"identity": {"mfa": _all}}) == {}
	not policy.variant with input as {"facts": {"identity": {"mfa": _all}}}
}

test_fail_nonprivileged_network_only_is_partial if {
	mfa := object.union(_all, {"nonprivileged_network": false})
	_codes({"identity": {"mfa": mfa}}) == {"3.5.3.identity.mfa.nonprivileged_network": "not_met"}
	policy.variant.value == "partial" with input as {"facts": {"identity": {"mfa": mfa}}}
}

test_fail_no_mfa_is_not_partial if {
	mfa := {"privileged_local": false, "privileged_network": false, "nonprivileged_network": false}
	count(_codes({"identity": {"mfa": mfa}})) == 3
	not policy.variant with input as {"facts": {"identity": {"mfa": mfa}}}
}

test_unverified_without_facts if {
	_codes({}) == {
		"3.5.3.identity.mfa.privileged_local": "unverified",
		"3.5.3.identity.mfa.privileged_network": "unverified",
		"3.5.3.identity.mfa.nonprivileged_network": "unverified",
	}
}

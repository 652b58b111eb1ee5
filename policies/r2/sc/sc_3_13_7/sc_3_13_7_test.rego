package r2.sc.sc_3_13_7_test

import data.r2.sc.sc_3_13_7 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_remote := {"access": {"remote_access": {"permitted": true}}}

test_success_split_tunneling_prevented if {
	facts := object.union(_remote, {"network": {"split_tunneling_prevented": true}})
	_codes(policy.findings) == {} with input as _input(facts)
}

test_success_no_remote_access if {
	facts := {"access": {"remote_access": {"permitted": false}}, "network": {"split_tunneling_prevented": false}}
	_codes(policy.findings) == {} with input as _input(facts)
}

test_fail_split_tunneling if {
	facts := object.union(_remote, {"network": {"split_tunneling_prevented": false}})
	_codes(policy.findings) == {"3.13.7.network.split_tunneling_prevented": "not_met"} with input as _input(facts)
}

test_fail_when_remote_access_unknown if {
	facts := {"network": {"split_tunneling_prevented": false}}
	_codes(policy.findings) == {"3.13.7.network.split_tunneling_prevented": "not_met"} with input as _input(facts)
}

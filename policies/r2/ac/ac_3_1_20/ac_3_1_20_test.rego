package r2.ac.ac_3_1_20_test

import data.r2.ac.ac_3_1_20 as policy

_input(external) := {"facts": {"access": {"external_systems": external}}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_connections_verified if {
	fs := policy.findings with input as _input({"permitted": true, "connections_verified": true})
	_codes(fs) == {}
}

test_fail_connections_not_verified if {
	fs := policy.findings with input as _input({"permitted": true, "connections_verified": false})
	_codes(fs) == {"3.1.20.access.external_systems.connections_verified": "not_met"}
}

test_success_external_systems_not_permitted if {
	fs := policy.findings with input as _input({"permitted": false})
	_codes(fs) == {}
}

package r2.au.au_3_3_3_test

import data.r2.au.au_3_3_3 as policy

_input(audit) := {"facts": {"audit": audit}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_events_defined if {
	fs := policy.findings with input as _input({"events_defined": true})
	_codes(fs) == {}
}

test_fail_events_not_defined if {
	fs := policy.findings with input as _input({"events_defined": false})
	_codes(fs) == {"3.3.3.audit.events_defined": "not_met"}
	some f in fs
	f.objectives == ["3.3.3[b]", "3.3.3[c]"]
}

# Absent facts give no finding.
test_success_without_facts if {
	fs := policy.findings with input as _input({})
	_codes(fs) == {}
}

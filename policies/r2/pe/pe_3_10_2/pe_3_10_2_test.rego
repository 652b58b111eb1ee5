package r2.pe.pe_3_10_2_test

import data.r2.pe.pe_3_10_2 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"entry_control": "biometric", "monitoring": true}

test_success_controlled_and_monitored if {
	_codes(policy.findings) == {} with input as _input({"facility": _good})
}

test_fail_no_entry_control if {
	facts := {"facility": object.union(_good, {"entry_control": "none"})}
	_codes(policy.findings) == {"3.10.2.facility.entry_control": "not_met"} with input as _input(facts)
}

test_fail_not_monitored if {
	facts := {"facility": object.union(_good, {"monitoring": false})}
	_codes(policy.findings) == {"3.10.2.facility.monitoring": "not_met"} with input as _input(facts)
}

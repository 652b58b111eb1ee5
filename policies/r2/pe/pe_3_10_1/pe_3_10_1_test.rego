package r2.pe.pe_3_10_1_test

import data.r2.pe.pe_3_10_1 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"entry_control": "badge", "authorized_list": true, "screens_shielded": true}

test_success_badge_entry if {
	_codes(policy.findings) == {} with input as _input({"facility": _good})
}

test_success_any_entry_control if {
	every method in ["biometric", "badge", "keypad", "key", "guard"] {
		facts := {"facility": object.union(_good, {"entry_control": method})}
		_codes(policy.findings) == {} with input as _input(facts)
	}
}

# Uncontrolled entry disproves 3.10.1[d]; systems and equipment may be secured within.
test_fail_no_entry_control if {
	facts := {"facility": object.union(_good, {"entry_control": "none"})}
	fs := policy.findings with input as _input(facts)
	_codes(fs) == {"3.10.1.facility.entry_control": "not_met"}
	some f in fs
	f.objectives == ["3.10.1[d]"]
}

test_unverified_no_authorized_list if {
	facts := {"facility": object.union(_good, {"authorized_list": false})}
	_codes(policy.findings) == {"3.10.1.facility.authorized_list": "unverified"} with input as _input(facts)
}

test_unverified_screens_not_shielded if {
	facts := {"facility": object.union(_good, {"screens_shielded": false})}
	_codes(policy.findings) == {"3.10.1.facility.screens_shielded": "unverified"} with input as _input(facts)
}

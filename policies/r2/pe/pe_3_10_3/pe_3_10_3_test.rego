package r2.pe.pe_3_10_3_test

import data.r2.pe.pe_3_10_3 as policy

_input(facts) := {"facts": facts, "assessment_date": "2026-10-01"}

_codes(findings) := {f.code: f.effect | some f in findings}

_good := {"visitor_escort": true, "visitor_log": true}

test_success_escorted_and_logged if {
	_codes(policy.findings) == {} with input as _input({"facility": _good})
}

test_fail_not_escorted if {
	facts := {"facility": object.union(_good, {"visitor_escort": false})}
	_codes(policy.findings) == {"3.10.3.facility.visitor_escort": "not_met"} with input as _input(facts)
}

# A log is one way to monitor visitor activity: its absence leaves 3.10.3[b] unverified.
test_unverified_no_visitor_log if {
	facts := {"facility": object.union(_good, {"visitor_log": false})}
	_codes(policy.findings) == {"3.10.3.facility.visitor_log": "unverified"} with input as _input(facts)
}

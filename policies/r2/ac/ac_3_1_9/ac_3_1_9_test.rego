package r2.ac.ac_3_1_9_test

import data.r2.ac.ac_3_1_9 as policy

_input(access) := {"facts": {"access": access}, "assessment_date": "2026-10-01"}

_codes(fs) := {f.code: f.effect | some f in fs}

test_success_logon_banner if {
	fs := policy.findings with input as _input({"logon_banner": true})
	_codes(fs) == {}
}

# Posters or other printed materials may be used in lieu of a banner.
test_success_printed_notices_instead_of_banner if {
	fs := policy.findings with input as _input({"logon_banner": false, "printed_notices": true})
	_codes(fs) == {}
}

test_unverified_no_logon_banner if {
	fs := policy.findings with input as _input({"logon_banner": false})
	_codes(fs) == {"3.1.9.access.logon_banner": "unverified"}
}

test_fail_no_banner_no_printed_notices if {
	fs := policy.findings with input as _input({"logon_banner": false, "printed_notices": false})
	_codes(fs) == {"3.1.9.access.logon_banner": "not_met"}
}

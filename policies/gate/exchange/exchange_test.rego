package gate.exchange_test

import data.gate.exchange

_contract := {
	"id": "C-2026-001",
	"special_clause": true,
	"designation_reference": "ATLA-SD-2026-0042",
	"prime": "prime-1",
	"subcontractors": ["org-1", "org-3"],
}

_input(patch) := object.union(
	{
		"now": "2026-11-01",
		"org": {"id": "org-1", "suspended": false},
		"site": {"id": "site-1", "pre_site_check": "pass", "final_site_check": "pass"},
		"verdict": {
			"id": "v-1",
			"date": "2026-10-01",
			"valid_until": "2029-09-30",
			"ready": true,
			"cmmc_status": "final",
			"auditor_verified": true,
			"organization_id": "org-1",
			"site_id": "site-1",
		},
		"contract": _contract,
		"membership": {"allow": true},
	},
	patch,
)

_with_contract(patch) := _input({"contract": object.union(_contract, patch)})

_codes(d) := [r.code | some r in d.reasons]

test_success_subcontractor if {
	d := exchange.decision with input as _input({})
	d == {"decision": "allow", "reasons": []}
}

test_success_prime if {
	inp := _input({"org": {"id": "prime-1"}, "verdict": object.union(_input({}).verdict, {"organization_id": "prime-1"})})
	d := exchange.decision with input as inp
	d.decision == "allow"
}

test_fail_no_contract if {
	d := exchange.decision with input as _input({"contract": null})
	_codes(d) == ["exchange.no_contract"]
}

test_fail_no_special_clause if {
	d := exchange.decision with input as _with_contract({"special_clause": false})
	_codes(d) == ["exchange.no_special_clause"]
	d.reasons[0].message.en == "contract C-2026-001 does not carry the information-security special clause"
}

test_fail_no_designation if {
	d := exchange.decision with input as _with_contract({"designation_reference": " "})
	_codes(d) == ["exchange.no_designation"]
}

test_fail_no_designation_absent if {
	d := exchange.decision with input as json.remove(_input({}), ["contract/designation_reference"])
	_codes(d) == ["exchange.no_designation"]
}

test_fail_not_party if {
	d := exchange.decision with input as _with_contract({"subcontractors": ["org-3"]})
	_codes(d) == ["exchange.not_party"]
	d.reasons[0].message.ja == "組織 org-1 は契約 C-2026-001 の元請でも、契約が再委託される下請でもありません"
}

test_fail_transition_ended if {
	d := exchange.decision with input as _with_contract({"standard_version": "2009", "transition_end_date": "2026-10-31"})
	_codes(d) == ["exchange.transition_ended"]
}

test_success_within_transition if {
	d := exchange.decision with input as _with_contract({"standard_version": "2009", "transition_end_date": "2026-11-01"})
	d.decision == "allow"
}

test_fail_membership_denied if {
	d := exchange.decision with input as _input({"membership": {"allow": false}})
	_codes(d) == ["exchange.membership_denied"]
}

test_fail_membership_reasons_included if {
	inp := _input({"org": {"id": "org-1", "suspended": true}, "membership": {"allow": false}})
	d := exchange.decision with input as inp
	_codes(d) == ["membership.organization_suspended"]
}

test_success_membership_thresholds_apply if {
	inp := _input({"verdict": object.union(_input({}).verdict, {"auditor_verified": false})})
	d := exchange.decision with input as inp with data.gate.params.require_auditor_verified as false
	d.decision == "allow"
}

test_fail_every_reason_listed if {
	patched := object.union(_input({}), {
		"org": {"id": "org-9", "suspended": false},
		"site": {"id": "site-1", "pre_site_check": "pass", "final_site_check": "none"},
		"contract": {"id": "C-1", "special_clause": false, "prime": "prime-1", "subcontractors": []},
		"membership": {"allow": false},
	})
	inp := json.remove(patched, ["contract/designation_reference"])
	d := exchange.decision with input as inp
	d.decision == "deny"
	_codes(d) == [
		"exchange.no_designation",
		"exchange.no_special_clause",
		"exchange.not_party",
		"membership.final_site_check_not_passed",
		"membership.verdict_other_organization",
	]
}

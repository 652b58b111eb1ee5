package gate.membership_test

import data.gate.membership

_verdict := {
	"id": "v-1",
	"date": "2026-10-01",
	"valid_until": "2029-09-30",
	"ready": true,
	"cmmc_status": "final",
	"conformance": {"implemented": 108, "not_implemented": 0, "not_applicable": 2, "not_assessed": 0, "total": 110},
	"auditor_verified": true,
	"organization_id": "org-1",
	"site_id": "site-1",
}

_input(patch) := object.union(
	{
		"now": "2026-11-01",
		"org": {"id": "org-1", "suspended": false},
		"site": {"id": "site-1", "pre_site_check": "pass", "final_site_check": "pass"},
		"verdict": _verdict,
	},
	patch,
)

_with_verdict(patch) := _input({"verdict": object.union(_verdict, patch)})

_codes(d) := [r.code | some r in d.reasons]

_conditional := _with_verdict({"ready": false, "cmmc_status": "conditional", "closeout_due": "2027-03-30"})

test_success_conformant_verified_checked if {
	d := membership.decision with input as _input({})
	d == {"decision": "allow", "reasons": []}
}

test_fail_no_decision_date if {
	d := membership.decision with input as object.remove(_input({}), ["now"])
	_codes(d) == ["membership.no_decision_date"]
}

test_fail_bad_decision_date if {
	d := membership.decision with input as _input({"now": "1 Nov 2026"})
	"membership.no_decision_date" in _codes(d)
}

test_fail_no_verdict if {
	d := membership.decision with input as _input({"verdict": null})
	d.decision == "deny"
	_codes(d) == ["membership.no_verdict"]
	d.reasons[0].message.en == "there is no assessment verdict for this organisation"
}

test_fail_no_verdict_absent if {
	d := membership.decision with input as object.remove(_input({}), ["verdict"])
	_codes(d) == ["membership.no_verdict"]
}

test_fail_verdict_other_organization if {
	d := membership.decision with input as _with_verdict({"organization_id": "org-2"})
	_codes(d) == ["membership.verdict_other_organization"]
	d.reasons[0].message.en == "the verdict v-1 is for organisation org-2, not org-1"
}

test_fail_verdict_other_site if {
	d := membership.decision with input as _with_verdict({"site_id": "site-2"})
	_codes(d) == ["membership.verdict_other_site"]
}

test_success_verdict_without_site if {
	d := membership.decision with input as _input({"verdict": object.remove(_verdict, ["site_id"])})
	d.decision == "allow"
}

test_fail_verdict_expired if {
	d := membership.decision with input as _with_verdict({"valid_until": "2026-10-31"})
	_codes(d) == ["membership.verdict_expired"]
	d.reasons[0].message.ja == "判定 v-1 の有効期限（2026-10-31）が過ぎています"
}

test_success_valid_on_last_day if {
	d := membership.decision with input as _with_verdict({"valid_until": "2026-11-01"})
	d.decision == "allow"
}

test_fail_verdict_too_old if {
	d := membership.decision with input as _with_verdict({"date": "2023-10-01", "valid_until": "2027-01-01"})
	_codes(d) == ["membership.verdict_too_old"]
}

test_success_max_age_is_data if {
	inp := _with_verdict({"date": "2023-10-01", "valid_until": "2027-01-01"})
	d := membership.decision with input as inp with data.gate.params.max_verdict_age_days as 2000
	d.decision == "allow"
}

test_fail_not_conformant if {
	d := membership.decision with input as _with_verdict({"ready": false, "cmmc_status": "none"})
	_codes(d) == ["membership.not_conformant"]
}

test_fail_conditional_by_default if {
	d := membership.decision with input as _conditional
	_codes(d) == ["membership.not_conformant"]
}

test_success_conditional_accepted if {
	d := membership.decision with input as _conditional with data.gate.params.accept_conditional as true
	d.decision == "allow"
}

test_fail_conditional_closeout_passed if {
	inp := object.union(_conditional, {"now": "2027-04-01"})
	d := membership.decision with input as inp with data.gate.params.accept_conditional as true
	_codes(d) == ["membership.conditional_closeout_passed", "membership.not_conformant"]
}

test_fail_not_auditor_verified if {
	d := membership.decision with input as _with_verdict({"auditor_verified": false})
	_codes(d) == ["membership.not_auditor_verified"]
}

test_success_auditor_verification_is_data if {
	inp := _with_verdict({"auditor_verified": false})
	d := membership.decision with input as inp with data.gate.params.require_auditor_verified as false
	d.decision == "allow"
}

test_fail_pre_site_check_not_passed if {
	inp := _input({"site": {"id": "site-1", "pre_site_check": "fail", "final_site_check": "pass"}})
	d := membership.decision with input as inp
	_codes(d) == ["membership.pre_site_check_not_passed"]
	d.reasons[0].message.en == "the site site-1 has not passed the government pre-site check (result: fail)"
	d.reasons[0].message.ja == "施設 site-1 は事前現地確認に合格していません（結果: 不合格）"
}

test_fail_final_site_check_not_passed if {
	d := membership.decision with input as json.remove(_input({}), ["site/final_site_check"])
	_codes(d) == ["membership.final_site_check_not_passed"]
	d.reasons[0].message.en == "the site site-1 has not passed the government final site check (result: none)"
	d.reasons[0].message.ja == "施設 site-1 は最終現地確認に合格していません（結果: 未実施）"
}

test_success_site_checks_are_data if {
	inp := _input({"site": {"id": "site-1", "pre_site_check": "none", "final_site_check": "none"}})
	d := membership.decision with input as inp
		with data.gate.params.require_pre_site_check as false
		with data.gate.params.require_final_site_check as false
	d.decision == "allow"
}

test_fail_organization_suspended if {
	inp := _input({"org": {"id": "org-1", "suspended": true, "suspension_reason": "incident INC-7"}})
	d := membership.decision with input as inp
	_codes(d) == ["membership.organization_suspended"]
	d.reasons[0].message.en == "the Ministry has suspended organisation org-1: incident INC-7"
}

test_fail_organization_suspended_without_reason if {
	d := membership.decision with input as _input({"org": {"id": "org-1", "suspended": true}})
	d.reasons[0].message.en == "the Ministry has suspended organisation org-1: no reason recorded"
	d.reasons[0].message.ja == "防衛省が組織 org-1 の利用を停止しています: 理由の記録なし"
}

test_fail_not_conformant_in_japanese_words if {
	d := membership.decision with input as _with_verdict({"ready": false, "cmmc_status": "none"})
	_codes(d) == ["membership.not_conformant"]
	d.reasons[0].message.ja == "評価結果が基準への適合を示していません（CMMC ステータス なし、110 件中 0 件が未実施）"
	d2 := membership.decision with input as _with_verdict({"ready": false, "cmmc_status": "revoked"})
	d2.reasons[0].message.ja == "評価結果が基準への適合を示していません（CMMC ステータス 不明、110 件中 0 件が未実施）"
}

test_fail_every_reason_listed if {
	inp := {
		"now": "2026-11-01",
		"org": {"id": "org-1", "suspended": true},
		"site": {"id": "site-1", "pre_site_check": "none", "final_site_check": "fail"},
		"verdict": object.union(_verdict, {
			"organization_id": "org-2", "site_id": "site-2", "date": "2020-01-01", "valid_until": "2023-01-01",
			"ready": false, "cmmc_status": "conditional", "closeout_due": "2020-06-29", "auditor_verified": false,
		}),
	}
	d := membership.decision with input as inp
	d.decision == "deny"
	_codes(d) == [
		"membership.conditional_closeout_passed",
		"membership.final_site_check_not_passed",
		"membership.not_auditor_verified",
		"membership.not_conformant",
		"membership.organization_suspended",
		"membership.pre_site_check_not_passed",
		"membership.verdict_expired",
		"membership.verdict_other_organization",
		"membership.verdict_other_site",
		"membership.verdict_too_old",
	]
	every r in d.reasons {
		r.message.en != ""
		r.message.ja != ""
	}
}

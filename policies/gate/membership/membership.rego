# METADATA
# title: DSG membership gate (加入)
# description: |
#   May this organisation's site join the Defense Security Gateway? Decides
#   from the stored verdict, the site checks and any suspension, with the
#   thresholds in data.gate.params.
#
#   Input:
#     now: the decision date, YYYY-MM-DD
#     org: {id, suspended (bool), suspension_reason (string, optional)}
#     site: {id, pre_site_check, final_site_check}, each check pass, fail or none
#     verdict: null, or {id, date, valid_until (optional), ready (bool),
#       cmmc_status (final, conditional or none), closeout_due (optional),
#       conformance {implemented, not_implemented, not_applicable,
#       not_assessed, total}, auditor_verified (bool), organization_id,
#       site_id (optional)}
#   Dates are YYYY-MM-DD. See docs/gate-input.md.
package gate.membership

# METADATA
# entrypoint: true
# description: |
#   The decision: allow when no condition fails, else deny with every
#   failing condition as a reason {code, message {en, ja}}, sorted by code.
decision := {"decision": _outcome, "reasons": reasons}

# METADATA
# description: |
#   Every failing membership condition {code, message {en, ja}}, sorted by
#   code. The exchange gate includes them.
reasons := [{"code": code, "message": _failing[code]} | some code in sort(object.keys(_failing))]

_outcome := "allow" if count(reasons) == 0

_outcome := "deny" if count(reasons) > 0

_verdict := input.verdict if is_object(input.verdict)

_params := data.gate.params

_org_id := object.get(input, ["org", "id"], "")

_site_id := object.get(input, ["site", "id"], "")

_days_between(from, to) := (time.parse_ns("2006-01-02", to) - time.parse_ns("2006-01-02", from)) / 86400000000000

_conditional_accepted if {
	_params.accept_conditional == true
	_verdict.cmmc_status == "conditional"
	input.now <= _verdict.closeout_due
}

_failing["membership.no_decision_date"] := {
	"en": "the decision date is missing or not a YYYY-MM-DD date",
	"ja": "判定日が指定されていないか、YYYY-MM-DD 形式ではありません",
} if {
	not _valid_now
}

_valid_now if regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, input.now)

_failing["membership.no_verdict"] := {
	"en": "there is no assessment verdict for this organisation",
	"ja": "この組織の評価結果（判定）がありません",
} if {
	not _verdict
}

_failing["membership.verdict_other_organization"] := {
	"en": sprintf("the verdict %v is for organisation %v, not %v", [_verdict.id, _verdict.organization_id, _org_id]),
	"ja": sprintf("判定 %v は組織 %v のもので、%v のものではありません", [_verdict.id, _verdict.organization_id, _org_id]),
} if {
	_verdict.organization_id != _org_id
}

_failing["membership.verdict_other_site"] := {
	"en": sprintf("the verdict %v is for site %v, not %v", [_verdict.id, _verdict.site_id, _site_id]),
	"ja": sprintf("判定 %v は施設 %v のもので、%v のものではありません", [_verdict.id, _verdict.site_id, _site_id]),
} if {
	_verdict.site_id != _site_id
}

_failing["membership.verdict_expired"] := {
	"en": sprintf("the verdict %v expired on %v", [_verdict.id, _verdict.valid_until]),
	"ja": sprintf("判定 %v の有効期限（%v）が過ぎています", [_verdict.id, _verdict.valid_until]),
} if {
	input.now > _verdict.valid_until
}

_failing["membership.verdict_too_old"] := {
	"en": sprintf(
		"the verdict %v is based on an assessment of %v, %v days ago, more than the maximum of %v",
		[_verdict.id, _verdict.date, age, _params.max_verdict_age_days],
	),
	"ja": sprintf(
		"判定 %v の評価日 %v から %v 日が経過しており、上限の %v 日を超えています",
		[_verdict.id, _verdict.date, age, _params.max_verdict_age_days],
	),
} if {
	_valid_now
	age := _days_between(_verdict.date, input.now)
	age > _params.max_verdict_age_days
}

_failing["membership.not_conformant"] := {
	"en": sprintf(
		"the assessment does not show conformance with the standard (CMMC status %v, %v of %v not implemented)",
		[_verdict.cmmc_status, missing, total],
	),
	"ja": sprintf(
		"評価結果が基準への適合を示していません（CMMC ステータス %v、%v 件中 %v 件が未実施）",
		[_ja_term(_ja_cmmc_status, _verdict.cmmc_status), total, missing],
	),
} if {
	_verdict.ready != true
	not _conditional_accepted
	missing := object.get(_verdict, ["conformance", "not_implemented"], "?")
	total := object.get(_verdict, ["conformance", "total"], "?")
}

_failing["membership.conditional_closeout_passed"] := {
	"en": sprintf("the conditional status had to be closed out by %v and was not", [_verdict.closeout_due]),
	"ja": sprintf("条件付きステータスの是正期限（%v）を過ぎても是正が完了していません", [_verdict.closeout_due]),
} if {
	_verdict.ready != true
	_verdict.cmmc_status == "conditional"
	input.now > _verdict.closeout_due
}

_failing["membership.not_auditor_verified"] := {
	"en": "the assessment was not verified by a Ministry auditor",
	"ja": "評価結果が防衛省の監査員によって確認されていません",
} if {
	_params.require_auditor_verified == true
	_verdict.auditor_verified != true
}

_failing["membership.pre_site_check_not_passed"] := {
	"en": sprintf("the site %v has not passed the government pre-site check (result: %v)", [_site_id, result]),
	"ja": sprintf("施設 %v は事前現地確認に合格していません（結果: %v）", [_site_id, _ja_term(_ja_site_check, result)]),
} if {
	_params.require_pre_site_check == true
	result := object.get(input, ["site", "pre_site_check"], "none")
	result != "pass"
}

_failing["membership.final_site_check_not_passed"] := {
	"en": sprintf("the site %v has not passed the government final site check (result: %v)", [_site_id, result]),
	"ja": sprintf("施設 %v は最終現地確認に合格していません（結果: %v）", [_site_id, _ja_term(_ja_site_check, result)]),
} if {
	_params.require_final_site_check == true
	result := object.get(input, ["site", "final_site_check"], "none")
	result != "pass"
}

_failing["membership.organization_suspended"] := {
	"en": sprintf("the Ministry has suspended organisation %v: %v", [input.org.id, reason_en]),
	"ja": sprintf("防衛省が組織 %v の利用を停止しています: %v", [input.org.id, reason_ja]),
} if {
	input.org.suspended == true
	reason_en := _suspension_reason("no reason recorded")
	reason_ja := _suspension_reason("理由の記録なし")
}

_suspension_reason(none) := reason if {
	reason := object.get(input.org, "suspension_reason", "")
	is_string(reason)
	trim_space(reason) != ""
} else := none

# The Japanese words for the codes a Japanese reason shows, as mamori's
# message catalogue names them (engine/i18n/messages/codes.yaml:
# cmmc.*, sitecheck.*); a Go test holds the two to the same words.
_ja_cmmc_status := {"final": "最終", "conditional": "条件付き", "none": "なし"}

_ja_site_check := {"pass": "合格", "fail": "不合格", "none": "未実施"}

# _ja_term is the Japanese word for code, or "不明" (unknown) for a code
# that has none: a Japanese reason never shows a code.
_ja_term(terms, code) := terms[code]

_ja_term(terms, code) := "不明" if not terms[code]

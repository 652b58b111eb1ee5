# METADATA
# title: DSG information exchange gate (利用, per contract)
# description: |
#   May this organisation's site receive this contract's 保護すべき情報 now?
#   Everything the membership gate requires (re-derived from the same input,
#   so a deny lists the membership reasons too), plus: the contract carries
#   the information-security special clause (情報セキュリティ特約条項) and a
#   情報セキュリティ指定書, and the organisation is a party to it: the prime,
#   or a subcontractor the contract flows down to.
#
#   Input: the membership gate's input (now, org, site, verdict) and
#     contract: {id, special_clause (bool), designation_reference (string),
#       prime (org id), subcontractors (org ids), transition_end_date (optional)}
#     membership: optional {allow (bool)}: a membership decision made
#       elsewhere; false denies even when the re-derived conditions pass.
#   See docs/gate-input.md.
package gate.exchange

import data.gate.membership

# METADATA
# entrypoint: true
# description: |
#   The decision: allow when no condition fails, else deny with every
#   failing condition as a reason {code, message {en, ja}}, sorted by code.
decision := {"decision": _outcome, "reasons": reasons}

# METADATA
# description: |
#   Every failing condition {code, message {en, ja}}, sorted by code: the
#   exchange's own (exchange.*), then the membership gate's (membership.*).
reasons := array.concat(
	[{"code": code, "message": _failing[code]} | some code in sort(object.keys(_failing))],
	membership.reasons,
)

_outcome := "allow" if count(reasons) == 0

_outcome := "deny" if count(reasons) > 0

_contract := input.contract if is_object(input.contract)

_contract_id := object.get(input, ["contract", "id"], "")

_org_id := object.get(input, ["org", "id"], "")

_failing["exchange.no_contract"] := {
	"en": "no contract was given: information is exchanged under a contract",
	"ja": "契約が指定されていません。情報の授受は契約に基づいて行われます",
} if {
	not _contract
}

_failing["exchange.no_special_clause"] := {
	"en": sprintf("contract %v does not carry the information-security special clause", [_contract_id]),
	"ja": sprintf("契約 %v に情報セキュリティ特約条項が付されていません", [_contract_id]),
} if {
	_contract.special_clause != true
}

_failing["exchange.no_designation"] := {
	"en": sprintf("contract %v has no information-security designation (情報セキュリティ指定書)", [_contract_id]),
	"ja": sprintf("契約 %v に情報セキュリティ指定書がありません", [_contract_id]),
} if {
	_contract
	not _has_designation
}

_has_designation if {
	is_string(_contract.designation_reference)
	trim_space(_contract.designation_reference) != ""
}

_failing["exchange.not_party"] := {
	"en": sprintf(
		"organisation %v is neither the prime of contract %v nor a subcontractor it flows down to",
		[_org_id, _contract_id],
	),
	"ja": sprintf("組織 %v は契約 %v の元請でも、契約が再委託される下請でもありません", [_org_id, _contract_id]),
} if {
	_contract
	not _party
}

_party if _contract.prime == _org_id

_party if {
	some sub in _contract.subcontractors
	sub == _org_id
}

_failing["exchange.transition_ended"] := {
	"en": sprintf(
		"the transition period of contract %v ended on %v: the organisation must conform to the current standard",
		[_contract_id, _contract.transition_end_date],
	),
	"ja": sprintf("契約 %v の経過措置期間は %v に終了しました。現行基準への適合が必要です", [_contract_id, _contract.transition_end_date]),
} if {
	input.now > _contract.transition_end_date
	_contract.standard_version == "2009"
}

_failing["exchange.membership_denied"] := {
	"en": "the site's membership of the DSG was denied",
	"ja": "この施設の DSG への加入が認められていません",
} if {
	input.membership.allow == false
	count(membership.reasons) == 0
}

# METADATA
# title: 3.3.5 Audit correlation
# description: |
#   Decides from the audit facts whether review, analysis and reporting are correlated
#   (3.3.5[b]). A review interval longer than audit_review_max_days, or logs kept but not
#   monitored continuously (a Japanese emphasis), fail to support 3.3.5[a] without
#   disproving it: the objective asks that review, analysis and reporting processes be
#   defined, and sets no frequency. Both leave 3.3.5[a] unverified.
# custom:
#   requirement: "3.3.5"
#   corroboration:
#     "3.3.5[a]": [audit.review_interval_days, audit.continuous_monitoring]
#     "3.3.5[b]": [audit.correlation]
package r2.au.au_3_3_5

import data.mamori.lib

# regal ignore:unresolved-reference
_max := data.mamori.params.audit_review_max_days

_days := input.facts.audit.review_interval_days

# METADATA
# description: Facts that show audit review processes uncorrelated, or fail to show them defined.
# scope: document
findings contains lib.unsupported(rego.metadata.chain(), ["3.3.5[a]"], "audit.review_interval_days", {
	"en": sprintf(
		"audit records are reviewed every %d days, longer than the maximum of %d: review processes not shown defined",
		[_days, _max],
	),
	"ja": sprintf("監査記録の確認間隔 %d 日は上限の %d 日を超えており、確認・分析・報告のプロセスが定められていることの裏付けにならない", [_days, _max]),
}) if {
	_days > _max
}

findings contains lib.unsupported(rego.metadata.chain(), ["3.3.5[a]"], "audit.continuous_monitoring", {
	"en": "audit logs are kept but not monitored continuously: review and analysis processes are not shown defined",
	"ja": "監査ログが保存されるのみで常時監視されておらず、確認・分析・報告のプロセスが定められていることの裏付けにならない",
}) if {
	input.facts.audit.continuous_monitoring == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.3.5[b]"], "audit.correlation", {
	"en": "audit record review, analysis and reporting are not correlated",
	"ja": "監査記録の確認・分析・報告のプロセスが相互に関連付けられていない",
}) if {
	input.facts.audit.correlation == false
}

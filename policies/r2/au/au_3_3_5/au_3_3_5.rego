# METADATA
# title: 3.3.5 Audit correlation
# description: |
#   Decides from the audit facts whether audit records are reviewed at least every
#   audit_review_max_days, monitored continuously rather than only kept (a Japanese
#   emphasis), and whether review, analysis and reporting are correlated.
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
# description: Facts that show audit review, analysis and reporting are not correlated or timely.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.3.5[a]"], "audit.review_interval_days", {
	"en": sprintf("audit records are reviewed every %d days, longer than the maximum of %d", [_days, _max]),
	"ja": sprintf("監査記録の確認間隔 %d 日は上限の %d 日を超えている", [_days, _max]),
}) if {
	_days > _max
}

findings contains lib.fails(rego.metadata.chain(), ["3.3.5[a]"], "audit.continuous_monitoring", {
	"en": "audit logs are kept but not monitored continuously",
	"ja": "監査ログが保存されるのみで常時監視されていない",
}) if {
	input.facts.audit.continuous_monitoring == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.3.5[b]"], "audit.correlation", {
	"en": "audit record review, analysis and reporting are not correlated",
	"ja": "監査記録の確認・分析・報告のプロセスが相互に関連付けられていない",
}) if {
	input.facts.audit.correlation == false
}

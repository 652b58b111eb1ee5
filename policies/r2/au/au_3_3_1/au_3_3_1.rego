# METADATA
# title: 3.3.1 System auditing
# description: |
#   Decides from the audit facts whether audit records are created for defined event
#   types and retained for at least audit_retention_min_days.
# custom:
#   requirement: "3.3.1"
#   corroboration:
#     "3.3.1[a]": [audit.events_defined]
#     "3.3.1[c]": [audit.logging_enabled]
#     "3.3.1[e]": [audit.retention_days]
#     "3.3.1[f]": [audit.retention_days]
package r2.au.au_3_3_1

import data.mamori.lib

# regal ignore:unresolved-reference
_min := data.mamori.params.audit_retention_min_days

# METADATA
# description: Facts that show audit records are not created, specified or retained as required.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.3.1[c]", "3.3.1[f]"], "audit.logging_enabled", {
	"en": "audit logging is not enabled, so no audit records are created",
	"ja": "監査ログ機能が有効になっておらず、監査記録が作成されていない",
}) if {
	input.facts.audit.logging_enabled == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.3.1[a]"], "audit.events_defined", {
	"en": "the event types to be logged are not defined",
	"ja": "記録すべきイベントの種類が定められていない",
}) if {
	input.facts.audit.events_defined == false
}

# Retention shorter than the minimum disproves 3.3.1[f] (records retained as defined),
# not 3.3.1[e]: a retention requirement is defined, only a shorter one.
findings contains lib.fails(rego.metadata.chain(), ["3.3.1[f]"], "audit.retention_days", {
	"en": sprintf(
		"audit records are retained for %d days, less than the minimum of %d",
		[input.facts.audit.retention_days, _min],
	),
	"ja": sprintf("監査記録の保存期間 %d 日は下限の %d 日に満たない", [input.facts.audit.retention_days, _min]),
}) if {
	input.facts.audit.retention_days < _min
}

# METADATA
# title: 3.5.6 Identifier inactivity
# description: |
#   Identifiers must be disabled after at most identifier_inactivity_max_days of inactivity;
#   a longer period, or 0 (never disabled), fails 3.5.6[b].
# custom:
#   requirement: "3.5.6"
#   corroboration:
#     "3.5.6[b]": [identity.identifier_inactivity_disable_days]
package r2.ia.ia_3_5_6

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.5.6.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.5.6[b]"], "identity.identifier_inactivity_disable_days", {
	"en": sprintf(
		"identifiers are disabled after %d days of inactivity, longer than the maximum of %d days",
		[days, limit],
	),
	"ja": sprintf("非活動の識別子が無効化されるまでの期間 %d 日が上限の %d 日を超えている", [days, limit]),
}) if {
	days := input.facts.identity.identifier_inactivity_disable_days
	limit := data.mamori.params.identifier_inactivity_max_days
	days > limit
}

findings contains lib.fails(rego.metadata.chain(), ["3.5.6[b]"], "identity.identifier_inactivity_disable_days", {
	"en": "identifiers are never disabled for inactivity",
	"ja": "非活動の識別子が無効化されない",
}) if {
	input.facts.identity.identifier_inactivity_disable_days <= 0
}

# METADATA
# title: 3.4.1 Baseline configurations and inventories
# description: |
#   A documented baseline configuration, a system inventory and a baseline review interval
#   within baseline_review_max_days decide the objectives the facts can reach.
# custom:
#   requirement: "3.4.1"
#   corroboration:
#     "3.4.1[a]": [configuration.baseline_documented]
#     "3.4.1[b]": [configuration.baseline_documented]
#     "3.4.1[c]": [configuration.baseline_review_days]
#     "3.4.1[d]": [configuration.inventory]
#     "3.4.1[e]": [configuration.inventory]
#     "3.4.1[f]": [configuration.inventory]
package r2.cm.cm_3_4_1

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.4.1.
# scope: document
findings contains lib.fails(
	rego.metadata.chain(),
	["3.4.1[a]", "3.4.1[b]", "3.4.1[c]"],
	"configuration.baseline_documented",
	{
		"en": "no baseline configuration is documented",
		"ja": "ベースライン構成が文書化されていない",
	},
) if {
	input.facts.configuration.baseline_documented == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.4.1[d]", "3.4.1[e]", "3.4.1[f]"], "configuration.inventory", {
	"en": "no system inventory is established and maintained",
	"ja": "システムのインベントリ（構成品目の一覧）が整備・維持されていない",
}) if {
	input.facts.configuration.inventory == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.4.1[c]"], "configuration.baseline_review_days", {
	"en": sprintf(
		"the baseline configuration is reviewed every %d days, longer than the maximum of %d days",
		[days, limit],
	),
	"ja": sprintf("ベースライン構成の見直し間隔 %d 日が上限の %d 日を超えている", [days, limit]),
}) if {
	days := input.facts.configuration.baseline_review_days
	limit := data.mamori.params.baseline_review_max_days
	days > limit
}

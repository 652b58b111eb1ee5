# METADATA
# title: 3.12.1 Periodic assessment of security controls
# description: |
#   Security controls are assessed periodically for effectiveness. The date of
#   the last control assessment must be within control_assessment_max_age_days.
# custom:
#   requirement: "3.12.1"
#   corroboration:
#     "3.12.1[a]": [risk.last_control_assessment]
#     "3.12.1[b]": [risk.last_control_assessment]
package r2.ca.ca_3_12_1

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.12.1.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.12.1[b]"], "risk.last_control_assessment", {
	"en": sprintf(
		"the last security control assessment (%s) is %d days old, more than the maximum of %d days",
		[date, age, limit],
	),
	"ja": sprintf("最後のセキュリティ管理策の評価（%s）から%d日が経過しており、上限の%d日を超えている", [date, age, limit]),
}) if {
	date := input.facts.risk.last_control_assessment
	age := lib.age_days(date)

	# regal ignore:unresolved-reference
	limit := data.mamori.params.control_assessment_max_age_days
	age > limit
}

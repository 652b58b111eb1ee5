# METADATA
# title: 3.11.1 Periodic risk assessment
# description: |
#   Risk to operations, assets and individuals is assessed periodically. The date
#   of the last risk assessment must be within risk_assessment_max_age_days.
# custom:
#   requirement: "3.11.1"
#   corroboration:
#     "3.11.1[a]": [risk.last_risk_assessment]
#     "3.11.1[b]": [risk.last_risk_assessment]
package r2.ra.ra_3_11_1

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.11.1.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.11.1[b]"], "risk.last_risk_assessment", {
	"en": sprintf("the last risk assessment (%s) is %d days old, more than the maximum of %d days", [date, age, limit]),
	"ja": sprintf("最後のリスクアセスメント（%s）から%d日が経過しており、上限の%d日を超えている", [date, age, limit]),
}) if {
	date := input.facts.risk.last_risk_assessment
	age := lib.age_days(date)

	# regal ignore:unresolved-reference
	limit := data.mamori.params.risk_assessment_max_age_days
	age > limit
}

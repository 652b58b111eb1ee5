# METADATA
# title: 3.6.3 Incident response testing
# description: |
#   The incident response capability must be tested, at least once every exercise_max_age_days
#   (yearly under the Japanese standard); the date of the last exercise decides the objective.
# custom:
#   requirement: "3.6.3"
#   corroboration:
#     "3.6.3[a]": [incident_response.last_exercise]
package r2.ir.ir_3_6_3

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.6.3.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.6.3[a]"], "incident_response.last_exercise", {
	"en": sprintf(
		"the last incident response exercise was %d days ago, more than the maximum of %d days",
		[age, limit],
	),
	"ja": sprintf("最後のインシデント対応訓練から %d 日が経過しており、上限の %d 日を超えている", [age, limit]),
}) if {
	age := lib.age_days(input.facts.incident_response.last_exercise)
	limit := data.mamori.params.exercise_max_age_days
	age > limit
}

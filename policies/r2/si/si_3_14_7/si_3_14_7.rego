# METADATA
# title: 3.14.7 Identify unauthorized use
# description: |
#   Unauthorized use of the systems is identified. The unauthorized use
#   detection fact shows whether it is.
# custom:
#   requirement: "3.14.7"
#   corroboration:
#     "3.14.7[b]": [integrity.monitoring.unauthorized_use_detection]
package r2.si.si_3_14_7

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.14.7.
# scope: document
findings contains lib.fails(
	rego.metadata.chain(), ["3.14.7[b]"], "integrity.monitoring.unauthorized_use_detection",
	{
		"en": "unauthorized use of the systems is not detected",
		"ja": "システムの不正使用を検知する仕組みがない",
	},
) if {
	input.facts.integrity.monitoring.unauthorized_use_detection == false
}

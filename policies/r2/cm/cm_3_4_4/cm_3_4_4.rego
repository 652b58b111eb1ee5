# METADATA
# title: 3.4.4 Security impact analysis
# description: |
#   The security impact of each change must be analyzed before implementation; the security
#   impact analysis fact decides the single objective.
# custom:
#   requirement: "3.4.4"
#   corroboration:
#     "3.4.4[a]": [configuration.security_impact_analysis]
package r2.cm.cm_3_4_4

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.4.4.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.4.4[a]"], "configuration.security_impact_analysis", {
	"en": "the security impact of changes is not analyzed prior to implementation",
	"ja": "変更の実施前にセキュリティへの影響が分析されていない",
}) if {
	input.facts.configuration.security_impact_analysis == false
}

# METADATA
# title: 3.12.3 Continuous monitoring of security controls
# description: |
#   Security controls are monitored on an ongoing basis. The continuous
#   monitoring fact of the risk programme decides the objective.
# custom:
#   requirement: "3.12.3"
#   corroboration:
#     "3.12.3[a]": [risk.continuous_monitoring]
package r2.ca.ca_3_12_3

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.12.3.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.12.3[a]"], "risk.continuous_monitoring", {
	"en": "security controls are not monitored on an ongoing basis",
	"ja": "セキュリティ管理策が継続的に監視されていない",
}) if {
	input.facts.risk.continuous_monitoring == false
}

# METADATA
# title: 3.6.1 Incident handling
# description: |
#   An operational incident-handling capability needs a documented incident response plan;
#   without one, the capability and its preparation (3.6.1[a], [b]) are not established.
# custom:
#   requirement: "3.6.1"
#   corroboration:
#     "3.6.1[a]": [incident_response.plan_documented]
#     "3.6.1[b]": [incident_response.plan_documented]
package r2.ir.ir_3_6_1

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.6.1.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.6.1[a]", "3.6.1[b]"], "incident_response.plan_documented", {
	"en": "no incident response plan is documented, so no operational incident-handling capability is established",
	"ja": "インシデント対応計画が文書化されておらず、運用可能なインシデント対応体制が確立されていない",
}) if {
	input.facts.incident_response.plan_documented == false
}

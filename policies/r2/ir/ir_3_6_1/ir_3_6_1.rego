# METADATA
# title: 3.6.1 Incident handling
# description: |
#   Reads whether an incident response plan is documented. Without one, the claims that an
#   operational incident-handling capability is established and includes preparation
#   (3.6.1[a], [b]) are unverified, not contradicted: SP 800-171 3.6.1 and its discussion
#   ask for the capability (preparation, detection, analysis, containment, recovery, user
#   response), not a written plan; the plan is SP 800-53 IR-8, which is not among 3.6.1's
#   source controls.
# custom:
#   requirement: "3.6.1"
#   corroboration:
#     "3.6.1[a]": [incident_response.plan_documented]
#     "3.6.1[b]": [incident_response.plan_documented]
package r2.ir.ir_3_6_1

import data.mamori.lib

_objectives := ["3.6.1[a]", "3.6.1[b]"]

# METADATA
# description: Facts that fail to support the objectives of 3.6.1.
# scope: document
findings contains lib.unsupported(rego.metadata.chain(), _objectives, "incident_response.plan_documented", {
	"en": "no incident response plan is documented: an operational incident-handling capability is not shown",
	"ja": "インシデント対応計画が文書化されておらず、運用可能なインシデント対応体制が確立されていることの裏付けにならない",
}) if {
	input.facts.incident_response.plan_documented == false
}

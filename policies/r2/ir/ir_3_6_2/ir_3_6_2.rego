# METADATA
# title: 3.6.2 Incident reporting
# description: |
#   Incidents must be tracked and documented (tracking fact, 3.6.2[a], [b]) and reported to the
#   Ministry of Defense or DoD through an established route (reporting contact, 3.6.2[c], [e]).
# custom:
#   requirement: "3.6.2"
#   corroboration:
#     "3.6.2[a]": [incident_response.tracking]
#     "3.6.2[b]": [incident_response.tracking]
#     "3.6.2[c]": [incident_response.reporting_contact]
#     "3.6.2[e]": [incident_response.reporting_contact]
package r2.ir.ir_3_6_2

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.6.2.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.6.2[a]", "3.6.2[b]"], "incident_response.tracking", {
	"en": "incidents are not tracked and documented",
	"ja": "インシデントが追跡・記録されていない",
}) if {
	input.facts.incident_response.tracking == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.6.2[c]", "3.6.2[e]"], "incident_response.reporting_contact", {
	"en": "no route is set up to report incidents to the Ministry of Defense (or DoD for US contracts)",
	"ja": "防衛省（米国の契約では国防総省）へのインシデント報告経路が整備されていない",
}) if {
	input.facts.incident_response.reporting_contact == false
}

# METADATA
# title: 3.6.2 Incident reporting
# description: |
#   Incidents must be tracked and documented (tracking fact, 3.6.2[a], [b]). A reporting
#   route to the Ministry of Defense (or DoD) that is not set up fails to support, without
#   disproving, that the authorities are identified and notified (3.6.2[c], [e]): the
#   authority can be known and notified without a route prepared in advance. Those claims
#   are unverified.
# custom:
#   requirement: "3.6.2"
#   corroboration:
#     "3.6.2[a]": [incident_response.tracking]
#     "3.6.2[b]": [incident_response.tracking]
#     "3.6.2[c]": [incident_response.reporting_contact]
#     "3.6.2[e]": [incident_response.reporting_contact]
package r2.ir.ir_3_6_2

import data.mamori.lib

_reporting := ["3.6.2[c]", "3.6.2[e]"]

# METADATA
# description: Facts that contradict, or fail to support, the objectives of 3.6.2.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.6.2[a]", "3.6.2[b]"], "incident_response.tracking", {
	"en": "incidents are not tracked and documented",
	"ja": "インシデントが追跡・記録されていない",
}) if {
	input.facts.incident_response.tracking == false
}

findings contains lib.unsupported(rego.metadata.chain(), _reporting, "incident_response.reporting_contact", {
	"en": "no route is set up to report incidents to the Ministry of Defense (or DoD): notification is not shown",
	"ja": "防衛省（米国の契約では国防総省）へのインシデント報告経路が整備されておらず、当局への通報方法を示す必要がある",
}) if {
	input.facts.incident_response.reporting_contact == false
}

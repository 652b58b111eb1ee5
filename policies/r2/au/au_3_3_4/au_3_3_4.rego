# METADATA
# title: 3.3.4 Audit logging failure alerting
# description: |
#   Decides from the audit facts whether personnel are alerted when audit logging fails.
# custom:
#   requirement: "3.3.4"
#   corroboration:
#     "3.3.4[a]": [audit.failure_alerting]
#     "3.3.4[b]": [audit.failure_alerting]
#     "3.3.4[c]": [audit.failure_alerting]
package r2.au.au_3_3_4

import data.mamori.lib

# METADATA
# description: Facts that show no alert is raised on audit logging failure.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.3.4[c]"], "audit.failure_alerting", {
	"en": "no alert is raised when audit logging fails",
	"ja": "監査ログ機能の障害時にアラートが発せられない",
}) if {
	input.facts.audit.failure_alerting == false
}

# METADATA
# title: 3.3.9 Audit management
# description: |
#   Decides from the audit facts whether management of audit logging is limited to a
#   defined subset of privileged users.
# custom:
#   requirement: "3.3.9"
#   corroboration:
#     "3.3.9[a]": [audit.management_restricted]
#     "3.3.9[b]": [audit.management_restricted]
package r2.au.au_3_3_9

import data.mamori.lib

# METADATA
# description: Facts that show audit logging management is not limited to a subset of privileged users.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.3.9[b]"], "audit.management_restricted", {
	"en": "management of audit logging is not limited to a subset of privileged users",
	"ja": "監査ログ機能の管理が一部の特権利用者に限定されていない",
}) if {
	input.facts.audit.management_restricted == false
}

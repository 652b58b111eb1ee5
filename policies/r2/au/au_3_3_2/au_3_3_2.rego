# METADATA
# title: 3.3.2 User accountability
# description: |
#   Decides from the audit and identity facts whether the actions of individual users
#   can be traced to them: records without user attribution, or shared identifiers,
#   break the trace.
# custom:
#   requirement: "3.3.2"
#   corroboration:
#     "3.3.2[a]": [audit.user_attribution]
#     "3.3.2[b]": [audit.user_attribution]
package r2.au.au_3_3_2

import data.mamori.lib

# METADATA
# description: Facts that show user actions cannot be uniquely traced to the users.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.3.2[b]"], "audit.user_attribution", {
	"en": "audit records do not trace actions to individual users",
	"ja": "監査記録から操作を個々の利用者まで追跡できない",
}) if {
	input.facts.audit.user_attribution == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.3.2[b]"], "identity.unique_user_ids", {
	"en": "user identifiers are not unique, so actions cannot be traced to individual users",
	"ja": "利用者識別子が一意でなく、操作を個々の利用者まで追跡できない",
}) if {
	input.facts.identity.unique_user_ids == false
}

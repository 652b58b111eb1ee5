# METADATA
# title: 3.3.2 User accountability
# description: |
#   Decides from the audit and identity facts whether the actions of individual users
#   can be traced to them: records without user attribution break the trace. Shared
#   identifiers alone do not: SP 800-171 3.3.1's discussion lets audit records carry "the
#   individual identities of group account users", so where attribution is not shown,
#   shared identifiers leave 3.3.2[b] unverified, and where it is, they do not bear on it.
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

findings contains lib.unsupported(rego.metadata.chain(), ["3.3.2[b]"], "identity.unique_user_ids", {
	"en": "user identifiers are shared, and audit records are not shown to name each user of a shared account",
	"ja": "利用者識別子が共有されており、共有アカウントの個々の利用者が監査記録に記録されていることを証跡から確認できない",
}) if {
	input.facts.identity.unique_user_ids == false
	not input.facts.audit.user_attribution == true
}

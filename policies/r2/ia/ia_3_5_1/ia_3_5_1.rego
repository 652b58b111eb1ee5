# METADATA
# title: 3.5.1 Identification
# description: |
#   System users must be identified (3.5.1[a]). Shared identifiers fail to support that
#   without disproving it: SP 800-171 3.5.1's discussion says "Management of individual
#   identifiers is not applicable to shared system accounts" and that organizations "may
#   require unique identification of individuals in group accounts", so users of a
#   shared account may still be identified. The claim is unverified. Identification of
#   processes and devices rests on examination.
# custom:
#   requirement: "3.5.1"
#   corroboration:
#     "3.5.1[a]": [identity.unique_user_ids]
package r2.ia.ia_3_5_1

import data.mamori.lib

# METADATA
# description: Facts that fail to support the objectives of 3.5.1.
# scope: document
findings contains lib.unsupported(rego.metadata.chain(), ["3.5.1[a]"], "identity.unique_user_ids", {
	"en": "user identifiers are not unique to individual users, and the users of shared accounts are not shown identified",
	"ja": "利用者識別子が個人ごとに一意でない（共有アカウントが使われている）ため、共有アカウントの利用者の識別方法を示す必要がある",
}) if {
	input.facts.identity.unique_user_ids == false
}

# METADATA
# title: 3.5.1 Identification
# description: |
#   Users must be identified individually; the unique user identifier fact decides 3.5.1[a].
#   Identification of processes and devices rests on examination.
# custom:
#   requirement: "3.5.1"
#   corroboration:
#     "3.5.1[a]": [identity.unique_user_ids]
package r2.ia.ia_3_5_1

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.5.1.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.5.1[a]"], "identity.unique_user_ids", {
	"en": "user identifiers are not unique to individual users",
	"ja": "利用者識別子が個人ごとに一意でない（共有アカウントが使われている）",
}) if {
	input.facts.identity.unique_user_ids == false
}

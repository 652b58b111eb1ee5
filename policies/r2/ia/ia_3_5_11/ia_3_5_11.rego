# METADATA
# title: 3.5.11 Obscure authentication feedback
# description: |
#   Authentication information must be obscured during the authentication process; the
#   feedback fact decides the single objective.
# custom:
#   requirement: "3.5.11"
#   corroboration:
#     "3.5.11[a]": [identity.password.feedback_obscured]
package r2.ia.ia_3_5_11

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.5.11.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.5.11[a]"], "identity.password.feedback_obscured", {
	"en": "authentication information is displayed unobscured during authentication",
	"ja": "認証時に認証情報が伏字にされずに表示される",
}) if {
	input.facts.identity.password.feedback_obscured == false
}

# METADATA
# title: 3.13.16 Protect CUI at rest
# description: |
#   The confidentiality of CUI at rest is protected. CUI stored without
#   encryption fails the objective.
# custom:
#   requirement: "3.13.16"
#   corroboration:
#     "3.13.16[a]": [crypto.at_rest_encrypted]
package r2.sc.sc_3_13_16

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.13.16.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.13.16[a]"], "crypto.at_rest_encrypted", {
	"en": "CUI at rest is not encrypted",
	"ja": "保存されているCUIが暗号化されていない",
}) if {
	input.facts.crypto.at_rest_encrypted == false
}

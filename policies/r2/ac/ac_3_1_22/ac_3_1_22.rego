# METADATA
# title: 3.1.22 Control CUI on publicly accessible systems
# description: |
#   Decides from the access facts whether content is reviewed for CUI before and
#   after it is posted on publicly accessible systems.
# custom:
#   requirement: "3.1.22"
#   corroboration:
#     "3.1.22[c]": [access.public_content_reviewed]
#     "3.1.22[d]": [access.public_content_reviewed]
package r2.ac.ac_3_1_22

import data.mamori.lib

# METADATA
# description: Facts that show public content is not reviewed for CUI.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.1.22[c]", "3.1.22[d]"], "access.public_content_reviewed", {
	"en": "content on publicly accessible systems is not reviewed for CUI",
	"ja": "公開システム上のコンテンツがCUIを含まないか確認されていない",
}) if {
	input.facts.access.public_content_reviewed == false
}

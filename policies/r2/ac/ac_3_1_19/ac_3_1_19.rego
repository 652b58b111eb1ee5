# METADATA
# title: 3.1.19 Encrypt CUI on mobile devices
# description: |
#   Where mobile devices are permitted, decides from the mobile facts whether CUI on
#   them is encrypted.
# custom:
#   requirement: "3.1.19"
#   corroboration:
#     "3.1.19[b]": [access.mobile.encrypted]
package r2.ac.ac_3_1_19

import data.mamori.lib

# METADATA
# description: Facts that show CUI on permitted mobile devices is not encrypted.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.1.19[b]"], "access.mobile.encrypted", {
	"en": "CUI on mobile devices is not encrypted",
	"ja": "モバイルデバイス上のCUIが暗号化されていない",
}) if {
	input.facts.access.mobile.permitted == true
	input.facts.access.mobile.encrypted == false
}

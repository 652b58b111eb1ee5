# METADATA
# title: 3.1.17 Wireless authentication and encryption
# description: |
#   Where wireless access is permitted, decides from the wireless facts whether it is
#   protected by authentication and by encryption.
# custom:
#   requirement: "3.1.17"
#   corroboration:
#     "3.1.17[a]": [access.wireless.authentication]
#     "3.1.17[b]": [access.wireless.encryption]
package r2.ac.ac_3_1_17

import data.mamori.lib

# METADATA
# description: Facts that show permitted wireless access lacks authentication or encryption.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.1.17[a]"], "access.wireless.authentication", {
	"en": "wireless access is not protected by authentication",
	"ja": "無線アクセスが認証で保護されていない",
}) if {
	input.facts.access.wireless.permitted == true
	input.facts.access.wireless.authentication == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.1.17[b]"], "access.wireless.encryption", {
	"en": "wireless access is not protected by encryption",
	"ja": "無線アクセスが暗号化で保護されていない",
}) if {
	input.facts.access.wireless.permitted == true
	input.facts.access.wireless.encryption == false
}

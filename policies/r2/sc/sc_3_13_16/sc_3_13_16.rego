# METADATA
# title: 3.13.16 Protect CUI at rest
# description: |
#   The confidentiality of CUI at rest is protected. CUI stored without
#   encryption fails the objective. Full-disk encryption on every in-scope host
#   corroborates it; a host without it does not disprove it (CUI may be
#   protected otherwise, SP 800-171 3.13.16 discussion), so the claim is then
#   unverified.
# custom:
#   requirement: "3.13.16"
#   corroboration:
#     "3.13.16[a]": [[crypto.at_rest_encrypted, crypto.full_disk_encryption]]
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

findings contains lib.unsupported(rego.metadata.chain(), ["3.13.16[a]"], "crypto.full_disk_encryption", {
	"en": "full-disk encryption is off: nothing shows how CUI stored there is protected at rest",
	"ja": "ディスク全体の暗号化が無効であり、そこに保存されるCUIの保護方法が示されていない",
}) if {
	input.facts.crypto.full_disk_encryption == false
}

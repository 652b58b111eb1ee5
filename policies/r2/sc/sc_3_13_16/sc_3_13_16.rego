# METADATA
# title: 3.13.16 Protect CUI at rest
# description: |
#   The confidentiality of CUI at rest is protected. Encryption is one mechanism, and
#   what 3.13.11 scores; SP 800-171 3.13.16's discussion allows others: "Organizations
#   may also use other controls including secure off-line storage in lieu of online
#   storage". CUI at rest without encryption is therefore unverified unless the evidence
#   says whether another protection applies (at_rest_other_protection), and contradicted
#   only when it says none does. Full-disk encryption on every in-scope host corroborates
#   the claim; a host without it does not disprove it, so the claim is then unverified.
# custom:
#   requirement: "3.13.16"
#   corroboration:
#     "3.13.16[a]": [[crypto.at_rest_encrypted, crypto.at_rest_other_protection, crypto.full_disk_encryption]]
package r2.sc.sc_3_13_16

import data.mamori.lib

_unencrypted if input.facts.crypto.at_rest_encrypted == false

# METADATA
# description: Facts that show, or fail to show, that the confidentiality of CUI at rest is protected.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.13.16[a]"], "crypto.at_rest_encrypted", {
	"en": "CUI at rest is neither encrypted nor protected by other means such as secure off-line storage",
	"ja": "保存されているCUIが暗号化されておらず、オフラインでの安全な保管等の他の保護もない",
}) if {
	_unencrypted
	input.facts.crypto.at_rest_other_protection == false
}

findings contains lib.unsupported(rego.metadata.chain(), ["3.13.16[a]"], "crypto.at_rest_encrypted", {
	"en": "CUI at rest is not encrypted, and no other protection such as secure off-line storage is shown",
	"ja": "保存されているCUIが暗号化されていない。3.13.16 はオフラインでの安全な保管等の他の保護も認めているが、証跡からは確認できない",
}) if {
	_unencrypted
	not input.facts.crypto.at_rest_other_protection == false
	not input.facts.crypto.at_rest_other_protection == true
}

findings contains lib.unsupported(rego.metadata.chain(), ["3.13.16[a]"], "crypto.full_disk_encryption", {
	"en": "full-disk encryption is off: nothing shows how CUI stored there is protected at rest",
	"ja": "ディスク全体の暗号化が無効であり、そこに保存されるCUIの保護方法が示されていない",
}) if {
	input.facts.crypto.full_disk_encryption == false
}

# METADATA
# title: 3.8.6 Portable storage encryption
# description: |
#   CUI on digital media must be encrypted in transport "unless otherwise protected by
#   alternative physical safeguards" (3.8.6). Unencrypted portable media are therefore
#   unverified unless the evidence says whether such safeguards protect them
#   (transport_physical_safeguards), and contradicted only when it says none do. Not
#   checked when removable media are blocked, as no CUI then leaves on portable media.
# custom:
#   requirement: "3.8.6"
#   corroboration:
#     "3.8.6[a]": [[media.portable_encrypted, media.transport_physical_safeguards]]
package r2.mp.mp_3_8_6

import data.mamori.lib

_removable_media_blocked if input.facts.media.removable_media == "blocked"

_unencrypted if {
	not _removable_media_blocked
	input.facts.media.portable_encrypted == false
}

# METADATA
# description: Facts that contradict, or fail to support, the objectives of 3.8.6.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.8.6[a]"], "media.portable_encrypted", {
	"en": "CUI on portable media is neither encrypted nor under alternative physical safeguards in transport",
	"ja": "運搬される可搬型デジタル媒体上のCUIが暗号化されておらず、代替の物理的保護もない",
}) if {
	_unencrypted
	input.facts.media.transport_physical_safeguards == false
}

findings contains lib.unsupported(rego.metadata.chain(), ["3.8.6[a]"], "media.portable_encrypted", {
	"en": "CUI on portable media is not encrypted in transport, and no alternative physical safeguard is shown",
	"ja": "運搬される可搬型デジタル媒体上のCUIが暗号化されていない。3.8.6 は代替の物理的保護も認めているが、証跡からは確認できない",
}) if {
	_unencrypted
	not input.facts.media.transport_physical_safeguards == false
	not input.facts.media.transport_physical_safeguards == true
}

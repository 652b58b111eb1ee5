# METADATA
# title: 3.8.7 Removable media
# description: |
#   The use of removable media on system components must be controlled; removable media
#   use that is unrestricted fails the single objective (blocked or controlled meets it).
# custom:
#   requirement: "3.8.7"
#   corroboration:
#     "3.8.7[a]": [media.removable_media]
package r2.mp.mp_3_8_7

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.8.7.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.8.7[a]"], "media.removable_media", {
	"en": "the use of removable media on system components is unrestricted",
	"ja": "システム構成要素での可搬媒体の使用が制限されていない",
}) if {
	input.facts.media.removable_media == "unrestricted"
}

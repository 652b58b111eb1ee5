# METADATA
# title: 3.8.8 Shared media
# description: |
#   Portable storage devices with no identifiable owner must be prohibited; the fact decides the
#   objective. Not checked when removable media are blocked, which prohibits every such device.
# custom:
#   requirement: "3.8.8"
#   corroboration:
#     "3.8.8[a]": [media.unidentified_owner_prohibited]
package r2.mp.mp_3_8_8

import data.mamori.lib

_removable_media_blocked if input.facts.media.removable_media == "blocked"

# METADATA
# description: Facts that contradict the objectives of 3.8.8.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.8.8[a]"], "media.unidentified_owner_prohibited", {
	"en": "the use of portable storage devices with no identifiable owner is not prohibited",
	"ja": "所有者を特定できない可搬記憶装置の使用が禁止されていない",
}) if {
	not _removable_media_blocked
	input.facts.media.unidentified_owner_prohibited == false
}

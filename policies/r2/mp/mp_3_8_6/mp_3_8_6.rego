# METADATA
# title: 3.8.6 Portable storage encryption
# description: |
#   CUI on digital media must be encrypted in transport unless alternative physical safeguards protect
#   it; no fact shows such safeguards, so unencrypted portable media fail. Not checked when removable
#   media are blocked, as no CUI then leaves on portable media.
# custom:
#   requirement: "3.8.6"
#   corroboration:
#     "3.8.6[a]": [media.portable_encrypted]
package r2.mp.mp_3_8_6

import data.mamori.lib

_removable_media_blocked if input.facts.media.removable_media == "blocked"

# METADATA
# description: Facts that contradict the objectives of 3.8.6.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.8.6[a]"], "media.portable_encrypted", {
	"en": "CUI on portable digital media is not encrypted during transport",
	"ja": "運搬される可搬型デジタル媒体上のCUIが暗号化されていない",
}) if {
	not _removable_media_blocked
	input.facts.media.portable_encrypted == false
}

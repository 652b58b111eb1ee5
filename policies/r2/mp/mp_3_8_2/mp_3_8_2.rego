# METADATA
# title: 3.8.2 Media access
# description: |
#   Access to CUI on system media must be limited to authorized users; the media access fact
#   decides the single objective.
# custom:
#   requirement: "3.8.2"
#   corroboration:
#     "3.8.2[a]": [media.access_restricted]
package r2.mp.mp_3_8_2

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.8.2.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.8.2[a]"], "media.access_restricted", {
	"en": "access to CUI on system media is not limited to authorized users",
	"ja": "媒体上のCUIへのアクセスが認可された利用者に限定されていない",
}) if {
	input.facts.media.access_restricted == false
}

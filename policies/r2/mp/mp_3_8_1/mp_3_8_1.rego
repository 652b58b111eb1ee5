# METADATA
# title: 3.8.1 Media protection
# description: |
#   Paper and digital media containing CUI must be securely stored; the locked storage fact
#   decides 3.8.1[c] and [d]. Physical control rests on examination.
# custom:
#   requirement: "3.8.1"
#   corroboration:
#     "3.8.1[c]": [media.storage_locked]
#     "3.8.1[d]": [media.storage_locked]
package r2.mp.mp_3_8_1

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.8.1.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.8.1[c]", "3.8.1[d]"], "media.storage_locked", {
	"en": "media containing CUI are not kept in locked storage",
	"ja": "CUIを含む媒体（紙・電子）が施錠保管されていない",
}) if {
	input.facts.media.storage_locked == false
}

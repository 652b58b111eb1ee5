# METADATA
# title: 3.8.4 Media markings
# description: |
#   Media containing CUI must carry CUI markings and distribution limitations; the marking fact
#   decides both objectives.
# custom:
#   requirement: "3.8.4"
#   corroboration:
#     "3.8.4[a]": [media.marking]
#     "3.8.4[b]": [media.marking]
package r2.mp.mp_3_8_4

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.8.4.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.8.4[a]", "3.8.4[b]"], "media.marking", {
	"en": "media containing CUI are not marked with CUI markings and distribution limitations",
	"ja": "CUIを含む媒体にCUIの表示と配布制限が付されていない",
}) if {
	input.facts.media.marking == false
}

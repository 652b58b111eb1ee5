# METADATA
# title: 3.8.5 Media accountability
# description: |
#   Access to media containing CUI must be controlled (3.8.5[a]) and accountability kept
#   during transport outside controlled areas (3.8.5[b]); one fact decides each.
# custom:
#   requirement: "3.8.5"
#   corroboration:
#     "3.8.5[a]": [media.access_restricted]
#     "3.8.5[b]": [media.transport_accountability]
package r2.mp.mp_3_8_5

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.8.5.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.8.5[a]"], "media.access_restricted", {
	"en": "access to media containing CUI is not controlled",
	"ja": "CUIを含む媒体へのアクセスが管理されていない",
}) if {
	input.facts.media.access_restricted == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.8.5[b]"], "media.transport_accountability", {
	"en": "accountability for media is not maintained during transport outside controlled areas",
	"ja": "管理区域外への運搬中に媒体の受け渡し記録等による説明責任が維持されていない",
}) if {
	input.facts.media.transport_accountability == false
}

# METADATA
# title: 3.8.1 Media protection
# description: |
#   Paper and digital media containing CUI must be securely stored (3.8.1[c], [d]).
#   SP 800-171 3.8.1's discussion: "Secure storage includes a locked drawer, desk, or
#   cabinet, or a controlled media library". Media not in locked storage are therefore
#   unverified unless the evidence says whether a controlled media library holds them
#   (controlled_media_library), and contradicted only when it says neither does.
#   Physical control rests on examination.
# custom:
#   requirement: "3.8.1"
#   corroboration:
#     "3.8.1[c]": [[media.storage_locked, media.controlled_media_library]]
#     "3.8.1[d]": [[media.storage_locked, media.controlled_media_library]]
package r2.mp.mp_3_8_1

import data.mamori.lib

_objectives := ["3.8.1[c]", "3.8.1[d]"]

_not_locked if input.facts.media.storage_locked == false

# METADATA
# description: Facts that contradict, or fail to support, the objectives of 3.8.1.
# scope: document
findings contains lib.fails(rego.metadata.chain(), _objectives, "media.storage_locked", {
	"en": "media containing CUI are kept neither in locked storage nor in a controlled media library",
	"ja": "CUIを含む媒体（紙・電子）が施錠保管も管理された媒体保管庫での保管もされていない",
}) if {
	_not_locked
	input.facts.media.controlled_media_library == false
}

findings contains lib.unsupported(rego.metadata.chain(), _objectives, "media.storage_locked", {
	"en": "media containing CUI are not kept in locked storage, and no controlled media library is shown",
	"ja": "CUIを含む媒体（紙・電子）が施錠保管されていない。3.8.1 は管理された媒体保管庫も認めているが、証跡からは確認できない",
}) if {
	_not_locked
	not input.facts.media.controlled_media_library == false
	not input.facts.media.controlled_media_library == true
}

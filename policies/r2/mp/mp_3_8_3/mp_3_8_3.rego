# METADATA
# title: 3.8.3 Media disposal
# description: |
#   Media must be sanitized or destroyed before disposal or reuse: a sanitization method of
#   none contradicts both objectives. Certificates of disposal (reported of the Japanese
#   standard) record a destruction; not keeping them fails to support 3.8.3[a] without
#   disproving it, so that claim is unverified.
# custom:
#   requirement: "3.8.3"
#   corroboration:
#     "3.8.3[a]": [media.sanitization, media.disposal_certificates]
#     "3.8.3[b]": [media.sanitization]
package r2.mp.mp_3_8_3

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.8.3.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.8.3[a]", "3.8.3[b]"], "media.sanitization", {
	"en": "system media containing CUI are disposed of or released for reuse without sanitization",
	"ja": "CUIを含む媒体が消去（サニタイズ）されないまま廃棄又は再利用されている",
}) if {
	input.facts.media.sanitization == "none"
}

findings contains lib.unsupported(rego.metadata.chain(), ["3.8.3[a]"], "media.disposal_certificates", {
	"en": "no certificates of disposal are kept, so the sanitization or destruction of disposed media is not recorded",
	"ja": "廃棄した媒体の廃棄証明書が保管されておらず、消去（サニタイズ）又は破壊の記録がない",
}) if {
	input.facts.media.disposal_certificates == false
}

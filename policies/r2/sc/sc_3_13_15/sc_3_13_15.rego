# METADATA
# title: 3.13.15 Session authenticity
# description: |
#   The authenticity of communications sessions is protected, e.g. against
#   session hijacking. The session authenticity fact decides the objective.
# custom:
#   requirement: "3.13.15"
#   corroboration:
#     "3.13.15[a]": [network.session_authenticity]
package r2.sc.sc_3_13_15

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.13.15.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.13.15[a]"], "network.session_authenticity", {
	"en": "the authenticity of communications sessions is not protected",
	"ja": "通信セッションの真正性が保護されていない",
}) if {
	input.facts.network.session_authenticity == false
}

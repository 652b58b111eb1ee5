# METADATA
# title: 3.13.14 Voice over IP
# description: |
#   The use of VoIP technologies is controlled and monitored. The VoIP fact shows
#   whether it is controlled; monitoring rests on examination and interview.
# custom:
#   requirement: "3.13.14"
#   corroboration:
#     "3.13.14[a]": [network.voip_controlled]
package r2.sc.sc_3_13_14

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.13.14.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.13.14[a]"], "network.voip_controlled", {
	"en": "the use of VoIP technologies is not controlled",
	"ja": "VoIP技術の使用が制御されていない",
}) if {
	input.facts.network.voip_controlled == false
}

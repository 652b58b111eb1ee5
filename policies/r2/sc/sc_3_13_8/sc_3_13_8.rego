# METADATA
# title: 3.13.8 Protect CUI in transmission
# description: |
#   CUI is encrypted in transit unless another safeguard protects it. Transit
#   without encryption fails, except over a common-carrier MPLS service that keeps
#   the traffic separated (accepted by DoD methodology §5i(ii)).
# custom:
#   requirement: "3.13.8"
#   corroboration:
#     "3.13.8[c]": [crypto.transit_encrypted]
package r2.sc.sc_3_13_8

import data.mamori.lib

_carrier_mpls if input.facts.network.carrier_mpls == true

# METADATA
# description: Facts that contradict the objectives of 3.13.8.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.13.8[c]"], "crypto.transit_encrypted", {
	"en": "CUI is transmitted without encryption and no common-carrier MPLS separation protects it",
	"ja": "CUIが暗号化されずに伝送されており、通信事業者のMPLS閉域網による分離等の代替措置もない",
}) if {
	input.facts.crypto.transit_encrypted == false
	not _carrier_mpls
}

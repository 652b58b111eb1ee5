# METADATA
# title: 3.13.8 Protect CUI in transmission
# description: |
#   CUI is encrypted in transit "unless otherwise protected by alternative physical
#   safeguards" (3.13.8). Transit without encryption is met over a common-carrier MPLS
#   service that keeps the traffic separated (accepted by DoD methodology §5i(ii)) or
#   under alternative physical safeguards such as a protected distribution system (SP
#   800-171 3.13.8's discussion). It is contradicted only when the evidence says neither
#   protects it, and unverified while either is unknown.
# custom:
#   requirement: "3.13.8"
#   corroboration:
#     "3.13.8[c]": [[crypto.transit_encrypted, network.carrier_mpls, network.transit_physical_safeguards]]
package r2.sc.sc_3_13_8

import data.mamori.lib

_unencrypted if input.facts.crypto.transit_encrypted == false

_alternative if input.facts.network.carrier_mpls == true

_alternative if input.facts.network.transit_physical_safeguards == true

_no_alternative if {
	input.facts.network.carrier_mpls == false
	input.facts.network.transit_physical_safeguards == false
}

# METADATA
# description: Facts that show, or fail to show, that CUI is protected in transmission.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.13.8[c]"], "crypto.transit_encrypted", {
	"en": "CUI is transmitted with neither encryption, MPLS separation nor alternative physical safeguards",
	"ja": "CUIが暗号化されずに伝送されており、通信事業者のMPLS閉域網による分離も代替の物理的保護もない",
}) if {
	_unencrypted
	_no_alternative
}

findings contains lib.unsupported(rego.metadata.chain(), ["3.13.8[c]"], "crypto.transit_encrypted", {
	"en": "CUI is transmitted without encryption, and no MPLS separation or physical safeguard is shown",
	"ja": "CUIが暗号化されずに伝送されている。3.13.8 は代替の物理的保護（DoD評価手法 §5i(ii) では通信事業者のMPLS閉域網による分離）も認めているが、証跡からは確認できない",
}) if {
	_unencrypted
	not _alternative
	not _no_alternative
}

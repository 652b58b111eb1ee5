# METADATA
# title: 3.1.3 Control the flow of CUI
# description: |
#   Reads the boundary facts. Neither a missing boundary firewall nor traffic allowed by
#   default disproves that approved CUI flows are enforced: SP 800-171 3.1.3's discussion
#   places enforcement in "boundary protection devices (e.g., gateways, routers, guards,
#   encrypted tunnels, firewalls)" and in message filtering, so other mechanisms may hold
#   the flows. Either fact leaves 3.1.3[e] unverified.
# custom:
#   requirement: "3.1.3"
#   corroboration:
#     "3.1.3[e]": [network.boundary_firewall, network.deny_by_default]
package r2.ac.ac_3_1_3

import data.mamori.lib

# METADATA
# description: Facts that fail to support that approved authorizations for CUI flow are enforced.
# scope: document
findings contains lib.unsupported(rego.metadata.chain(), ["3.1.3[e]"], "network.boundary_firewall", {
	"en": "no boundary firewall enforces the approved flows of CUI: another mechanism must be shown to",
	"ja": "承認されたCUIの流れを強制する境界ファイアウォールがなく、他の仕組みで強制されていることを示す必要がある",
}) if {
	input.facts.network.boundary_firewall == false
}

findings contains lib.unsupported(rego.metadata.chain(), ["3.1.3[e]"], "network.deny_by_default", {
	"en": "network traffic is allowed by default, which does not show CUI flows are limited to approved authorizations",
	"ja": "通信が既定で許可されており、CUIの流れが承認されたものに限定されていることの裏付けにならない",
}) if {
	input.facts.network.deny_by_default == false
}

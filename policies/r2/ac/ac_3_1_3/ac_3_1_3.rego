# METADATA
# title: 3.1.3 Control the flow of CUI
# description: |
#   Decides from the boundary facts whether approved CUI flows are enforced: without
#   a boundary firewall, or with traffic allowed by default, flows are not held to
#   the approved authorizations.
# custom:
#   requirement: "3.1.3"
#   corroboration:
#     "3.1.3[e]": [network.boundary_firewall, network.deny_by_default]
package r2.ac.ac_3_1_3

import data.mamori.lib

# METADATA
# description: Facts that show approved authorizations for CUI flow are not enforced.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.1.3[e]"], "network.boundary_firewall", {
	"en": "no boundary firewall enforces the approved flows of CUI",
	"ja": "承認されたCUIの流れを強制する境界ファイアウォールがない",
}) if {
	input.facts.network.boundary_firewall == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.1.3[e]"], "network.deny_by_default", {
	"en": "network traffic is allowed by default, so CUI flows are not limited to approved authorizations",
	"ja": "通信が既定で許可されており、CUIの流れが承認されたものに限定されていない",
}) if {
	input.facts.network.deny_by_default == false
}

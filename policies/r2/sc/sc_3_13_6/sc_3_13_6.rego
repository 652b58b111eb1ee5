# METADATA
# title: 3.13.6 Deny by default, permit by exception
# description: |
#   Network traffic is denied by default and allowed by exception. The deny by
#   default fact decides both objectives.
# custom:
#   requirement: "3.13.6"
#   corroboration:
#     "3.13.6[a]": [network.deny_by_default]
#     "3.13.6[b]": [network.deny_by_default]
package r2.sc.sc_3_13_6

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.13.6.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.13.6[a]", "3.13.6[b]"], "network.deny_by_default", {
	"en": "network traffic is not denied by default and allowed only by exception",
	"ja": "ネットワーク通信が「原則拒否・例外許可」で制御されていない",
}) if {
	input.facts.network.deny_by_default == false
}

# METADATA
# title: 3.13.9 Terminate idle network connections
# description: |
#   Network connections are terminated at the end of a session or after a defined
#   period of inactivity, which must not exceed idle_disconnect_max_minutes.
# custom:
#   requirement: "3.13.9"
#   corroboration:
#     "3.13.9[a]": [network.idle_disconnect_minutes]
#     "3.13.9[c]": [network.idle_disconnect_minutes]
package r2.sc.sc_3_13_9

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.13.9.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.13.9[c]"], "network.idle_disconnect_minutes", {
	"en": sprintf("idle network connections are terminated after %d minutes, more than the maximum of %d", [mins, limit]),
	"ja": sprintf("無通信状態のネットワーク接続の切断までの時間が%d分であり、上限の%d分を超えている", [mins, limit]),
}) if {
	mins := input.facts.network.idle_disconnect_minutes

	# regal ignore:unresolved-reference
	limit := data.mamori.params.idle_disconnect_max_minutes
	mins > limit
}

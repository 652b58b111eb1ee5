# METADATA
# title: 3.13.7 Prevent split tunneling
# description: |
#   Remote devices cannot use split tunneling. Checked only when remote access is
#   permitted; when it is not, there are no remote devices to consider.
# custom:
#   requirement: "3.13.7"
#   corroboration:
#     "3.13.7[a]": [network.split_tunneling_prevented]
package r2.sc.sc_3_13_7

import data.mamori.lib

_no_remote if input.facts.access.remote_access.permitted == false

# METADATA
# description: Facts that contradict the objectives of 3.13.7.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.13.7[a]"], "network.split_tunneling_prevented", {
	"en": "remote devices are not prevented from split tunneling",
	"ja": "リモート接続端末のスプリットトンネリングが防止されていない",
}) if {
	not _no_remote
	input.facts.network.split_tunneling_prevented == false
}

# METADATA
# title: 3.13.12 Collaborative computing devices
# description: |
#   Remote activation of collaborative computing devices (cameras, microphones) is
#   prohibited and users present see when they are in use. The collaborative
#   devices fact shows whether they are controlled.
# custom:
#   requirement: "3.13.12"
#   corroboration:
#     "3.13.12[b]": [network.collaborative_devices_controlled]
#     "3.13.12[c]": [network.collaborative_devices_controlled]
package r2.sc.sc_3_13_12

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.13.12.
# scope: document
findings contains lib.fails(
	rego.metadata.chain(), ["3.13.12[b]", "3.13.12[c]"], "network.collaborative_devices_controlled",
	{
		"en": "collaborative computing devices are not controlled against remote activation and do not show use",
		"ja": "カメラ・マイク等の共同作業用機器の遠隔起動が禁止されておらず、使用中の表示もない",
	},
) if {
	input.facts.network.collaborative_devices_controlled == false
}

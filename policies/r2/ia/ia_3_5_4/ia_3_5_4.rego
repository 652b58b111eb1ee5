# METADATA
# title: 3.5.4 Replay-resistant authentication
# description: |
#   Network access to privileged and non-privileged accounts must use replay-resistant
#   authentication; the replay resistance fact decides the single objective.
# custom:
#   requirement: "3.5.4"
#   corroboration:
#     "3.5.4[a]": [identity.replay_resistant]
package r2.ia.ia_3_5_4

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.5.4.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.5.4[a]"], "identity.replay_resistant", {
	"en": "network authentication to privileged and non-privileged accounts is not replay-resistant",
	"ja": "特権・一般アカウントへのネットワーク認証にリプレイ耐性のある方式が使われていない",
}) if {
	input.facts.identity.replay_resistant == false
}

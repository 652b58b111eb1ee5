# METADATA
# title: 3.1.20 External connections
# description: |
#   Where the use of external systems is permitted, decides from the external system
#   facts whether connections to and use of them are verified.
# custom:
#   requirement: "3.1.20"
#   corroboration:
#     "3.1.20[c]": [access.external_systems.connections_verified]
#     "3.1.20[d]": [access.external_systems.connections_verified]
package r2.ac.ac_3_1_20

import data.mamori.lib

# METADATA
# description: Facts that show connections to external systems are not verified.
# scope: document
findings contains lib.fails(
	rego.metadata.chain(), ["3.1.20[c]", "3.1.20[d]"],
	"access.external_systems.connections_verified",
	{
		"en": "connections to and use of external systems are not verified",
		"ja": "外部システムへの接続と外部システムの利用が検証されていない",
	},
) if {
	input.facts.access.external_systems.permitted == true
	input.facts.access.external_systems.connections_verified == false
}

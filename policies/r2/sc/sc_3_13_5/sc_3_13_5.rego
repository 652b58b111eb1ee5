# METADATA
# title: 3.13.5 Subnetworks for publicly accessible components
# description: |
#   Publicly accessible system components sit in subnetworks separated from
#   internal networks (a DMZ). The public components fact shows whether they do.
# custom:
#   requirement: "3.13.5"
#   corroboration:
#     "3.13.5[b]": [network.public_components_separated]
package r2.sc.sc_3_13_5

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.13.5.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.13.5[b]"], "network.public_components_separated", {
	"en": "publicly accessible components are not in a subnetwork separated from internal networks",
	"ja": "公開系のシステム構成要素が内部ネットワークから分離されたサブネットワークに配置されていない",
}) if {
	input.facts.network.public_components_separated == false
}

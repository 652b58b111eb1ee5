# METADATA
# title: 3.13.1 Boundary protection
# description: |
#   Communications are monitored, controlled and protected at the external and key
#   internal boundaries. Traffic not monitored at the boundary contradicts 3.13.1[c]. No
#   boundary firewall fails to support 3.13.1[e] and [g] without disproving them: SP
#   800-171 3.13.1's discussion names gateways, routers, guards and encrypted tunnels
#   beside firewalls as boundary components. Those claims are unverified. A host
#   firewall on every in-scope host controls and protects communications at the
#   hosts, key internal boundaries; a host without one does not disprove that the
#   internal boundaries are protected (network segmentation may), so the claim
#   is then unverified.
# custom:
#   requirement: "3.13.1"
#   corroboration:
#     "3.13.1[c]": [integrity.monitoring.inbound_outbound]
#     "3.13.1[e]": [network.boundary_firewall]
#     "3.13.1[f]": [network.host_firewall]
#     "3.13.1[g]": [network.boundary_firewall]
#     "3.13.1[h]": [network.host_firewall]
package r2.sc.sc_3_13_1

import data.mamori.lib

# METADATA
# description: Facts that contradict, or fail to support, the objectives of 3.13.1.
# scope: document
findings contains lib.unsupported(rego.metadata.chain(), ["3.13.1[e]", "3.13.1[g]"], "network.boundary_firewall", {
	"en": "no firewall controls and protects the external boundary, and no other boundary component is shown to",
	"ja": "外部境界で通信を制御・保護するファイアウォールが設置されておらず、それに代わる境界の構成要素を示す必要がある",
}) if {
	input.facts.network.boundary_firewall == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.13.1[c]"], "integrity.monitoring.inbound_outbound", {
	"en": "inbound and outbound communications are not monitored at the external system boundary",
	"ja": "外部境界で送受信される通信が監視されていない",
}) if {
	input.facts.integrity.monitoring.inbound_outbound == false
}

findings contains lib.unsupported(rego.metadata.chain(), ["3.13.1[f]", "3.13.1[h]"], "network.host_firewall", {
	"en": concat("", [
		"no host firewall blocks unsolicited inbound traffic: ",
		"nothing shows how communications are controlled at internal boundaries",
	]),
	"ja": "ホストファイアウォールが受信通信を遮断しておらず、内部境界での通信の制御方法が示されていない",
}) if {
	input.facts.network.host_firewall == false
}

# METADATA
# title: 3.14.6 Monitor systems and traffic for attacks
# description: |
#   Systems, and inbound and outbound traffic, are monitored to detect attacks.
#   Intrusion detection and continuous log monitoring (a Japanese emphasis: logs
#   are watched, not only kept) show the system is monitored; traffic monitoring
#   covers both directions.
# custom:
#   requirement: "3.14.6"
#   corroboration:
#     "3.14.6[a]": [integrity.monitoring.intrusion_detection, audit.continuous_monitoring]
#     "3.14.6[b]": [integrity.monitoring.inbound_outbound]
#     "3.14.6[c]": [integrity.monitoring.inbound_outbound]
package r2.si.si_3_14_6

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.14.6.
# scope: document
findings contains lib.fails(
	rego.metadata.chain(), ["3.14.6[b]", "3.14.6[c]"], "integrity.monitoring.inbound_outbound",
	{
		"en": "inbound and outbound communications traffic is not monitored for attacks",
		"ja": "送受信される通信が攻撃の検知のために監視されていない",
	},
) if {
	input.facts.integrity.monitoring.inbound_outbound == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.14.6[a]"], "integrity.monitoring.intrusion_detection", {
	"en": "no intrusion detection monitors the system for attacks and indicators of attack",
	"ja": "攻撃及びその兆候を検知する侵入検知の仕組みが導入されていない",
}) if {
	input.facts.integrity.monitoring.intrusion_detection == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.14.6[a]"], "audit.continuous_monitoring", {
	"en": "logs are kept but not monitored continuously for attacks",
	"ja": "ログが保存されているのみで、攻撃の検知のために常時監視されていない",
}) if {
	input.facts.audit.continuous_monitoring == false
}

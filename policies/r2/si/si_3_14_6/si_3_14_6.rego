# METADATA
# title: 3.14.6 Monitor systems and traffic for attacks
# description: |
#   Systems, and inbound and outbound traffic, are monitored to detect attacks. Traffic
#   not monitored contradicts 3.14.6[b] and [c]. Intrusion detection and continuous log
#   monitoring (a Japanese emphasis: logs are watched, not only kept) each show the
#   system is monitored (3.14.6[a]); SP 800-171 3.14.6's discussion names both among
#   the "variety of tools and techniques", with malicious code protection, scanning and
#   network monitoring software. So one of them missing leaves the claim unverified
#   unless the other is in place, and neither missing disproves it.
# custom:
#   requirement: "3.14.6"
#   corroboration:
#     "3.14.6[a]": [[integrity.monitoring.intrusion_detection, audit.continuous_monitoring]]
#     "3.14.6[b]": [integrity.monitoring.inbound_outbound]
#     "3.14.6[c]": [integrity.monitoring.inbound_outbound]
package r2.si.si_3_14_6

import data.mamori.lib

# METADATA
# description: Facts that contradict, or fail to support, the objectives of 3.14.6.
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

findings contains lib.unsupported(rego.metadata.chain(), ["3.14.6[a]"], "integrity.monitoring.intrusion_detection", {
	"en": "no intrusion detection monitors the system for attacks: how the system is monitored must be shown",
	"ja": "攻撃及びその兆候を検知する侵入検知の仕組みが導入されておらず、システムの監視方法を示す必要がある",
}) if {
	input.facts.integrity.monitoring.intrusion_detection == false
	not input.facts.audit.continuous_monitoring == true
}

findings contains lib.unsupported(rego.metadata.chain(), ["3.14.6[a]"], "audit.continuous_monitoring", {
	"en": "logs are kept but not monitored continuously for attacks: how the system is monitored must be shown",
	"ja": "ログが保存されているのみで攻撃の検知のために常時監視されておらず、システムの監視方法を示す必要がある",
}) if {
	input.facts.audit.continuous_monitoring == false
	not input.facts.integrity.monitoring.intrusion_detection == true
}

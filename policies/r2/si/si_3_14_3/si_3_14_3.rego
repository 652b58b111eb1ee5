# METADATA
# title: 3.14.3 Security alerts and advisories
# description: |
#   Security alerts and advisories are monitored and acted on. The subscription
#   fact shows whether they are received at all; the actions taken rest on
#   examination and interview.
# custom:
#   requirement: "3.14.3"
#   corroboration:
#     "3.14.3[b]": [integrity.security_alerts_subscribed]
package r2.si.si_3_14_3

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.14.3.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.14.3[b]"], "integrity.security_alerts_subscribed", {
	"en": "security alerts and advisories are not subscribed to, so they are not monitored",
	"ja": "セキュリティ警告・アドバイザリを入手する手段がなく、監視されていない",
}) if {
	input.facts.integrity.security_alerts_subscribed == false
}

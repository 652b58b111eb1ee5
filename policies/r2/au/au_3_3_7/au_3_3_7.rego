# METADATA
# title: 3.3.7 Authoritative time source
# description: |
#   Decides from the audit facts whether internal clocks that stamp audit records are
#   synchronized with an authoritative time source.
# custom:
#   requirement: "3.3.7"
#   corroboration:
#     "3.3.7[b]": [audit.time_sync]
#     "3.3.7[c]": [audit.time_sync]
package r2.au.au_3_3_7

import data.mamori.lib

# METADATA
# description: Facts that show clocks are not synchronized with an authoritative source.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.3.7[c]"], "audit.time_sync", {
	"en": "internal clocks are not synchronized with an authoritative time source",
	"ja": "システム内部時計が信頼できる時刻源と同期されていない",
}) if {
	input.facts.audit.time_sync == false
}

# METADATA
# title: 3.10.3 Escort visitors and monitor visitor activity
# description: |
#   Visitors are escorted and their activity monitored. The visitor escort fact
#   decides the first objective and the visitor log the second.
# custom:
#   requirement: "3.10.3"
#   corroboration:
#     "3.10.3[a]": [facility.visitor_escort]
#     "3.10.3[b]": [facility.visitor_log]
package r2.pe.pe_3_10_3

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.10.3.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.10.3[a]"], "facility.visitor_escort", {
	"en": "visitors are not escorted in the facility",
	"ja": "来訪者が取扱施設内でエスコートされていない",
}) if {
	input.facts.facility.visitor_escort == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.10.3[b]"], "facility.visitor_log", {
	"en": "no visitor log is kept, so visitor activity is not monitored",
	"ja": "来訪者記録が作成されておらず、来訪者の行動が監視されていない",
}) if {
	input.facts.facility.visitor_log == false
}

# METADATA
# title: 3.10.3 Escort visitors and monitor visitor activity
# description: |
#   Visitors are escorted and their activity monitored. The visitor escort fact decides
#   3.10.3[a]. A visitor log is one way to monitor visitor activity ("Audit logs can be
#   used to monitor visitor activity", SP 800-171 3.10.3's discussion), not the only one:
#   without one, 3.10.3[b] is unverified, not contradicted.
# custom:
#   requirement: "3.10.3"
#   corroboration:
#     "3.10.3[a]": [facility.visitor_escort]
#     "3.10.3[b]": [facility.visitor_log]
package r2.pe.pe_3_10_3

import data.mamori.lib

# METADATA
# description: Facts that contradict, or fail to support, the objectives of 3.10.3.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.10.3[a]"], "facility.visitor_escort", {
	"en": "visitors are not escorted in the facility",
	"ja": "来訪者が取扱施設内でエスコートされていない",
}) if {
	input.facts.facility.visitor_escort == false
}

findings contains lib.unsupported(rego.metadata.chain(), ["3.10.3[b]"], "facility.visitor_log", {
	"en": "no visitor log is kept: how visitor activity is monitored must be shown",
	"ja": "来訪者記録が作成されておらず、来訪者の行動の監視方法を示す必要がある",
}) if {
	input.facts.facility.visitor_log == false
}

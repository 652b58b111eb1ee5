# METADATA
# title: 3.10.4 Physical access logs
# description: |
#   Audit logs of physical access are maintained: entry to the facility is logged
#   and the log is kept at least entry_log_retention_min_days.
# custom:
#   requirement: "3.10.4"
#   corroboration:
#     "3.10.4[a]": [facility.entry_log, facility.entry_log_retention_days]
package r2.pe.pe_3_10_4

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.10.4.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.10.4[a]"], "facility.entry_log", {
	"en": "physical access to the facility is not logged",
	"ja": "取扱施設への入退室が記録されていない",
}) if {
	input.facts.facility.entry_log == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.10.4[a]"], "facility.entry_log_retention_days", {
	"en": sprintf("physical access logs are kept %d days, less than the minimum of %d days", [days, limit]),
	"ja": sprintf("入退室記録の保存期間が%d日であり、最低保存期間の%d日に満たない", [days, limit]),
}) if {
	not input.facts.facility.entry_log == false
	days := input.facts.facility.entry_log_retention_days

	# regal ignore:unresolved-reference
	limit := data.mamori.params.entry_log_retention_min_days
	days < limit
}

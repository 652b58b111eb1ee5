# METADATA
# title: 3.11.2 Vulnerability scanning
# description: |
#   Systems and applications are scanned for vulnerabilities periodically. The
#   scan interval must not exceed vulnerability_scan_max_days. Scanning when new
#   vulnerabilities are announced rests on examination and interview.
# custom:
#   requirement: "3.11.2"
#   corroboration:
#     "3.11.2[a]": [risk.vulnerability_scan_interval_days]
#     "3.11.2[b]": [risk.vulnerability_scan_interval_days]
#     "3.11.2[c]": [risk.vulnerability_scan_interval_days]
package r2.ra.ra_3_11_2

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.11.2.
# scope: document
findings contains lib.fails(
	rego.metadata.chain(), ["3.11.2[b]", "3.11.2[c]"], "risk.vulnerability_scan_interval_days",
	{
		"en": sprintf(
			"vulnerability scans run every %d days, less often than the maximum interval of %d days",
			[days, limit],
		),
		"ja": sprintf("脆弱性スキャンの実施間隔が%d日であり、上限の%d日を超えている", [days, limit]),
	},
) if {
	days := input.facts.risk.vulnerability_scan_interval_days

	# regal ignore:unresolved-reference
	limit := data.mamori.params.vulnerability_scan_max_days
	days > limit
}

# METADATA
# title: 3.11.3 Remediate vulnerabilities
# description: |
#   Vulnerabilities are remediated in accordance with risk assessments. The
#   longest time taken to remediate a critical vulnerability must not exceed
#   critical_vulnerability_remediation_max_days.
# custom:
#   requirement: "3.11.3"
#   corroboration:
#     "3.11.3[b]": [risk.critical_vulnerability_remediation_days]
package r2.ra.ra_3_11_3

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.11.3.
# scope: document
findings contains lib.fails(
	rego.metadata.chain(), ["3.11.3[b]"], "risk.critical_vulnerability_remediation_days",
	{
		"en": sprintf(
			"critical vulnerabilities took up to %d days to remediate, more than the maximum of %d days",
			[days, limit],
		),
		"ja": sprintf("重大な脆弱性の修正に最長%d日を要しており、上限の%d日を超えている", [days, limit]),
	},
) if {
	days := input.facts.risk.critical_vulnerability_remediation_days

	# regal ignore:unresolved-reference
	limit := data.mamori.params.critical_vulnerability_remediation_max_days
	days > limit
}

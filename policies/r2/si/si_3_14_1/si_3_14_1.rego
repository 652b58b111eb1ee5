# METADATA
# title: 3.14.1 Flaw remediation
# description: |
#   System flaws are identified, reported and corrected in time. Critical patches
#   must be applied within patch_critical_max_days, and vulnerability scans that
#   identify flaws must run at least every vulnerability_scan_max_days. Updates
#   installed automatically on every in-scope host corroborate correction in
#   time; a host without them does not disprove it (updates may be applied by
#   hand in time), so the claim is then unverified.
# custom:
#   requirement: "3.14.1"
#   corroboration:
#     "3.14.1[b]": [risk.vulnerability_scan_interval_days]
#     "3.14.1[f]": [[integrity.patch_critical_days, integrity.automatic_updates]]
package r2.si.si_3_14_1

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.14.1.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.14.1[f]"], "integrity.patch_critical_days", {
	"en": sprintf(
		"critical security patches took up to %d days to apply, more than the maximum of %d days",
		[days, limit],
	),
	"ja": sprintf("重要なセキュリティパッチの適用に最長%d日を要しており、上限の%d日を超えている", [days, limit]),
}) if {
	days := input.facts.integrity.patch_critical_days

	# regal ignore:unresolved-reference
	limit := data.mamori.params.patch_critical_max_days
	days > limit
}

findings contains lib.fails(rego.metadata.chain(), ["3.14.1[b]"], "risk.vulnerability_scan_interval_days", {
	"en": sprintf("system flaws are looked for only every %d days, less often than the maximum of %d days", [days, limit]),
	"ja": sprintf("脆弱性スキャンによる欠陥の特定が%d日ごとであり、上限の%d日を超えている", [days, limit]),
}) if {
	days := input.facts.risk.vulnerability_scan_interval_days

	# regal ignore:unresolved-reference
	limit := data.mamori.params.vulnerability_scan_max_days
	days > limit
}

findings contains lib.unsupported(rego.metadata.chain(), ["3.14.1[f]"], "integrity.automatic_updates", {
	"en": "security updates are not installed automatically: nothing shows that flaws are corrected in time there",
	"ja": "セキュリティ更新が自動で適用されておらず、欠陥が期限内に修正されることが示されていない",
}) if {
	input.facts.integrity.automatic_updates == false
}

# METADATA
# title: 3.14.5 Periodic and real-time malware scans
# description: |
#   Systems are scanned periodically, at least every malware_scan_max_days, and
#   files from external sources in real time. With no malicious code protection
#   deployed, neither kind of scan is performed.
# custom:
#   requirement: "3.14.5"
#   corroboration:
#     "3.14.5[a]": [integrity.malware.periodic_scan_days]
#     "3.14.5[b]": [integrity.malware.periodic_scan_days]
#     "3.14.5[c]": [integrity.malware.real_time]
package r2.si.si_3_14_5

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.14.5.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.14.5[b]", "3.14.5[c]"], "integrity.malware.deployed", {
	"en": "no malicious code protection is deployed, so no periodic or real-time scans are performed",
	"ja": "マルウェア対策が導入されておらず、定期スキャンもリアルタイムスキャンも行われていない",
}) if {
	input.facts.integrity.malware.deployed == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.14.5[b]"], "integrity.malware.periodic_scan_days", {
	"en": sprintf(
		"periodic malicious code scans run every %d days, less often than the maximum of %d days",
		[days, limit],
	),
	"ja": sprintf("マルウェアの定期スキャンの実施間隔が%d日であり、上限の%d日を超えている", [days, limit]),
}) if {
	not input.facts.integrity.malware.deployed == false
	days := input.facts.integrity.malware.periodic_scan_days

	# regal ignore:unresolved-reference
	limit := data.mamori.params.malware_scan_max_days
	days > limit
}

findings contains lib.fails(rego.metadata.chain(), ["3.14.5[c]"], "integrity.malware.real_time", {
	"en": "files from external sources are not scanned in real time as they are downloaded, opened or executed",
	"ja": "外部から入手したファイルのダウンロード・オープン・実行時にリアルタイムスキャンが行われていない",
}) if {
	not input.facts.integrity.malware.deployed == false
	input.facts.integrity.malware.real_time == false
}

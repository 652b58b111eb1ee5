# METADATA
# title: 3.14.4 Update malicious code protection
# description: |
#   Malicious code protection is updated when new releases are available: at
#   least every malware_update_max_hours. With no protection deployed there is
#   nothing to update and the objective fails.
# custom:
#   requirement: "3.14.4"
#   corroboration:
#     "3.14.4[a]": [integrity.malware.update_interval_hours]
package r2.si.si_3_14_4

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.14.4.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.14.4[a]"], "integrity.malware.deployed", {
	"en": "no malicious code protection is deployed, so none is updated",
	"ja": "マルウェア対策が導入されておらず、更新も行われていない",
}) if {
	input.facts.integrity.malware.deployed == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.14.4[a]"], "integrity.malware.update_interval_hours", {
	"en": sprintf(
		"malicious code protection is updated every %d hours, less often than the maximum of %d hours",
		[hours, limit],
	),
	"ja": sprintf("マルウェア対策の定義ファイル等の更新間隔が%d時間であり、上限の%d時間を超えている", [hours, limit]),
}) if {
	not input.facts.integrity.malware.deployed == false
	hours := input.facts.integrity.malware.update_interval_hours

	# regal ignore:unresolved-reference
	limit := data.mamori.params.malware_update_max_hours
	hours > limit
}

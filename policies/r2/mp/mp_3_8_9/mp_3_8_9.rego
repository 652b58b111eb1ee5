# METADATA
# title: 3.8.9 Protect backups
# description: |
#   Backup CUI must be encrypted at its storage locations and, as the Japanese standard stresses,
#   restore-tested within restore_test_max_age_days. Not checked when backups are not enabled.
# custom:
#   requirement: "3.8.9"
#   corroboration:
#     "3.8.9[a]": [backup.encrypted, backup.last_restore_test]
package r2.mp.mp_3_8_9

import data.mamori.lib

_no_backups if input.facts.backup.enabled == false

# METADATA
# description: Facts that contradict the objectives of 3.8.9.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.8.9[a]"], "backup.encrypted", {
	"en": "backups containing CUI are not encrypted at their storage locations",
	"ja": "CUIを含むバックアップが保管場所で暗号化されていない",
}) if {
	not _no_backups
	input.facts.backup.encrypted == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.8.9[a]"], "backup.last_restore_test", {
	"en": sprintf("the last backup restore test was %d days ago, more than the maximum of %d days", [age, limit]),
	"ja": sprintf("最後のバックアップ復元テストから %d 日が経過しており、上限の %d 日を超えている", [age, limit]),
}) if {
	not _no_backups
	age := lib.age_days(input.facts.backup.last_restore_test)
	limit := data.mamori.params.restore_test_max_age_days
	age > limit
}

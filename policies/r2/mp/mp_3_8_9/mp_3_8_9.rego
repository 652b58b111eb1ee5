# METADATA
# title: 3.8.9 Protect backups
# description: |
#   The confidentiality of backup CUI must be protected at its storage locations. SP
#   800-171 3.8.9's discussion: "Organizations can employ cryptographic mechanisms or
#   alternative physical controls". Unencrypted backups are therefore unverified unless
#   the evidence says whether physical controls protect them (physical_safeguards), and
#   contradicted only when it says none do. A restore test older than
#   restore_test_max_age_days (the Japanese standard stresses recovery) does not bear on
#   confidentiality: it leaves the claim unverified, never contradicted. Not checked when
#   backups are not enabled.
# custom:
#   requirement: "3.8.9"
#   corroboration:
#     "3.8.9[a]": [[backup.encrypted, backup.physical_safeguards], backup.last_restore_test]
package r2.mp.mp_3_8_9

import data.mamori.lib

_no_backups if input.facts.backup.enabled == false

_unencrypted if {
	not _no_backups
	input.facts.backup.encrypted == false
}

# METADATA
# description: Facts that contradict, or fail to support, the objectives of 3.8.9.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.8.9[a]"], "backup.encrypted", {
	"en": "backups containing CUI are neither encrypted nor under alternative physical controls where stored",
	"ja": "CUIを含むバックアップが保管場所で暗号化されておらず、代替の物理的な保護もない",
}) if {
	_unencrypted
	input.facts.backup.physical_safeguards == false
}

findings contains lib.unsupported(rego.metadata.chain(), ["3.8.9[a]"], "backup.encrypted", {
	"en": "backups containing CUI are not encrypted where stored, and no alternative physical control is shown",
	"ja": "CUIを含むバックアップが保管場所で暗号化されていない。3.8.9 は代替の物理的な保護も認めているが、証跡からは確認できない",
}) if {
	_unencrypted
	not input.facts.backup.physical_safeguards == false
	not input.facts.backup.physical_safeguards == true
}

findings contains lib.unsupported(rego.metadata.chain(), ["3.8.9[a]"], "backup.last_restore_test", {
	"en": sprintf("the last backup restore test was %d days ago, more than the maximum of %d days", [age, limit]),
	"ja": sprintf("最後のバックアップ復元テストから %d 日が経過しており、上限の %d 日を超えている", [age, limit]),
}) if {
	not _no_backups
	age := lib.age_days(input.facts.backup.last_restore_test)

	# regal ignore:unresolved-reference
	limit := data.mamori.params.restore_test_max_age_days
	age > limit
}

# METADATA
# title: 3.10.1 Limit physical access
# description: |
#   Physical access to systems, equipment and the handling facility is limited to
#   authorized individuals. Fails when entry is not controlled at all, when no list
#   of authorized individuals is kept, or when screens are not shielded from view.
# custom:
#   requirement: "3.10.1"
#   corroboration:
#     "3.10.1[a]": [facility.authorized_list]
#     "3.10.1[b]": [facility.entry_control]
#     "3.10.1[c]": [facility.entry_control, facility.screens_shielded]
#     "3.10.1[d]": [facility.entry_control]
package r2.pe.pe_3_10_1

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.10.1.
# scope: document
findings contains lib.fails(
	rego.metadata.chain(), ["3.10.1[b]", "3.10.1[c]", "3.10.1[d]"], "facility.entry_control",
	{
		"en": `physical entry to the facility is not controlled (entry control "none")`,
		"ja": "取扱施設への入退室が物理的に制限されていない（入退室管理方式: none）",
	},
) if {
	input.facts.facility.entry_control == "none"
}

findings contains lib.fails(rego.metadata.chain(), ["3.10.1[a]"], "facility.authorized_list", {
	"en": "no list of the individuals authorized for physical access is kept",
	"ja": "物理的アクセスを許可された者の名簿が整備されていない",
}) if {
	input.facts.facility.authorized_list == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.10.1[c]"], "facility.screens_shielded", {
	"en": "screens displaying CUI are not shielded from viewing by unauthorized individuals",
	"ja": "CUIを表示する画面が権限のない者から見えないよう遮蔽されていない",
}) if {
	input.facts.facility.screens_shielded == false
}

# METADATA
# title: 3.10.1 Limit physical access
# description: |
#   Physical access to systems, equipment and the handling facility is limited to
#   authorized individuals. Entry to the facility that is not controlled at all disproves
#   3.10.1[d] (its operating environment), not 3.10.1[b] and [c]: systems and equipment
#   may be in "locked rooms or other secured areas" within it (SP 800-171 3.10.1's
#   discussion). No list of authorized individuals fails to support 3.10.1[a] without
#   disproving it (they can be identified by role or in the access system), and screens
#   visible to others bear on viewing, not on physical access to equipment: both leave
#   the claims unverified.
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
# description: Facts that contradict, or fail to support, the objectives of 3.10.1.
# scope: document
findings contains lib.fails(
	rego.metadata.chain(), ["3.10.1[d]"], "facility.entry_control",
	{
		"en": `physical entry to the facility is not controlled (entry control "none")`,
		"ja": "取扱施設への入退室が物理的に制限されていない（入退室管理方式: none）",
	},
) if {
	input.facts.facility.entry_control == "none"
}

findings contains lib.unsupported(rego.metadata.chain(), ["3.10.1[a]"], "facility.authorized_list", {
	"en": "no list of the individuals authorized for physical access is kept: how they are identified must be shown",
	"ja": "物理的アクセスを許可された者の名簿が整備されておらず、許可された者の特定方法を示す必要がある",
}) if {
	input.facts.facility.authorized_list == false
}

findings contains lib.unsupported(rego.metadata.chain(), ["3.10.1[c]"], "facility.screens_shielded", {
	"en": "screens displaying CUI are not shielded from unauthorized viewing: equipment access is not shown limited",
	"ja": "CUIを表示する画面が権限のない者から見えないよう遮蔽されておらず、機器への物理的アクセスが制限されていることの裏付けにならない",
}) if {
	input.facts.facility.screens_shielded == false
}

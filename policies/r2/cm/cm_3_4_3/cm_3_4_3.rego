# METADATA
# title: 3.4.3 Configuration change control
# description: |
#   Changes must be tracked, reviewed, approved or disapproved and logged; the change control
#   fact decides all four objectives.
# custom:
#   requirement: "3.4.3"
#   corroboration:
#     "3.4.3[a]": [configuration.change_control]
#     "3.4.3[b]": [configuration.change_control]
#     "3.4.3[c]": [configuration.change_control]
#     "3.4.3[d]": [configuration.change_control]
package r2.cm.cm_3_4_3

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.4.3.
# scope: document
findings contains lib.fails(
	rego.metadata.chain(),
	["3.4.3[a]", "3.4.3[b]", "3.4.3[c]", "3.4.3[d]"],
	"configuration.change_control",
	{
		"en": "changes to the system are not tracked, reviewed, approved and logged under change control",
		"ja": "システムの変更が変更管理（追跡・レビュー・承認・記録）の対象になっていない",
	},
) if {
	input.facts.configuration.change_control == false
}

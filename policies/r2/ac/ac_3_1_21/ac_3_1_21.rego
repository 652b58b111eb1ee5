# METADATA
# title: 3.1.21 Portable storage use on external systems
# description: |
#   Decides from the access facts whether the use of portable storage devices
#   containing CUI on external systems is limited (3.1.21[c]). Use that is not restricted
#   does not show that no limits are defined (3.1.21[b]), only that none are kept to.
# custom:
#   requirement: "3.1.21"
#   corroboration:
#     "3.1.21[b]": [access.external_portable_storage_restricted]
#     "3.1.21[c]": [access.external_portable_storage_restricted]
package r2.ac.ac_3_1_21

import data.mamori.lib

# METADATA
# description: Facts that show portable storage use on external systems is not limited.
# scope: document
findings contains lib.fails(
	rego.metadata.chain(), ["3.1.21[c]"],
	"access.external_portable_storage_restricted",
	{
		"en": "the use of portable storage devices with CUI on external systems is not restricted",
		"ja": "CUIを含む可搬記憶媒体の外部システムでの使用が制限されていない",
	},
) if {
	input.facts.access.external_portable_storage_restricted == false
}

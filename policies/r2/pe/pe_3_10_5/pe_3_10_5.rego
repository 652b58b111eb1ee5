# METADATA
# title: 3.10.5 Manage physical access devices
# description: |
#   Physical access devices (keys, badges, combinations) are identified,
#   controlled and managed. The key custody fact shows whether they are.
# custom:
#   requirement: "3.10.5"
#   corroboration:
#     "3.10.5[a]": [facility.key_custody]
#     "3.10.5[b]": [facility.key_custody]
#     "3.10.5[c]": [facility.key_custody]
package r2.pe.pe_3_10_5

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.10.5.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.10.5[b]", "3.10.5[c]"], "facility.key_custody", {
	"en": "physical access devices such as keys and badges are not kept under custody control",
	"ja": "鍵・入館証等の物理的アクセス機器が保管管理されていない",
}) if {
	input.facts.facility.key_custody == false
}

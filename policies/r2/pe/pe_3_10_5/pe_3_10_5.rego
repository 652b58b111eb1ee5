# METADATA
# title: 3.10.5 Manage physical access devices
# description: |
#   Physical access devices (keys, badges, combinations) are identified,
#   controlled and managed. The key custody fact shows whether they are.
# custom:
#   requirement: "3.10.5"
package r2.pe.pe_3_10_5

import data.mamori.lib

_facility := object.get(input, ["facts", "facility"], {})

# METADATA
# description: Facts that contradict the objectives of 3.10.5 or leave them uncorroborated.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.10.5[b]", "3.10.5[c]"], "facility.key_custody", {
	"en": "physical access devices such as keys and badges are not kept under custody control",
	"ja": "鍵・入館証等の物理的アクセス機器が保管管理されていない",
}) if {
	_facility.key_custody == false
}

findings contains lib.unverified(
	rego.metadata.chain(), ["3.10.5[a]", "3.10.5[b]", "3.10.5[c]"],
	"facility.key_custody",
) if {
	not "key_custody" in object.keys(_facility)
}

# METADATA
# title: 3.10.5 Manage physical access devices
# description: |
#   Physical access devices (keys, badges, combinations) are identified, controlled and
#   managed. The key custody fact says whether a named custodian controls them (a detail
#   reported of the Japanese standard); without one, the devices may still be controlled
#   and managed otherwise, so 3.10.5[b] and [c] are unverified, not contradicted.
# custom:
#   requirement: "3.10.5"
#   corroboration:
#     "3.10.5[a]": [facility.key_custody]
#     "3.10.5[b]": [facility.key_custody]
#     "3.10.5[c]": [facility.key_custody]
package r2.pe.pe_3_10_5

import data.mamori.lib

# METADATA
# description: Facts that fail to support the objectives of 3.10.5.
# scope: document
findings contains lib.unsupported(rego.metadata.chain(), ["3.10.5[b]", "3.10.5[c]"], "facility.key_custody", {
	"en": "no named custodian controls keys, badges and other physical access devices: their control is not shown",
	"ja": "鍵・入館証等の物理的アクセス機器を管理する管理者が定められておらず、その管理方法を示す必要がある",
}) if {
	input.facts.facility.key_custody == false
}

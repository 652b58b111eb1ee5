# METADATA
# title: 3.7.3 Equipment sanitization
# description: |
#   Equipment removed for off-site maintenance must be sanitized of CUI; the fact decides the
#   single objective.
# custom:
#   requirement: "3.7.3"
#   corroboration:
#     "3.7.3[a]": [maintenance.offsite_equipment_sanitized]
package r2.ma.ma_3_7_3

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.7.3.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.7.3[a]"], "maintenance.offsite_equipment_sanitized", {
	"en": "equipment removed for off-site maintenance is not sanitized of CUI",
	"ja": "外部での保守のために持ち出す機器からCUIが消去されていない",
}) if {
	input.facts.maintenance.offsite_equipment_sanitized == false
}

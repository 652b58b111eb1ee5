# METADATA
# title: 3.7.6 Maintenance personnel
# description: |
#   Maintenance personnel without the required access authorization must be supervised; the
#   fact decides the single objective.
# custom:
#   requirement: "3.7.6"
#   corroboration:
#     "3.7.6[a]": [maintenance.personnel_supervised]
package r2.ma.ma_3_7_6

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.7.6.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.7.6[a]"], "maintenance.personnel_supervised", {
	"en": "maintenance personnel without the required access authorization are not supervised",
	"ja": "必要なアクセス権限を持たない保守要員が保守作業中に監督されていない",
}) if {
	input.facts.maintenance.personnel_supervised == false
}

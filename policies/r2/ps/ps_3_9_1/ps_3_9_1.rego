# METADATA
# title: 3.9.1 Personnel screening
# description: |
#   Individuals are screened before they are given access to systems holding
#   CUI. The personnel screening fact decides the single objective.
# custom:
#   requirement: "3.9.1"
#   corroboration:
#     "3.9.1[a]": [personnel.screening]
package r2.ps.ps_3_9_1

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.9.1.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.9.1[a]"], "personnel.screening", {
	"en": "individuals are not screened before access to systems containing CUI is authorized",
	"ja": "CUIを含むシステムへのアクセスを認可する前に人員の審査が行われていない",
}) if {
	input.facts.personnel.screening == false
}

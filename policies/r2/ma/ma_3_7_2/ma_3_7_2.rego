# METADATA
# title: 3.7.2 Maintenance controls
# description: |
#   Maintenance tools (3.7.2[a]) and personnel (3.7.2[d]) must be controlled. Controls on
#   techniques and mechanisms rest on examination.
# custom:
#   requirement: "3.7.2"
#   corroboration:
#     "3.7.2[a]": [maintenance.tools_controlled]
#     "3.7.2[d]": [maintenance.personnel_supervised]
package r2.ma.ma_3_7_2

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.7.2.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.7.2[a]"], "maintenance.tools_controlled", {
	"en": "tools used to conduct system maintenance are not controlled",
	"ja": "システム保守に使用するツールが管理されていない",
}) if {
	input.facts.maintenance.tools_controlled == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.7.2[d]"], "maintenance.personnel_supervised", {
	"en": "maintenance personnel without the required access authorization are not supervised",
	"ja": "必要なアクセス権限を持たない保守要員が監督されていない",
}) if {
	input.facts.maintenance.personnel_supervised == false
}

# METADATA
# title: 3.4.5 Access restrictions for change
# description: |
#   Physical and logical access restrictions on changes must be enforced; the fact decides
#   enforcement (3.4.5[d], [h]). Definition, documentation and approval rest on examination.
# custom:
#   requirement: "3.4.5"
#   corroboration:
#     "3.4.5[d]": [configuration.change_access_restricted]
#     "3.4.5[h]": [configuration.change_access_restricted]
package r2.cm.cm_3_4_5

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.4.5.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.4.5[d]", "3.4.5[h]"], "configuration.change_access_restricted", {
	"en": "physical and logical access for making changes to the system is not restricted",
	"ja": "システム変更に関わる物理的・論理的アクセスが制限されていない",
}) if {
	input.facts.configuration.change_access_restricted == false
}

# METADATA
# title: 3.1.5 Least privilege
# description: |
#   Decides from the least-privilege fact whether access to privileged accounts and
#   security functions is authorized on the principle of least privilege.
# custom:
#   requirement: "3.1.5"
#   corroboration:
#     "3.1.5[b]": [access.least_privilege]
#     "3.1.5[d]": [access.least_privilege]
package r2.ac.ac_3_1_5

import data.mamori.lib

# METADATA
# description: Facts that show least privilege is not employed.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.1.5[b]", "3.1.5[d]"], "access.least_privilege", {
	"en": "the principle of least privilege is not employed for privileged accounts and security functions",
	"ja": "特権アカウントとセキュリティ機能へのアクセスに最小権限の原則が適用されていない",
}) if {
	input.facts.access.least_privilege == false
}

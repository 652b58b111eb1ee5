# METADATA
# title: 3.1.2 Limit system access to permitted transactions and functions
# description: |
#   Reads the least-privilege fact. Access granted beyond need fails to support the claim
#   that access is limited to the transactions and functions users are permitted, but does
#   not disprove it: access can be held to what is permitted even where more is permitted
#   than needed, which is 3.1.5's concern (least privilege). The claim stays unverified.
# custom:
#   requirement: "3.1.2"
#   corroboration:
#     "3.1.2[b]": [access.least_privilege]
package r2.ac.ac_3_1_2

import data.mamori.lib

# METADATA
# description: Facts that fail to support that access is limited to the permitted transactions and functions.
# scope: document
findings contains lib.unsupported(rego.metadata.chain(), ["3.1.2[b]"], "access.least_privilege", {
	"en": "access is not granted on least privilege: it is not shown limited to the functions users are permitted",
	"ja": "最小権限でアクセスが付与されておらず、利用者に許可された処理・機能に限定されていることの裏付けにならない",
}) if {
	input.facts.access.least_privilege == false
}

# METADATA
# title: 3.1.2 Limit system access to permitted transactions and functions
# description: |
#   Decides from the least-privilege fact whether users are held to the transactions
#   and functions they are permitted: access granted beyond need is not so limited.
# custom:
#   requirement: "3.1.2"
#   corroboration:
#     "3.1.2[b]": [access.least_privilege]
package r2.ac.ac_3_1_2

import data.mamori.lib

# METADATA
# description: Facts that show access is not limited to the permitted transactions and functions.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.1.2[b]"], "access.least_privilege", {
	"en": "access is not granted on least privilege, so it is not limited to the functions users are permitted",
	"ja": "最小権限でアクセスが付与されておらず、利用者に許可された処理・機能に限定されていない",
}) if {
	input.facts.access.least_privilege == false
}

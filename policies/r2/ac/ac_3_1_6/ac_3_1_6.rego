# METADATA
# title: 3.1.6 Non-privileged accounts for nonsecurity functions
# description: |
#   Decides from the separate-admin-accounts fact whether privileged users work in
#   non-privileged accounts when they use nonsecurity functions.
# custom:
#   requirement: "3.1.6"
#   corroboration:
#     "3.1.6[b]": [access.separate_admin_accounts]
package r2.ac.ac_3_1_6

import data.mamori.lib

# METADATA
# description: Facts that show privileged accounts are used for nonsecurity functions.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.1.6[b]"], "access.separate_admin_accounts", {
	"en": "administrators have no separate non-privileged accounts for nonsecurity functions",
	"ja": "管理者がセキュリティ以外の機能を利用するための特権のない別アカウントを持っていない",
}) if {
	input.facts.access.separate_admin_accounts == false
}

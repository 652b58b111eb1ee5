# METADATA
# title: 3.13.3 Separate user and system management functionality
# description: |
#   User functionality is separated from system management functionality. Where
#   administrators do not use separate administrative accounts, the two are not
#   separated.
# custom:
#   requirement: "3.13.3"
#   corroboration:
#     "3.13.3[c]": [access.separate_admin_accounts]
package r2.sc.sc_3_13_3

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.13.3.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.13.3[c]"], "access.separate_admin_accounts", {
	"en": "administrators manage systems from their ordinary user accounts, so management is not separated",
	"ja": "管理者が一般利用者アカウントでシステム管理を行っており、管理機能が利用者機能から分離されていない",
}) if {
	input.facts.access.separate_admin_accounts == false
}

# METADATA
# title: 3.13.3 Separate user and system management functionality
# description: |
#   User functionality is separated from system management functionality. Separate
#   administrative accounts are not how SP 800-171 3.13.3's discussion describes the
#   separation ("different computers, different central processing units, different
#   instances of operating systems, or different network addresses; virtualization
#   techniques"), so administrators without them leave 3.13.3[c] unverified, not
#   contradicted.
# custom:
#   requirement: "3.13.3"
#   corroboration:
#     "3.13.3[c]": [access.separate_admin_accounts]
package r2.sc.sc_3_13_3

import data.mamori.lib

# METADATA
# description: Facts that fail to support the objectives of 3.13.3.
# scope: document
findings contains lib.unsupported(rego.metadata.chain(), ["3.13.3[c]"], "access.separate_admin_accounts", {
	"en": "administrators manage systems from ordinary user accounts: separation of management is not shown",
	"ja": "管理者が一般利用者アカウントでシステム管理を行っており、管理機能と利用者機能の分離方法を示す必要がある",
}) if {
	input.facts.access.separate_admin_accounts == false
}

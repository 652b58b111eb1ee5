# METADATA
# title: 3.1.6 Non-privileged accounts for nonsecurity functions
# description: |
#   Decides from the admin account facts whether privileged users use non-privileged
#   accounts or roles for nonsecurity functions. SP 800-171 3.1.6 allows either ("Use
#   non-privileged accounts or roles"): without separate admin accounts the claim is
#   unverified unless the evidence says whether a non-privileged role is used instead
#   (privileged_role_elevation), and contradicted only when it says neither is.
# custom:
#   requirement: "3.1.6"
#   corroboration:
#     "3.1.6[b]": [[access.separate_admin_accounts, access.privileged_role_elevation]]
package r2.ac.ac_3_1_6

import data.mamori.lib

_shared_admin_accounts if input.facts.access.separate_admin_accounts == false

# METADATA
# description: Facts that show, or fail to show, non-privileged accounts or roles for nonsecurity functions.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.1.6[b]"], "access.separate_admin_accounts", {
	"en": "administrators use neither separate non-privileged accounts nor a non-privileged role",
	"ja": "管理者がセキュリティ以外の機能を利用するための特権のない別アカウントも非特権ロールも持っていない",
}) if {
	_shared_admin_accounts
	input.facts.access.privileged_role_elevation == false
}

findings contains lib.unsupported(rego.metadata.chain(), ["3.1.6[b]"], "access.separate_admin_accounts", {
	"en": "administrators have no separate non-privileged accounts, and no non-privileged role is shown",
	"ja": "管理者に特権のない別アカウントがない。3.1.6 は非特権ロールの使用も認めているが、証跡からは確認できない",
}) if {
	_shared_admin_accounts
	not input.facts.access.privileged_role_elevation == false
	not input.facts.access.privileged_role_elevation == true
}

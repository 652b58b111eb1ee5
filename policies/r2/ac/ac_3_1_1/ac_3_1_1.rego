# METADATA
# title: 3.1.1 Limit system access to authorized users, processes and devices
# description: |
#   Decides from the account review interval whether the list of authorized users
#   is kept current: accounts reviewed less often than account_review_max_days let
#   access outlive its authorization.
# custom:
#   requirement: "3.1.1"
#   corroboration:
#     "3.1.1[a]": [access.account_review_days]
#     "3.1.1[d]": [access.account_review_days]
package r2.ac.ac_3_1_1

import data.mamori.lib

# regal ignore:unresolved-reference
_max := data.mamori.params.account_review_max_days

_days := input.facts.access.account_review_days

# METADATA
# description: Facts that show access is not kept limited to authorized users.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.1.1[a]", "3.1.1[d]"], "access.account_review_days", {
	"en": sprintf("accounts are reviewed every %d days, longer than the maximum of %d", [_days, _max]),
	"ja": sprintf("アカウントの見直し間隔 %d 日は上限の %d 日を超えている", [_days, _max]),
}) if {
	_days > _max
}

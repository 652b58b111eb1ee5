# METADATA
# title: 3.1.1 Limit system access to authorized users, processes and devices
# description: |
#   Reads the account review interval. Accounts reviewed less often than
#   account_review_max_days may let access outlive its authorization, but that does not
#   show an unauthorized user has access: no objective of 3.1.1 sets a review frequency
#   (SP 800-171A 3.1.1[a]-[f]), so a long interval leaves the claims unverified rather
#   than contradicting them.
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
# description: Facts that fail to support that access is kept limited to authorized users.
# scope: document
findings contains lib.unsupported(rego.metadata.chain(), ["3.1.1[a]", "3.1.1[d]"], "access.account_review_days", {
	"en": sprintf(
		"accounts are reviewed every %d days, longer than the maximum of %d: not shown still limited to authorized users",
		[_days, _max],
	),
	"ja": sprintf(
		"アカウントの見直し間隔 %d 日は上限の %d 日を超えており、アクセスが許可されたユーザーに限定されていることの裏付けにならない",
		[_days, _max],
	),
}) if {
	_days > _max
}

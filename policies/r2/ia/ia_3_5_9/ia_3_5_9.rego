# METADATA
# title: 3.5.9 Temporary passwords
# description: |
#   A temporary password must be changed to a permanent one at first logon; the fact decides
#   the single objective.
# custom:
#   requirement: "3.5.9"
#   corroboration:
#     "3.5.9[a]": [identity.password.temporary_change_required]
package r2.ia.ia_3_5_9

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.5.9.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.5.9[a]"], "identity.password.temporary_change_required", {
	"en": "an immediate change from a temporary password to a permanent password is not required",
	"ja": "一時パスワードでのログオン時に恒久パスワードへの即時変更が要求されていない",
}) if {
	input.facts.identity.password.temporary_change_required == false
}

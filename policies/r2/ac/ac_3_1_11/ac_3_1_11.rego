# METADATA
# title: 3.1.11 Session termination
# description: |
#   Decides from the session termination time whether user sessions end automatically
#   within session_termination_max_minutes of inactivity (0 means they never end). Either
#   disproves 3.1.11[b] (termination after the defined conditions) but not 3.1.11[a]:
#   SP 800-171 3.1.11's discussion names other conditions too (incident responses,
#   time-of-day restrictions), so conditions may well be defined.
# custom:
#   requirement: "3.1.11"
#   corroboration:
#     "3.1.11[a]": [access.session_termination_minutes]
#     "3.1.11[b]": [access.session_termination_minutes]
package r2.ac.ac_3_1_11

import data.mamori.lib

# regal ignore:unresolved-reference
_max := data.mamori.params.session_termination_max_minutes

_minutes := input.facts.access.session_termination_minutes

# METADATA
# description: Facts that show user sessions are not terminated within the maximum idle time.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.1.11[b]"], "access.session_termination_minutes", {
	"en": sprintf("user sessions are terminated after %d idle minutes, longer than the maximum of %d", [_minutes, _max]),
	"ja": sprintf("ユーザセッションの自動終了までの無操作時間 %d 分は上限の %d 分を超えている", [_minutes, _max]),
}) if {
	_minutes > _max
}

findings contains lib.fails(rego.metadata.chain(), ["3.1.11[b]"], "access.session_termination_minutes", {
	"en": "user sessions are never terminated automatically (idle time 0)",
	"ja": "ユーザセッションの自動終了が設定されていない（無操作時間 0）",
}) if {
	_minutes == 0
}

# METADATA
# title: 3.1.10 Session lock with pattern-hiding displays
# description: |
#   Decides from the session lock settings whether the screen locks within
#   session_lock_max_minutes of inactivity (0 means it never locks) and whether the
#   lock hides what was on the screen. A lock after more than the maximum disproves
#   3.1.10[b] (a lock after the defined period) but not 3.1.10[a]: a period is defined.
# custom:
#   requirement: "3.1.10"
#   corroboration:
#     "3.1.10[a]": [access.session_lock.idle_minutes]
#     "3.1.10[b]": [access.session_lock.idle_minutes]
#     "3.1.10[c]": [access.session_lock.pattern_hiding]
package r2.ac.ac_3_1_10

import data.mamori.lib

# regal ignore:unresolved-reference
_max := data.mamori.params.session_lock_max_minutes

# METADATA
# description: Facts that show the session lock is missing, too slow or leaves data visible.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.1.10[b]"], "access.session_lock.idle_minutes", {
	"en": sprintf(
		"session lock after %d idle minutes exceeds the maximum of %d",
		[input.facts.access.session_lock.idle_minutes, _max],
	),
	"ja": sprintf("セッションロックまでの無操作時間 %d 分は上限の %d 分を超えている", [input.facts.access.session_lock.idle_minutes, _max]),
}) if {
	input.facts.access.session_lock.idle_minutes > _max
}

findings contains lib.fails(rego.metadata.chain(), ["3.1.10[a]", "3.1.10[b]"], "access.session_lock.idle_minutes", {
	"en": "sessions are never locked after inactivity (idle time 0)",
	"ja": "無操作時のセッションロックが設定されていない（無操作時間 0）",
}) if {
	input.facts.access.session_lock.idle_minutes == 0
}

findings contains lib.fails(rego.metadata.chain(), ["3.1.10[c]"], "access.session_lock.pattern_hiding", {
	"en": "the session lock does not conceal the screen with a pattern-hiding display",
	"ja": "セッションロック時にパターン表示で画面の内容が隠されない",
}) if {
	input.facts.access.session_lock.pattern_hiding == false
}

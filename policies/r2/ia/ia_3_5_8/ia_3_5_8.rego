# METADATA
# title: 3.5.8 Password reuse
# description: |
#   Password reuse must be prohibited for at least password_history_min generations; a shorter
#   history fails 3.5.8[b].
# custom:
#   requirement: "3.5.8"
#   corroboration:
#     "3.5.8[b]": [identity.password.history]
package r2.ia.ia_3_5_8

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.5.8.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.5.8[b]"], "identity.password.history", {
	"en": sprintf(
		"password reuse is prohibited for only %d generations, fewer than the minimum of %d",
		[generations, limit],
	),
	"ja": sprintf("パスワードの再利用禁止世代数 %d が最低 %d 世代に満たない", [generations, limit]),
}) if {
	generations := input.facts.identity.password.history
	limit := data.mamori.params.password_history_min
	generations < limit
}

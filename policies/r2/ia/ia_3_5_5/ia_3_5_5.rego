# METADATA
# title: 3.5.5 Identifier reuse
# description: |
#   Identifiers must not be reused for at least identifier_reuse_min_days; a shorter reuse
#   prevention period shows reuse is not prevented for the defined period (3.5.5[b]).
# custom:
#   requirement: "3.5.5"
#   corroboration:
#     "3.5.5[b]": [identity.identifier_reuse_prevention_days]
package r2.ia.ia_3_5_5

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.5.5.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.5.5[b]"], "identity.identifier_reuse_prevention_days", {
	"en": sprintf("identifiers can be reused after %d days, sooner than the minimum of %d days", [days, limit]),
	"ja": sprintf("識別子が %d 日で再利用可能になり、最低 %d 日の再利用禁止期間を満たしていない", [days, limit]),
}) if {
	days := input.facts.identity.identifier_reuse_prevention_days
	limit := data.mamori.params.identifier_reuse_min_days
	days < limit
}

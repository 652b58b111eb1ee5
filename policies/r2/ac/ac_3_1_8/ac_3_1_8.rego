# METADATA
# title: 3.1.8 Limit unsuccessful logon attempts
# description: |
#   Decides from the account lockout settings whether failed logons are limited:
#   no lockout, or a lockout threshold above lockout_max_attempts, means the
#   means of limiting logon attempts is neither adequately defined nor implemented.
# custom:
#   requirement: "3.1.8"
#   corroboration:
#     "3.1.8[a]": [access.lockout.threshold]
#     "3.1.8[b]": [access.lockout.threshold]
package r2.ac.ac_3_1_8

import data.mamori.lib

# regal ignore:unresolved-reference
_max := data.mamori.params.lockout_max_attempts

# METADATA
# description: Facts that show logon attempts are not limited as the parameters require.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.1.8[a]", "3.1.8[b]"], "access.lockout.threshold", {
	"en": sprintf(
		"account lockout after %d failed attempts exceeds the maximum of %d",
		[input.facts.access.lockout.threshold, _max],
	),
	"ja": sprintf("アカウントロックアウトまでの失敗回数 %d 回は上限の %d 回を超えている", [input.facts.access.lockout.threshold, _max]),
}) if {
	input.facts.access.lockout.threshold > _max
}

# A lockout reported without a threshold, or with 0, means there is no lockout.
findings contains lib.fails(rego.metadata.chain(), ["3.1.8[a]", "3.1.8[b]"], "access.lockout.threshold", {
	"en": "no account lockout after consecutive failed logon attempts",
	"ja": "連続したログオン失敗に対するアカウントロックアウトが設定されていない",
}) if {
	is_object(input.facts.access.lockout)
	object.get(input.facts.access.lockout, "threshold", 0) == 0
}

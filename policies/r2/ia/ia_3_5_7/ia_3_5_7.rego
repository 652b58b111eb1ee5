# METADATA
# title: 3.5.7 Password complexity
# description: |
#   Passwords must be at least password_min_length characters with complexity enforced when
#   they are created (3.5.7[c]). No fact shows the change-of-characters rule (3.5.7[d]).
# custom:
#   requirement: "3.5.7"
#   corroboration:
#     "3.5.7[c]": [identity.password.min_length, identity.password.complexity]
package r2.ia.ia_3_5_7

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.5.7.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.5.7[c]"], "identity.password.min_length", {
	"en": sprintf("passwords may be as short as %d characters, below the minimum of %d", [length, limit]),
	"ja": sprintf("パスワードの最小文字数 %d が基準の %d 文字に満たない", [length, limit]),
}) if {
	length := input.facts.identity.password.min_length
	limit := data.mamori.params.password_min_length
	length < limit
}

findings contains lib.fails(rego.metadata.chain(), ["3.5.7[c]"], "identity.password.complexity", {
	"en": "password complexity is not enforced when new passwords are created",
	"ja": "新しいパスワードの作成時に複雑さ（文字種の組合せ）が強制されていない",
}) if {
	input.facts.identity.password.complexity == false
}

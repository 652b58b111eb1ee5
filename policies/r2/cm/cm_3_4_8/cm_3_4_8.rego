# METADATA
# title: 3.4.8 Application execution policy
# description: |
#   Software execution must follow a deny-by-exception (denylist) or permit-by-exception
#   (allowlist) policy; any other software execution policy, such as none, fails all three objectives.
# custom:
#   requirement: "3.4.8"
#   corroboration:
#     "3.4.8[a]": [configuration.software_execution_policy]
#     "3.4.8[b]": [configuration.software_execution_policy]
#     "3.4.8[c]": [configuration.software_execution_policy]
package r2.cm.cm_3_4_8

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.4.8.
# scope: document
findings contains lib.fails(
	rego.metadata.chain(),
	["3.4.8[a]", "3.4.8[b]", "3.4.8[c]"],
	"configuration.software_execution_policy",
	{
		"en": sprintf("the software execution policy is %s, neither an allowlist nor a denylist", [policy]),
		"ja": sprintf("ソフトウェア実行ポリシーが %s であり、許可リスト方式・拒否リスト方式のいずれも適用されていない", [policy]),
	},
) if {
	policy := input.facts.configuration.software_execution_policy
	not policy in {"allowlist", "denylist"}
}

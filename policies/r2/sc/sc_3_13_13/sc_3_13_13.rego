# METADATA
# title: 3.13.13 Mobile code
# description: |
#   The use of mobile code (scripts, macros, applets) is controlled and monitored.
#   The mobile code fact shows whether it is controlled; monitoring rests on
#   examination and interview.
# custom:
#   requirement: "3.13.13"
#   corroboration:
#     "3.13.13[a]": [network.mobile_code_controlled]
package r2.sc.sc_3_13_13

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.13.13.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.13.13[a]"], "network.mobile_code_controlled", {
	"en": "the use of mobile code such as scripts and macros is not controlled",
	"ja": "スクリプト・マクロ等のモバイルコードの使用が制御されていない",
}) if {
	input.facts.network.mobile_code_controlled == false
}

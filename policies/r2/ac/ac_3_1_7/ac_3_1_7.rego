# METADATA
# title: 3.1.7 Privileged functions
# description: |
#   Decides from the privileged-functions-logged fact whether the execution of
#   privileged functions is captured in audit logs.
# custom:
#   requirement: "3.1.7"
#   corroboration:
#     "3.1.7[d]": [access.privileged_functions_logged]
package r2.ac.ac_3_1_7

import data.mamori.lib

# METADATA
# description: Facts that show privileged functions are not captured in audit logs.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.1.7[d]"], "access.privileged_functions_logged", {
	"en": "the execution of privileged functions is not captured in audit logs",
	"ja": "特権機能の実行が監査ログに記録されていない",
}) if {
	input.facts.access.privileged_functions_logged == false
}

# METADATA
# title: 3.1.15 Privileged remote access
# description: |
#   Where remote access is permitted, decides from the remote access facts whether
#   the remote execution of privileged commands is authorized.
# custom:
#   requirement: "3.1.15"
#   corroboration:
#     "3.1.15[a]": [access.remote_access.privileged_commands_authorized]
#     "3.1.15[c]": [access.remote_access.privileged_commands_authorized]
package r2.ac.ac_3_1_15

import data.mamori.lib

# METADATA
# description: Facts that show privileged commands run remotely without authorization.
# scope: document
findings contains lib.fails(
	rego.metadata.chain(), ["3.1.15[c]"],
	"access.remote_access.privileged_commands_authorized",
	{
		"en": "the remote execution of privileged commands is not authorized",
		"ja": "リモートからの特権コマンドの実行が承認されていない",
	},
) if {
	input.facts.access.remote_access.permitted == true
	input.facts.access.remote_access.privileged_commands_authorized == false
}

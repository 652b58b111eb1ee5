# METADATA
# title: 3.1.9 Privacy and security notices
# description: |
#   Decides from the logon banner fact whether a system use notification with the
#   privacy and security notices is displayed.
# custom:
#   requirement: "3.1.9"
#   corroboration:
#     "3.1.9[b]": [access.logon_banner]
package r2.ac.ac_3_1_9

import data.mamori.lib

# METADATA
# description: Facts that show no privacy and security notice is displayed.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.1.9[b]"], "access.logon_banner", {
	"en": "no system use notification is displayed at logon",
	"ja": "ログオン時にシステム利用通知が表示されていない",
}) if {
	input.facts.access.logon_banner == false
}

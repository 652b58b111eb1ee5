# METADATA
# title: 3.1.9 Privacy and security notices
# description: |
#   Decides from the notice facts whether the privacy and security notices are displayed.
#   SP 800-171 3.1.9's discussion allows "posters or other printed materials ... in lieu
#   of an automated system banner": without a logon banner the claim is unverified unless
#   the evidence says whether printed notices are posted (printed_notices), and
#   contradicted only when it says neither is.
# custom:
#   requirement: "3.1.9"
#   corroboration:
#     "3.1.9[b]": [[access.logon_banner, access.printed_notices]]
package r2.ac.ac_3_1_9

import data.mamori.lib

_no_banner if input.facts.access.logon_banner == false

# METADATA
# description: Facts that show, or fail to show, that privacy and security notices are displayed.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.1.9[b]"], "access.logon_banner", {
	"en": "no system use notification is displayed at logon and no printed notice is posted",
	"ja": "ログオン時にシステム利用通知が表示されず、掲示による通知もない",
}) if {
	_no_banner
	input.facts.access.printed_notices == false
}

findings contains lib.unsupported(rego.metadata.chain(), ["3.1.9[b]"], "access.logon_banner", {
	"en": "no system use notification is displayed at logon, and no printed notice is shown",
	"ja": "ログオン時にシステム利用通知が表示されない。3.1.9 は掲示による通知も認めているが、証跡からは確認できない",
}) if {
	_no_banner
	not input.facts.access.printed_notices == false
	not input.facts.access.printed_notices == true
}

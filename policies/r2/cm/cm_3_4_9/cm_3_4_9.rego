# METADATA
# title: 3.4.9 User-installed software
# description: |
#   Installation of software by users must be controlled; the fact that user installation is
#   restricted decides 3.4.9[b]. The policy and its monitoring rest on examination.
# custom:
#   requirement: "3.4.9"
#   corroboration:
#     "3.4.9[b]": [configuration.user_installation_restricted]
package r2.cm.cm_3_4_9

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.4.9.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.4.9[b]"], "configuration.user_installation_restricted", {
	"en": "installation of software by users is not restricted",
	"ja": "利用者によるソフトウェアのインストールが制限されていない",
}) if {
	input.facts.configuration.user_installation_restricted == false
}

# METADATA
# title: 3.4.9 User-installed software
# description: |
#   Installation of software by users must be controlled based on the established policy.
#   That users can install software without approval fails to support 3.4.9[b] without
#   disproving it: SP 800-171 3.4.9's discussion lets the policy permit installations
#   (updates, software from organization-approved "app stores") and be enforced by
#   procedural methods. The claim is unverified. The policy and its monitoring rest on
#   examination.
# custom:
#   requirement: "3.4.9"
#   corroboration:
#     "3.4.9[b]": [configuration.user_installation_restricted]
package r2.cm.cm_3_4_9

import data.mamori.lib

# METADATA
# description: Facts that fail to support the objectives of 3.4.9.
# scope: document
findings contains lib.unsupported(rego.metadata.chain(), ["3.4.9[b]"], "configuration.user_installation_restricted", {
	"en": "users can install software without approval: installation is not shown controlled by the policy",
	"ja": "利用者が承認なしにソフトウェアをインストールでき、確立された方針に基づいてインストールが管理されていることの裏付けにならない",
}) if {
	input.facts.configuration.user_installation_restricted == false
}

# METADATA
# title: 3.5.2 Authentication
# description: |
#   Each user and device must be authenticated before access: shared identifiers defeat
#   authentication of each user (3.5.2[a]); the device authentication fact decides 3.5.2[c].
# custom:
#   requirement: "3.5.2"
#   corroboration:
#     "3.5.2[a]": [identity.unique_user_ids]
#     "3.5.2[c]": [identity.device_authentication]
package r2.ia.ia_3_5_2

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.5.2.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.5.2[a]"], "identity.unique_user_ids", {
	"en": "users share identifiers, so the identity of each user is not authenticated before access",
	"ja": "識別子が共有されており、アクセス前に個々の利用者の識別情報が認証されていない",
}) if {
	input.facts.identity.unique_user_ids == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.5.2[c]"], "identity.device_authentication", {
	"en": "devices are not authenticated before they connect to the system",
	"ja": "機器がシステムへの接続前に認証されていない",
}) if {
	input.facts.identity.device_authentication == false
}

# METADATA
# title: 3.5.2 Authentication
# description: |
#   Each user and device must be authenticated before access. Shared identifiers fail to
#   support that each user is authenticated (3.5.2[a]) without disproving it: an
#   individual authenticator (SP 800-171 3.5.2's discussion: key cards, cryptographic
#   devices, one-time password devices) can authenticate each user of a shared account.
#   The claim is unverified. The device authentication fact decides 3.5.2[c].
# custom:
#   requirement: "3.5.2"
#   corroboration:
#     "3.5.2[a]": [identity.unique_user_ids]
#     "3.5.2[c]": [identity.device_authentication]
package r2.ia.ia_3_5_2

import data.mamori.lib

# METADATA
# description: Facts that contradict, or fail to support, the objectives of 3.5.2.
# scope: document
findings contains lib.unsupported(rego.metadata.chain(), ["3.5.2[a]"], "identity.unique_user_ids", {
	"en": "users share identifiers, which does not show the identity of each user is authenticated before access",
	"ja": "識別子が共有されており、アクセス前に個々の利用者の識別情報が認証されていることの裏付けにならない",
}) if {
	input.facts.identity.unique_user_ids == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.5.2[c]"], "identity.device_authentication", {
	"en": "devices are not authenticated before they connect to the system",
	"ja": "機器がシステムへの接続前に認証されていない",
}) if {
	input.facts.identity.device_authentication == false
}

# METADATA
# title: 3.13.10 Cryptographic key management
# description: |
#   Cryptographic keys are established and managed wherever cryptography is
#   employed. Not checked when the crypto facts show no cryptography in use.
# custom:
#   requirement: "3.13.10"
#   corroboration:
#     "3.13.10[a]": [crypto.key_management]
#     "3.13.10[b]": [crypto.key_management]
package r2.sc.sc_3_13_10

import data.mamori.lib

default _crypto := {}

_crypto := input.facts.crypto

_no_crypto if {
	input.facts.crypto.transit_encrypted == false
	input.facts.crypto.at_rest_encrypted == false
	count(object.get(_crypto, "modules", [])) == 0
}

# METADATA
# description: Facts that contradict the objectives of 3.13.10.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.13.10[b]"], "crypto.key_management", {
	"en": "cryptographic keys are not managed for the cryptography in use",
	"ja": "使用している暗号の暗号鍵が管理されていない",
}) if {
	not _no_crypto
	input.facts.crypto.key_management == false
}

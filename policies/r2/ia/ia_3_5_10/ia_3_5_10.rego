# METADATA
# title: 3.5.10 Cryptographically-protected passwords
# description: |
#   Passwords must be cryptographically protected in storage (3.5.10[a]) and in transit
#   (3.5.10[b]); one fact decides each objective.
# custom:
#   requirement: "3.5.10"
#   corroboration:
#     "3.5.10[a]": [identity.password.stored_hashed]
#     "3.5.10[b]": [identity.password.transmitted_encrypted]
package r2.ia.ia_3_5_10

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.5.10.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.5.10[a]"], "identity.password.stored_hashed", {
	"en": "passwords are stored without cryptographic protection",
	"ja": "パスワードが暗号学的に保護されずに保存されている",
}) if {
	input.facts.identity.password.stored_hashed == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.5.10[b]"], "identity.password.transmitted_encrypted", {
	"en": "passwords are transmitted without cryptographic protection",
	"ja": "パスワードが暗号化されずに送信されている",
}) if {
	input.facts.identity.password.transmitted_encrypted == false
}

# METADATA
# title: 3.1.13 Cryptographic protection of remote access sessions
# description: |
#   Where remote access is permitted, decides from the remote access facts whether
#   cryptographic mechanisms protect the confidentiality of its sessions.
# custom:
#   requirement: "3.1.13"
#   corroboration:
#     "3.1.13[a]": [access.remote_access.encrypted]
#     "3.1.13[b]": [access.remote_access.encrypted]
package r2.ac.ac_3_1_13

import data.mamori.lib

# METADATA
# description: Facts that show permitted remote access sessions are not encrypted.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.1.13[b]"], "access.remote_access.encrypted", {
	"en": "remote access sessions are not protected by encryption",
	"ja": "リモートアクセスのセッションが暗号化で保護されていない",
}) if {
	input.facts.access.remote_access.permitted == true
	input.facts.access.remote_access.encrypted == false
}

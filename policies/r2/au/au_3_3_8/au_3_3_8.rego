# METADATA
# title: 3.3.8 Audit protection
# description: |
#   Decides from the audit facts whether audit information is protected from
#   unauthorized access, modification and deletion; the protection of audit logging
#   tools rests on examination and interview.
# custom:
#   requirement: "3.3.8"
#   corroboration:
#     "3.3.8[a]": [audit.protected]
#     "3.3.8[b]": [audit.protected]
#     "3.3.8[c]": [audit.protected]
package r2.au.au_3_3_8

import data.mamori.lib

_objectives := ["3.3.8[a]", "3.3.8[b]", "3.3.8[c]"]

# METADATA
# description: Facts that show audit information is not protected.
# scope: document
findings contains lib.fails(rego.metadata.chain(), _objectives, "audit.protected", {
	"en": "audit information is not protected from unauthorized access, modification and deletion",
	"ja": "監査情報が不正なアクセス・改ざん・削除から保護されていない",
}) if {
	input.facts.audit.protected == false
}

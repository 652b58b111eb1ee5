# METADATA
# title: 3.1.16 Authorize wireless access
# description: |
#   Decides whether wireless access is not permitted and stopped by policy (no
#   deduction, DoD AM §5i(i)) or not permitted with no such policy (not met). Where it
#   is permitted, its authorization rests on examination and interview.
# custom:
#   requirement: "3.1.16"
#   corroboration:
#     "3.1.16[a]": [access.wireless.permitted, access.wireless.prohibited_by_policy]
#     "3.1.16[b]": [access.wireless.permitted, access.wireless.prohibited_by_policy]
package r2.ac.ac_3_1_16

import data.mamori.lib

_all := ["3.1.16[a]", "3.1.16[b]"]

# METADATA
# description: |
#   Facts that show wireless access is not controlled, and that it is not permitted
#   at all (scored as implemented).
# scope: document
findings contains lib.not_permitted(rego.metadata.chain(), "wireless") if {
	input.facts.access.wireless.permitted == false
	input.facts.access.wireless.prohibited_by_policy == true
}

findings contains lib.fails(rego.metadata.chain(), _all, "access.wireless.prohibited_by_policy", {
	"en": "wireless access is not permitted but no policy and procedure stop it being enabled by mistake",
	"ja": "無線アクセスは許可されていないが、誤って有効化されることを防ぐ方針・手順がない",
}) if {
	input.facts.access.wireless.permitted == false
	input.facts.access.wireless.prohibited_by_policy == false
}

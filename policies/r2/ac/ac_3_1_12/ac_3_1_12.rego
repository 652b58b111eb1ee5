# METADATA
# title: 3.1.12 Monitor and control remote access sessions
# description: |
#   Decides whether remote access is not permitted and stopped by policy (no deduction,
#   DoD AM §5i(i)), not permitted with no such policy (not met), or permitted and
#   then monitored.
# custom:
#   requirement: "3.1.12"
#   corroboration:
#     "3.1.12[a]": [access.remote_access.permitted]
#     "3.1.12[b]": [access.remote_access.permitted]
#     "3.1.12[c]": [access.remote_access.permitted]
#     "3.1.12[d]": [access.remote_access.permitted, access.remote_access.monitored]
package r2.ac.ac_3_1_12

import data.mamori.lib

_all := ["3.1.12[a]", "3.1.12[b]", "3.1.12[c]", "3.1.12[d]"]

# METADATA
# description: |
#   Facts that show remote access sessions are not monitored and controlled,
#   and that remote access is not permitted at all (scored as implemented).
# scope: document
findings contains lib.not_permitted(rego.metadata.chain(), "remote_access") if {
	input.facts.access.remote_access.permitted == false
	input.facts.access.remote_access.prohibited_by_policy == true
}

findings contains lib.fails(rego.metadata.chain(), _all, "access.remote_access.prohibited_by_policy", {
	"en": "remote access is not permitted but no policy and procedure stop it being enabled by mistake",
	"ja": "リモートアクセスは許可されていないが、誤って有効化されることを防ぐ方針・手順がない",
}) if {
	input.facts.access.remote_access.permitted == false
	input.facts.access.remote_access.prohibited_by_policy == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.1.12[d]"], "access.remote_access.monitored", {
	"en": "remote access sessions are permitted but not monitored",
	"ja": "リモートアクセスのセッションが許可されているが監視されていない",
}) if {
	input.facts.access.remote_access.permitted == true
	input.facts.access.remote_access.monitored == false
}

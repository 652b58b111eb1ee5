# METADATA
# title: 3.1.18 Control connection of mobile devices
# description: |
#   Decides whether mobile devices are not permitted and stopped by policy (no
#   deduction, DoD AM §5i(i)) or not permitted with no such policy (not met). Where they
#   are permitted but not managed (no MDM), their connections may still be authorized and
#   monitored by other means (SP 800-171 3.1.18's discussion lists device identification
#   and authentication among the usage restrictions), so 3.1.18[b] and [c] are
#   unverified, not contradicted.
# custom:
#   requirement: "3.1.18"
#   corroboration:
#     "3.1.18[a]": [access.mobile.permitted]
#     "3.1.18[b]": [access.mobile.permitted, access.mobile.managed]
#     "3.1.18[c]": [access.mobile.permitted, access.mobile.managed]
package r2.ac.ac_3_1_18

import data.mamori.lib

_all := ["3.1.18[a]", "3.1.18[b]", "3.1.18[c]"]

# METADATA
# description: |
#   Facts that show the connection of mobile devices is not controlled, and that it is not permitted
#   at all (scored as implemented).
# scope: document
findings contains lib.not_permitted(rego.metadata.chain(), "mobile") if {
	input.facts.access.mobile.permitted == false
	input.facts.access.mobile.prohibited_by_policy == true
}

findings contains lib.fails(rego.metadata.chain(), _all, "access.mobile.prohibited_by_policy", {
	"en": "mobile devices are not permitted but no policy and procedure stop them being connected by mistake",
	"ja": "モバイルデバイスは許可されていないが、誤って接続されることを防ぐ方針・手順がない",
}) if {
	input.facts.access.mobile.permitted == false
	input.facts.access.mobile.prohibited_by_policy == false
}

findings contains lib.unsupported(rego.metadata.chain(), ["3.1.18[b]", "3.1.18[c]"], "access.mobile.managed", {
	"en": "mobile devices are permitted but not managed: their connections are not shown authorized and monitored",
	"ja": "モバイルデバイスが許可されているが管理されておらず、接続の承認と監視が行われていることの裏付けにならない",
}) if {
	input.facts.access.mobile.permitted == true
	input.facts.access.mobile.managed == false
}

# METADATA
# title: 3.1.12 Monitor and control remote access sessions
# description: |
#   Decides whether remote access is not permitted and stopped by policy (no deduction,
#   DoD AM §5i(i)), not permitted with no such policy (not met), or permitted and
#   then monitored.
# custom:
#   requirement: "3.1.12"
package r2.ac.ac_3_1_12

import data.mamori.lib

_all := ["3.1.12[a]", "3.1.12[b]", "3.1.12[c]", "3.1.12[d]"]

_remote := object.get(input, ["facts", "access", "remote_access"], {})

# METADATA
# description: Remote access is not permitted and a policy and procedure stop it being enabled.
not_permitted contains "remote_access" if {
	_remote.permitted == false
	_remote.prohibited_by_policy == true
}

# METADATA
# description: Facts that show remote access sessions are not monitored and controlled.
# scope: document
findings contains lib.fails(rego.metadata.chain(), _all, "access.remote_access.prohibited_by_policy", {
	"en": "remote access is not permitted but no policy and procedure stop it being enabled by mistake",
	"ja": "リモートアクセスは許可されていないが、誤って有効化されることを防ぐ方針・手順がない",
}) if {
	_remote.permitted == false
	_remote.prohibited_by_policy == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.1.12[d]"], "access.remote_access.monitored", {
	"en": "remote access sessions are permitted but not monitored",
	"ja": "リモートアクセスのセッションが許可されているが監視されていない",
}) if {
	_remote.permitted == true
	_remote.monitored == false
}

findings contains lib.unverified(rego.metadata.chain(), _all, "access.remote_access.permitted") if {
	not "permitted" in object.keys(_remote)
}

findings contains lib.unverified(rego.metadata.chain(), _all, "access.remote_access.prohibited_by_policy") if {
	_remote.permitted == false
	not "prohibited_by_policy" in object.keys(_remote)
}

findings contains lib.unverified(rego.metadata.chain(), ["3.1.12[d]"], "access.remote_access.monitored") if {
	_remote.permitted == true
	not "monitored" in object.keys(_remote)
}

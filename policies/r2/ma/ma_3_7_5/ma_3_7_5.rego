# METADATA
# title: 3.7.5 Nonlocal maintenance
# description: |
#   Nonlocal maintenance sessions need MFA (3.7.5[a]) and must be terminated when done (3.7.5[b]).
#   Not checked when remote access is not permitted, as no nonlocal maintenance can take place.
# custom:
#   requirement: "3.7.5"
#   corroboration:
#     "3.7.5[a]": [maintenance.remote_maintenance_mfa]
#     "3.7.5[b]": [maintenance.remote_sessions_terminated]
package r2.ma.ma_3_7_5

import data.mamori.lib

_no_remote_access if input.facts.access.remote_access.permitted == false

# METADATA
# description: Facts that contradict the objectives of 3.7.5.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.7.5[a]"], "maintenance.remote_maintenance_mfa", {
	"en": "multifactor authentication is not required to establish nonlocal maintenance sessions",
	"ja": "外部ネットワーク経由の遠隔保守セッションの確立に多要素認証が要求されていない",
}) if {
	not _no_remote_access
	input.facts.maintenance.remote_maintenance_mfa == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.7.5[b]"], "maintenance.remote_sessions_terminated", {
	"en": "nonlocal maintenance sessions are not terminated when maintenance is complete",
	"ja": "遠隔保守の完了時に遠隔保守セッションが切断されていない",
}) if {
	not _no_remote_access
	input.facts.maintenance.remote_sessions_terminated == false
}

# METADATA
# title: 3.1.14 Managed access control points
# description: |
#   Where remote access is permitted, decides from the remote access facts whether
#   it is routed through managed network access control points.
# custom:
#   requirement: "3.1.14"
#   corroboration:
#     "3.1.14[a]": [access.remote_access.managed_access_points]
#     "3.1.14[b]": [access.remote_access.managed_access_points]
package r2.ac.ac_3_1_14

import data.mamori.lib

# METADATA
# description: Facts that show permitted remote access bypasses managed access control points.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.1.14[b]"], "access.remote_access.managed_access_points", {
	"en": "remote access is not routed through managed access control points",
	"ja": "リモートアクセスが管理されたアクセス制御ポイントを経由していない",
}) if {
	input.facts.access.remote_access.permitted == true
	input.facts.access.remote_access.managed_access_points == false
}

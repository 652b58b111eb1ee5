# METADATA
# title: 3.4.6 Least functionality
# description: |
#   The system must provide only essential capabilities; the fact that nonessential
#   capabilities are disabled decides the configuration objective (3.4.6[b]).
# custom:
#   requirement: "3.4.6"
#   corroboration:
#     "3.4.6[b]": [configuration.nonessential_disabled]
package r2.cm.cm_3_4_6

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.4.6.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.4.6[b]"], "configuration.nonessential_disabled", {
	"en": "the system is not configured to provide only essential capabilities",
	"ja": "不要な機能が無効化されておらず、システムが必要最小限の機能のみを提供する構成になっていない",
}) if {
	input.facts.configuration.nonessential_disabled == false
}

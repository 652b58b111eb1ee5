# METADATA
# title: 3.4.7 Nonessential functionality
# description: |
#   Nonessential programs, functions, ports, protocols and services must be restricted,
#   disabled or prevented; the fact decides those five objectives. Their definition rests on examination.
# custom:
#   requirement: "3.4.7"
#   corroboration:
#     "3.4.7[c]": [configuration.nonessential_disabled]
#     "3.4.7[f]": [configuration.nonessential_disabled]
#     "3.4.7[i]": [configuration.nonessential_disabled]
#     "3.4.7[l]": [configuration.nonessential_disabled]
#     "3.4.7[o]": [configuration.nonessential_disabled]
package r2.cm.cm_3_4_7

import data.mamori.lib

_restricted := ["3.4.7[c]", "3.4.7[f]", "3.4.7[i]", "3.4.7[l]", "3.4.7[o]"]

# METADATA
# description: Facts that contradict the objectives of 3.4.7.
# scope: document
findings contains lib.fails(rego.metadata.chain(), _restricted, "configuration.nonessential_disabled", {
	"en": "nonessential programs, functions, ports, protocols and services are not restricted or disabled",
	"ja": "不要なプログラム、機能、ポート、プロトコル及びサービスが制限・無効化されていない",
}) if {
	input.facts.configuration.nonessential_disabled == false
}

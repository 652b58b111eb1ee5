# METADATA
# title: 3.4.7 Nonessential functionality
# description: |
#   Nonessential programs, functions, ports, protocols and services must be restricted,
#   disabled or prevented. Not disabling them does not disprove the five objectives: 3.4.7
#   allows restricting or preventing their use instead. Unless the evidence says whether
#   they are restricted (nonessential_restricted), the claims are unverified; they are
#   contradicted only when the evidence says they are neither disabled nor restricted.
#   Their definition rests on examination.
# custom:
#   requirement: "3.4.7"
#   corroboration:
#     "3.4.7[c]": [[configuration.nonessential_disabled, configuration.nonessential_restricted]]
#     "3.4.7[f]": [[configuration.nonessential_disabled, configuration.nonessential_restricted]]
#     "3.4.7[i]": [[configuration.nonessential_disabled, configuration.nonessential_restricted]]
#     "3.4.7[l]": [[configuration.nonessential_disabled, configuration.nonessential_restricted]]
#     "3.4.7[o]": [[configuration.nonessential_disabled, configuration.nonessential_restricted]]
package r2.cm.cm_3_4_7

import data.mamori.lib

_restricted := ["3.4.7[c]", "3.4.7[f]", "3.4.7[i]", "3.4.7[l]", "3.4.7[o]"]

_not_disabled if input.facts.configuration.nonessential_disabled == false

# METADATA
# description: Facts that contradict, or fail to support, the objectives of 3.4.7.
# scope: document
findings contains lib.fails(rego.metadata.chain(), _restricted, "configuration.nonessential_disabled", {
	"en": "nonessential programs, functions, ports, protocols and services are neither disabled nor restricted",
	"ja": "不要なプログラム、機能、ポート、プロトコル及びサービスが無効化も制限もされていない",
}) if {
	_not_disabled
	input.facts.configuration.nonessential_restricted == false
}

findings contains lib.unsupported(rego.metadata.chain(), _restricted, "configuration.nonessential_disabled", {
	"en": "nonessential programs, functions, ports, protocols and services are not disabled, and not shown restricted",
	"ja": "不要なプログラム、機能、ポート、プロトコル及びサービスが無効化されていない。3.4.7 は使用の制限・防止も認めているが、証跡からは確認できない",
}) if {
	_not_disabled
	not input.facts.configuration.nonessential_restricted == false
	not input.facts.configuration.nonessential_restricted == true
}

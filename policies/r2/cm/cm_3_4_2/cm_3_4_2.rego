# METADATA
# title: 3.4.2 Security configuration settings
# description: |
#   Security configuration settings must be recorded in a documented baseline configuration;
#   no fact shows their enforcement (3.4.2[b]), which rests on examination and test.
# custom:
#   requirement: "3.4.2"
#   corroboration:
#     "3.4.2[a]": [configuration.baseline_documented]
package r2.cm.cm_3_4_2

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.4.2.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.4.2[a]"], "configuration.baseline_documented", {
	"en": "security configuration settings are not established in a documented baseline configuration",
	"ja": "セキュリティ構成設定を含むベースライン構成が文書化されていない",
}) if {
	input.facts.configuration.baseline_documented == false
}

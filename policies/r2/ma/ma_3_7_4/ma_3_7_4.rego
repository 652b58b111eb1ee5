# METADATA
# title: 3.7.4 Media inspection
# description: |
#   Media containing diagnostic and test programs must be checked for malicious code before use;
#   the fact decides the single objective.
# custom:
#   requirement: "3.7.4"
#   corroboration:
#     "3.7.4[a]": [maintenance.diagnostic_media_scanned]
package r2.ma.ma_3_7_4

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.7.4.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.7.4[a]"], "maintenance.diagnostic_media_scanned", {
	"en": "media containing diagnostic and test programs are not checked for malicious code before use",
	"ja": "診断・テスト用プログラムを含む媒体が使用前に悪性コードの検査を受けていない",
}) if {
	input.facts.maintenance.diagnostic_media_scanned == false
}

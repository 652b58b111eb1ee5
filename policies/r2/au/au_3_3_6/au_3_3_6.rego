# METADATA
# title: 3.3.6 Reduction and reporting
# description: |
#   Decides from the audit facts whether audit record reduction and report generation
#   support on-demand analysis and reporting.
# custom:
#   requirement: "3.3.6"
#   corroboration:
#     "3.3.6[a]": [audit.reduction_reporting]
#     "3.3.6[b]": [audit.reduction_reporting]
package r2.au.au_3_3_6

import data.mamori.lib

# METADATA
# description: Facts that show there is no audit reduction and report generation capability.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.3.6[a]", "3.3.6[b]"], "audit.reduction_reporting", {
	"en": "no audit record reduction and report generation supports on-demand analysis and reporting",
	"ja": "必要に応じた分析と報告のための監査記録の絞り込み・レポート生成機能がない",
}) if {
	input.facts.audit.reduction_reporting == false
}

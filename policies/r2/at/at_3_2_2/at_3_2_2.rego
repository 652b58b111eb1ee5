# METADATA
# title: 3.2.2 Role-based training
# description: |
#   Decides from the training facts whether personnel with information security
#   duties receive training for their roles.
# custom:
#   requirement: "3.2.2"
#   corroboration:
#     "3.2.2[c]": [training.role_based]
package r2.at.at_3_2_2

import data.mamori.lib

# METADATA
# description: Facts that show personnel are not trained for their security duties.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.2.2[c]"], "training.role_based", {
	"en": "personnel with security duties receive no training for their roles",
	"ja": "セキュリティ関連の職務を担う要員に役割に応じた訓練が行われていない",
}) if {
	input.facts.training.role_based == false
}

# METADATA
# title: 3.2.3 Insider threat awareness
# description: |
#   Decides from the training facts whether awareness training covers recognizing
#   and reporting insider threat indicators and was given within training_max_age_days.
# custom:
#   requirement: "3.2.3"
#   corroboration:
#     "3.2.3[b]": [training.insider_threat, training.last_awareness]
package r2.at.at_3_2_3

import data.mamori.lib

# regal ignore:unresolved-reference
_max := data.mamori.params.training_max_age_days

_age := lib.age_days(input.facts.training.last_awareness)

# METADATA
# description: Facts that show insider threat awareness training is missing or out of date.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.2.3[b]"], "training.insider_threat", {
	"en": "security awareness training does not cover recognizing and reporting insider threat indicators",
	"ja": "セキュリティ意識向上訓練に内部脅威の兆候の認識と報告が含まれていない",
}) if {
	input.facts.training.insider_threat == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.2.3[b]"], "training.last_awareness", {
	"en": sprintf(
		"insider threat awareness training was last given %d days ago, more than the maximum of %d",
		[_age, _max],
	),
	"ja": sprintf("前回の内部脅威に関する意識向上訓練から %d 日が経過し、上限の %d 日を超えている", [_age, _max]),
}) if {
	not input.facts.training.insider_threat == false
	_age > _max
}

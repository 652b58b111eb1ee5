# METADATA
# title: 3.2.1 Role-based risk awareness
# description: |
#   Reads the training facts: awareness training older than training_max_age_days, or
#   completed by fewer than training_completion_min_percent. Neither disproves that
#   managers, administrators and users are made aware of risks and policies: SP 800-171
#   3.2.1's discussion lists other awareness techniques besides formal training (email
#   advisories, logon screen messages, posters, awareness events). 3.2.1[c] and [d] are
#   unverified, not contradicted.
# custom:
#   requirement: "3.2.1"
#   corroboration:
#     "3.2.1[c]": [training.last_awareness, training.completion_percent]
#     "3.2.1[d]": [training.last_awareness, training.completion_percent]
package r2.at.at_3_2_1

import data.mamori.lib

# regal ignore:unresolved-reference
_params := data.mamori.params

_age := lib.age_days(input.facts.training.last_awareness)

_objectives := ["3.2.1[c]", "3.2.1[d]"]

# METADATA
# description: Facts that fail to support that personnel are kept aware of security risks and policies.
# scope: document
findings contains lib.unsupported(rego.metadata.chain(), _objectives, "training.last_awareness", {
	"en": sprintf(
		"security awareness training was last given %d days ago, more than the maximum of %d",
		[_age, _params.training_max_age_days],
	),
	"ja": sprintf(
		"前回のセキュリティ意識向上訓練から %d 日が経過し、上限の %d 日を超えている",
		[_age, _params.training_max_age_days],
	),
}) if {
	_age > _params.training_max_age_days
}

findings contains lib.unsupported(rego.metadata.chain(), _objectives, "training.completion_percent", {
	"en": sprintf(
		"%v%% of personnel completed security awareness training, below the minimum of %v%%",
		[input.facts.training.completion_percent, _params.training_completion_min_percent],
	),
	"ja": sprintf(
		"セキュリティ意識向上訓練の修了率 %v%% は下限の %v%% を下回っている",
		[input.facts.training.completion_percent, _params.training_completion_min_percent],
	),
}) if {
	input.facts.training.completion_percent < _params.training_completion_min_percent
}

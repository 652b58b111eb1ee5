# METADATA
# title: 3.9.2 Protection during personnel actions
# description: |
#   Access and credentials are removed when people leave or transfer. The longest
#   revocation time is checked against the 24-hour maximum of the Japanese
#   standard (access_revocation_max_hours). Credentials (badges, keys, tokens) that are
#   not returned fail to support 3.9.2[b] without disproving it: a credential can be
#   terminated (revoked, disabled) without being recovered, and SP 800-171 3.9.2's
#   discussion says protection "may include returning system-related property". That
#   claim is unverified.
# custom:
#   requirement: "3.9.2"
#   corroboration:
#     "3.9.2[b]": [personnel.access_revocation_hours, personnel.credentials_returned]
#     "3.9.2[c]": [personnel.access_revocation_hours]
package r2.ps.ps_3_9_2

import data.mamori.lib

# METADATA
# description: Facts that contradict, or fail to support, the objectives of 3.9.2.
# scope: document
findings contains lib.fails(
	rego.metadata.chain(), ["3.9.2[b]", "3.9.2[c]"], "personnel.access_revocation_hours",
	{
		"en": sprintf(
			"access was removed up to %d hours after a termination or transfer, beyond the maximum of %d hours",
			[hours, limit],
		),
		"ja": sprintf("退職・異動後のアクセス権削除に最長%d時間を要しており、上限の%d時間を超えている", [hours, limit]),
	},
) if {
	hours := input.facts.personnel.access_revocation_hours

	# regal ignore:unresolved-reference
	limit := data.mamori.params.access_revocation_max_hours
	hours > limit
}

findings contains lib.unsupported(rego.metadata.chain(), ["3.9.2[b]"], "personnel.credentials_returned", {
	"en": "badges, keys and tokens are not recovered when personnel leave or transfer, and are not shown terminated",
	"ja": "退職・異動時に入館証・鍵・トークン等の認証手段が回収されておらず、それらが失効されていることを示す必要がある",
}) if {
	input.facts.personnel.credentials_returned == false
}

# METADATA
# title: 3.5.3 Multifactor authentication
# description: |
#   MFA for local and network access to privileged accounts and for network
#   access to non-privileged accounts. Decides the DoD partial-credit variant:
#   MFA only for remote and privileged users deducts 3 points (not when remote
#   access is shown to lack MFA), none at all 5.
# custom:
#   requirement: "3.5.3"
#   corroboration:
#     "3.5.3[b]": [identity.mfa.privileged_local]
#     "3.5.3[c]": [identity.mfa.privileged_network]
#     "3.5.3[d]": [identity.mfa.nonprivileged_network]
package r2.ia.ia_3_5_3

import data.mamori.lib

# METADATA
# description: Facts that show MFA is missing where 3.5.3 requires it, and the partial variant.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.5.3[b]"], "identity.mfa.privileged_local", {
	"en": "MFA is not enforced for local access to privileged accounts",
	"ja": "特権アカウントへのローカルアクセスに多要素認証が適用されていない",
}) if {
	input.facts.identity.mfa.privileged_local == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.5.3[c]"], "identity.mfa.privileged_network", {
	"en": "MFA is not enforced for network access to privileged accounts",
	"ja": "特権アカウントへのネットワークアクセスに多要素認証が適用されていない",
}) if {
	input.facts.identity.mfa.privileged_network == false
}

findings contains lib.fails(rego.metadata.chain(), ["3.5.3[d]"], "identity.mfa.nonprivileged_network", {
	"en": "MFA is not enforced for network access to non-privileged accounts",
	"ja": "一般アカウントへのネットワークアクセスに多要素認証が適用されていない",
}) if {
	input.facts.identity.mfa.nonprivileged_network == false
}

# MFA covers privileged and remote access but not ordinary network logons:
# the DoD partial value (−3 instead of −5).
findings contains lib.variant(rego.metadata.chain(), "partial") if {
	input.facts.identity.mfa.privileged_local == true
	input.facts.identity.mfa.privileged_network == true
	input.facts.identity.mfa.nonprivileged_network == false
	not input.facts.identity.mfa.remote_access == false
}

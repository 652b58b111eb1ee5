# METADATA
# title: 3.10.6 Safeguard CUI at alternate work sites
# description: |
#   Safeguarding measures for CUI are enforced at alternate work sites such as
#   homes used for telework. The alternate sites fact shows whether they are.
# custom:
#   requirement: "3.10.6"
#   corroboration:
#     "3.10.6[a]": [facility.alternate_sites_safeguarded]
#     "3.10.6[b]": [facility.alternate_sites_safeguarded]
package r2.pe.pe_3_10_6

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.10.6.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.10.6[b]"], "facility.alternate_sites_safeguarded", {
	"en": "safeguarding measures for CUI are not enforced at alternate work sites",
	"ja": "テレワーク先等の代替作業場所でCUIの保護措置が実施されていない",
}) if {
	input.facts.facility.alternate_sites_safeguarded == false
}

# METADATA
# title: 3.14.2 Malicious code protection
# description: |
#   Protection from malicious code is provided at designated locations. The
#   malware deployment fact shows whether any protection is in place.
# custom:
#   requirement: "3.14.2"
#   corroboration:
#     "3.14.2[b]": [integrity.malware.deployed]
package r2.si.si_3_14_2

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.14.2.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.14.2[b]"], "integrity.malware.deployed", {
	"en": "no malicious code protection is deployed",
	"ja": "マルウェア対策が導入されていない",
}) if {
	input.facts.integrity.malware.deployed == false
}

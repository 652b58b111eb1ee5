# METADATA
# title: 3.10.2 Protect and monitor the facility
# description: |
#   The facility and its support infrastructure are protected and monitored. A
#   facility with no entry control is not protected; one without monitoring is not
#   monitored. Support infrastructure rests on examination and interview.
# custom:
#   requirement: "3.10.2"
#   corroboration:
#     "3.10.2[a]": [facility.entry_control]
#     "3.10.2[c]": [facility.monitoring]
package r2.pe.pe_3_10_2

import data.mamori.lib

# METADATA
# description: Facts that contradict the objectives of 3.10.2.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.10.2[a]"], "facility.entry_control", {
	"en": `the facility is not protected: physical entry is not controlled (entry control "none")`,
	"ja": "取扱施設が保護されていない（入退室管理方式: none）",
}) if {
	input.facts.facility.entry_control == "none"
}

findings contains lib.fails(rego.metadata.chain(), ["3.10.2[c]"], "facility.monitoring", {
	"en": "the physical facility where the systems reside is not monitored",
	"ja": "システムを設置する取扱施設が監視されていない",
}) if {
	input.facts.facility.monitoring == false
}

# METADATA
# title: 3.3.3 Event review
# description: |
#   Logged event types cannot be reviewed and updated when they were never defined; a
#   defined set does not show a review, which rests on examination and interview.
# custom:
#   requirement: "3.3.3"
package r2.au.au_3_3_3

import data.mamori.lib

# METADATA
# description: Facts that show logged event types are not reviewed and updated.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.3.3[b]", "3.3.3[c]"], "audit.events_defined", {
	"en": "the event types to be logged are not defined, so they cannot be reviewed and updated",
	"ja": "記録すべきイベントの種類が定められておらず、その見直しと更新が行えない",
}) if {
	input.facts.audit.events_defined == false
}

# METADATA
# title: conftest adapter for the mamori policies
# description: |
#   Lets conftest query the same policies mamori evaluates: it maps an
#   evidence document to the policies' input and turns each failed fact
#   check into a deny message. Used only by bench/conftest.sh.
package main

# METADATA
# description: One message per fact that shows objectives are not met.
deny contains msg if {
	doc := {"facts": object.get(input, "facts", {}), "assessment_date": input.assessment.date}
	some f in data.mamori.assess.findings with input as doc
	f.effect == "not_met"
	msg := sprintf("%s: %s", [f.code, f.message.en])
}

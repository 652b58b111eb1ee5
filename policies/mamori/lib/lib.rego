# METADATA
# title: Finding builders shared by every requirement policy
# description: |
#   Requirement packages call these functions with rego.metadata.chain(), so a
#   finding takes its requirement ID from the package METADATA and no rule
#   retypes it.
package mamori.lib

# METADATA
# description: |
#   A fact contradicts the objectives: the objectives are not met whatever the
#   organisation claims.
fails(chain, objectives, fact, msg) := _finding(chain, objectives, fact, msg, "not_met")

# METADATA
# description: |
#   A fact fails to support the objectives without disproving them (full-disk
#   encryption off on a host, where CUI at rest may be protected otherwise): a
#   claim that they are met stands, marked unverified, and the auditor looks.
unsupported(chain, objectives, fact, msg) := _finding(chain, objectives, fact, msg, "unverified")

# METADATA
# description: |
#   The facts decide a partial-credit variant of the requirement's DoD value
#   (3.5.3, 3.13.11): the engine deducts the partial value instead of the full one.
variant(chain, value) := _marker(chain, "variant", value)

# METADATA
# description: |
#   The facts show a capability (remote_access, wireless, mobile) is not
#   permitted and a policy stops it being enabled: the requirements that
#   depend on it score as implemented (DoD Assessment Methodology §5i(i)).
not_permitted(chain, capability) := _marker(chain, "not_permitted", capability)

# METADATA
# description: The requirement ID from the package METADATA in chain.
requirement(chain) := id if {
	some link in chain
	link.annotations.scope == "package"
	id := link.annotations.custom.requirement
}

# METADATA
# description: The days from the date string d (YYYY-MM-DD) to the assessment date.
age_days(d) := (time.parse_ns("2006-01-02", input.assessment_date) - time.parse_ns("2006-01-02", d)) / 86400000000000

_finding(chain, objectives, fact, msg, effect) := {
	"requirement": req,
	"objectives": objectives,
	"code": concat(".", [req, fact]),
	"effect": effect,
	"fact": fact,
	"message": msg,
} if {
	req := requirement(chain)
}

_marker(chain, effect, value) := {
	"requirement": req,
	"code": concat(".", [req, effect]),
	"effect": effect,
	"value": value,
} if {
	req := requirement(chain)
}

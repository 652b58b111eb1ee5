# METADATA
# title: mamori assessment entrypoint
# description: |
#   Routes to every requirement policy under data.r2 and gathers what they
#   decide from the facts. The engine combines the findings with the
#   organisation's determinations and does the scoring.
package mamori

# METADATA
# entrypoint: true
# description: |
#   Every finding of every requirement policy: facts that fail objectives,
#   partial-credit variants and capabilities shown not to be permitted.
assess := {"findings": _findings}

# The engine may name the packages to evaluate in input.route: those that
# read a facts section the evidence has, since a fact check fires only on
# a fact that is present. Without a route, every package is evaluated.
# Either way the reference names only the findings rules, so no helper
# rule is computed beyond what the findings need.
_findings := [f | some pkg in input.route; some f in data.r2[pkg[0]][pkg[1]].findings] if {
	input.route
} else := [f | some family, req, f; data.r2[family][req].findings[f]]

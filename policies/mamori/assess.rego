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
assess := {"findings": [f | some family in data.r2; some pkg in family; some f in pkg.findings]}

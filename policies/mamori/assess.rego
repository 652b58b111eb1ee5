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
#   The reference names only the findings rules, so evaluating it never
#   computes a package's helper rules beyond what its findings need.
assess := {"findings": [f | some family, req; some f in data.r2[family][req].findings]}

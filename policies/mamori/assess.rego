# METADATA
# title: mamori assessment entrypoint
# description: |
#   Routes to every requirement policy under data.r2 and gathers what they
#   decide from the facts: findings against objectives, partial-credit
#   variants and capabilities shown not to be permitted. The engine combines
#   these with the organisation's determinations and does the scoring.
package mamori

# METADATA
# entrypoint: true
# description: Everything the requirement policies decide, in one small document.
assess := {
	"findings": [f | some f in data.r2[_][_].findings],
	"variants": [v | some v in [data.r2[_][_].variant]],
	"not_permitted": {c | some c in data.r2[_][_].not_permitted},
}

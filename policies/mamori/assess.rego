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
	"findings": [f | some family, req; some f in data.r2[family][req].findings],
	"variants": [v | some family, req; v := data.r2[family][req].variant],
	"not_permitted": {c | some family, req; some c in data.r2[family][req].not_permitted},
}

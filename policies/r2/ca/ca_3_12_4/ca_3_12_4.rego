# METADATA
# title: 3.12.4 System security plan
# description: |
#   A system security plan describes the boundary, environment, implementation and
#   connections and is kept up to date. No fact bears on it: the engine handles the
#   SSP itself and the determination rests on examination and interview.
# custom:
#   requirement: "3.12.4"
package r2.ca.ca_3_12_4

# METADATA
# description: No fact bears on 3.12.4; the assessor decides every objective.
manual := true

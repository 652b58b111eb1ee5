# METADATA
# title: 3.13.4 Shared system resources
# description: |
#   Unauthorized and unintended information transfer via shared system resources
#   is prevented. No fact bears on it: the determination rests on examination and
#   interview.
# custom:
#   requirement: "3.13.4"
package r2.sc.sc_3_13_4

# METADATA
# description: No fact bears on 3.13.4; the assessor decides the objective.
manual := true

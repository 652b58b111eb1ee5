# METADATA
# title: 3.12.2 Plans of action
# description: |
#   Plans of action to correct deficiencies and reduce vulnerabilities are developed
#   and implemented. No fact bears on them: the determination rests on examination
#   and interview.
# custom:
#   requirement: "3.12.2"
package r2.ca.ca_3_12_2

# METADATA
# description: No fact bears on 3.12.2; the assessor decides every objective.
manual := true

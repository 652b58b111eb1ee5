# METADATA
# title: 3.13.2 Security engineering principles
# description: |
#   Architectural designs, software development techniques and systems engineering
#   principles that promote security are identified and employed. No fact bears on
#   them: the determination rests on examination and interview.
# custom:
#   requirement: "3.13.2"
package r2.sc.sc_3_13_2

# METADATA
# description: No fact bears on 3.13.2; the assessor decides every objective.
manual := true

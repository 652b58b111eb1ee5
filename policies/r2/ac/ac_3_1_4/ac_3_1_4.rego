# METADATA
# title: 3.1.4 Separation of duties
# description: |
#   No fact speaks to the separation of duties between individuals; the
#   determination rests on examination and interview.
# custom:
#   requirement: "3.1.4"
package r2.ac.ac_3_1_4

# METADATA
# description: The determination rests on examination and interview alone.
manual := true

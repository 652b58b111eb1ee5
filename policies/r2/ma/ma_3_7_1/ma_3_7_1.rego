# METADATA
# title: 3.7.1 Perform maintenance
# description: |
#   No fact shows whether system maintenance is performed; the determination rests on
#   examination and interview.
# custom:
#   requirement: "3.7.1"
package r2.ma.ma_3_7_1

# METADATA
# description: No fact decides 3.7.1; the determination rests on examination and interview.
manual := true

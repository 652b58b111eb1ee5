# METADATA
# title: 3.13.11 FIPS-validated cryptography
# description: |
#   Cryptography protecting CUI is FIPS-validated: every listed module has an active
#   CMVP certificate. Encryption with an unvalidated module is the DoD partial
#   variant (−3); no encryption at all fails in full (−5). An operating system
#   not in FIPS mode on a host does not disprove that validated cryptography
#   protects CUI (another module may), but fails to support it: the claim is
#   then unverified.
# custom:
#   requirement: "3.13.11"
#   corroboration:
#     "3.13.11[a]": [crypto.modules]
package r2.sc.sc_3_13_11

import data.mamori.lib

default _crypto := {}

_crypto := input.facts.crypto

_modules := object.get(_crypto, "modules", [])

_no_encryption if {
	input.facts.crypto.transit_encrypted == false
	input.facts.crypto.at_rest_encrypted == false
}

_employed if {
	not _no_encryption
	count(_modules) > 0
}

_employed if input.facts.crypto.transit_encrypted == true

_employed if input.facts.crypto.at_rest_encrypted == true

_unvalidated contains object.get(m, "name", "") if {
	some m in _modules
	object.get(m, "cmvp_certificate", "") == ""
}

_unvalidated contains object.get(m, "name", "") if {
	some m in _modules
	object.get(m, "status", "active") != "active"
}

# METADATA
# description: Facts that contradict the objectives of 3.13.11 or leave them uncorroborated.
# scope: document
findings contains lib.fails(rego.metadata.chain(), ["3.13.11[a]"], "crypto.modules", {
	"en": sprintf("CUI is encrypted with modules that are not FIPS-validated (no active CMVP certificate): %s", [names]),
	"ja": sprintf("保護すべき情報の暗号化にFIPS検証（有効なCMVP証明書）のないモジュールが使用されている: %s", [names]),
}) if {
	_employed
	count(_unvalidated) > 0
	names := concat(", ", sort(_unvalidated))
}

findings contains lib.fails(rego.metadata.chain(), ["3.13.11[a]"], "crypto", {
	"en": "CUI is not encrypted at all, in transit or at rest",
	"ja": "CUIが伝送時・保存時のいずれにおいても暗号化されていない",
}) if {
	_no_encryption
}

findings contains lib.unsupported(rego.metadata.chain(), ["3.13.11[a]"], "crypto.fips_mode", {
	"en": "the operating system does not run its cryptography in FIPS mode, so its modules do not operate as validated",
	"ja": "OSの暗号機能がFIPSモードで動作しておらず、暗号モジュールが認証された構成で動作していない",
}) if {
	input.facts.crypto.fips_mode == false
	not _no_encryption
}

# Encryption is employed but not all of it is FIPS-validated: the DoD partial
# value (−3 instead of −5).
findings contains lib.variant(rego.metadata.chain(), "partial") if {
	_employed
	count(_unvalidated) > 0
}

// Package controls embeds mamori's control catalogues (NIST SP 800-171
// Rev 2 with the project's Japanese text, Rev 3, and the SP 800-53 Rev 5
// moderate baseline) and the provisional DSG pre-onboarding site
// checklist. Each is a YAML file in this directory; `mamori --controls
// DIR` loads another directory of the same form instead, so an update
// needs no rebuild.
package controls

import "embed"

// The Rev 2 catalogue is built by ./gen from NIST's data and the Japanese
// text in gen/ja. The SP 800-53 baseline and Rev 3 are NIST's OSCAL
// catalogues imported by `mamori catalog import`, with Japanese text laid
// over them: for SP 800-53, the titles, statements and discussions of the
// controls that Rev 2 requirements derive from (gen/ja/sp800-53); for
// Rev 3, its title and family names (gen/ja/sp800-171-r3). All read NIST's
// files from ../../shared/reference.
//
//go:generate go run ./gen -ref ../../shared/reference -o nist-sp800-171-r2.yaml
//go:generate go run ../cmd/mamori catalog import ../../shared/reference/NIST_SP-800-53_rev5_MODERATE-baseline-resolved-profile_catalog.json --id nist-sp800-53-r5-moderate --ja gen/ja/sp800-53 -o nist-sp800-53-r5-moderate.yaml
//go:generate go run ../cmd/mamori catalog import ../../shared/reference/NIST_SP800-171_rev3_catalog.xml --id nist-sp800-171-r3 --mapping-catalog nist-sp800-53-r5-moderate --ja gen/ja/sp800-171-r3 -o nist-sp800-171-r3.yaml

// FS holds the catalogue files, the site checklists and the glossary
// (*.yaml). A checklist declares "mamori: checklist/v1" and the glossary
// "mamori: glossary/v1" at its top, which is how the catalogue loader
// tells them apart.
//
//go:embed *.yaml
var FS embed.FS

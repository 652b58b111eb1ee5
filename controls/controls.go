// Package controls embeds mamori's control catalogues (NIST SP 800-171
// Rev 2 with the project's Japanese text, Rev 3, and the SP 800-53 Rev 5
// moderate baseline) and the provisional DSG pre-onboarding site
// checklist. Each is a YAML file in this directory; `mamori --controls
// DIR` loads another directory of the same form instead, so an update
// needs no rebuild.
package controls

import "embed"

//go:generate go run ./gen -ref ../../shared/reference -o nist-sp800-171-r2.yaml

// FS holds the catalogue files and the site checklists (*.yaml). A
// checklist declares "mamori: checklist/v1" at its top, which is how the
// catalogue loader tells it apart.
//
//go:embed *.yaml
var FS embed.FS

// Package controls embeds mamori's control catalogues: NIST SP 800-171
// Rev 2 and Rev 3, the SP 800-53 Rev 5 moderate baseline, and the
// Japanese view. Each is a YAML file in this directory; `mamori
// --controls DIR` loads another directory of the same form instead, so a
// catalogue update needs no rebuild.
package controls

import "embed"

//go:generate go run ./gen -ref ../../shared/reference -o nist-sp800-171-r2.yaml

// FS holds the catalogue files (*.yaml).
//
//go:embed *.yaml
var FS embed.FS

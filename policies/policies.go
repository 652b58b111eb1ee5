// Package policies embeds mamori's Rego policies: one package per
// requirement under r2/<family>/, the shared library and the single
// entrypoint data.mamori.assess under mamori/, and the default
// thresholds in mamori/params/data.yaml. `mamori --policies DIR` loads
// another directory of the same form instead.
package policies

import "embed"

// FS holds the policy bundle (test files included; the engine skips
// them when it compiles for evaluation).
//
//go:embed mamori r2
var FS embed.FS

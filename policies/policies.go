// Package policies embeds mamori's Rego policies: one package per
// requirement under r2/<family>/, the shared library and the single
// entrypoint data.mamori.assess under mamori/, the default
// thresholds in mamori/params/data.yaml, and the DSG gates under gate/
// (data.gate.membership, data.gate.exchange, thresholds in
// gate/params/data.yaml). `mamori --policies DIR` loads another
// directory of the same form instead.
package policies

import "embed"

// FS holds the policy bundle (test files included; the engine skips
// them when it compiles for evaluation).
//
//go:embed gate mamori r2
var FS embed.FS

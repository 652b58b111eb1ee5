// Command gen writes varied, valid evidence files for benchmarks: random
// determinations for every SP 800-171A objective and random facts, some
// of which fail the policies' checks. The same seed gives the same files.
//
//	go run ./bench/gen -n 1000 -o DIR
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/mamori-dev/mamori/controls"
	"github.com/mamori-dev/mamori/engine"
)

func main() {
	n := flag.Int("n", 1000, "number of evidence files")
	out := flag.String("o", "", "output directory")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gen: -o DIR is required")
		os.Exit(2)
	}
	cat, err := engine.LoadCatalog(controls.FS, engine.DefaultCatalog)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	r := rand.New(rand.NewPCG(*seed, 42))
	for i := range *n {
		name := filepath.Join(*out, fmt.Sprintf("org-%05d.yaml", i))
		if err := os.WriteFile(name, []byte(document(r, cat, i)), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
}

func document(r *rand.Rand, cat *engine.Catalog, i int) string {
	var b strings.Builder
	maturity := r.Float64() // share of objectives met
	fmt.Fprintf(&b, "mamori: evidence/v1\norganization:\n  id: org-%05d\n  name: ベンチ%05d株式会社\n  tier: %d\n", i, i, r.IntN(4))
	fmt.Fprintf(&b, "assessment:\n  type: self\n  date: 2026-%02d-%02d\n  assessor:\n    name: 評価 担当%d\n", 1+r.IntN(9), 1+r.IntN(28), i)
	if r.IntN(10) > 0 {
		b.WriteString("ssp:\n  id: SSP\n  title: システムセキュリティ計画\n  reviewed: 2025-12-01\n")
	}
	b.WriteString("artifacts:\n  - {id: POL, title: 情報セキュリティ規程, version: \"1.0\", reviewed: 2025-11-01}\n")
	b.WriteString("objectives:\n")
	for _, req := range cat.Requirements() {
		for _, o := range req.Objectives {
			x := r.Float64()
			switch {
			case x < 0.05:
				continue // not assessed
			case x < 0.05+maturity*0.9:
				fmt.Fprintf(&b, "  %q: {status: met, method: examine, artifacts: [POL], justification: 規程に定めている}\n", o.ID)
			case x < 0.97:
				fmt.Fprintf(&b, "  %q: {status: not_met, method: interview, justification: 未整備}\n", o.ID)
			default:
				fmt.Fprintf(&b, "  %q: {status: not_applicable, justification: 該当する機能なし}\n", o.ID)
			}
		}
	}
	tf := func() string { return fmt.Sprint(r.IntN(5) > 0) }
	b.WriteString("facts:\n")
	fmt.Fprintf(&b, "  access:\n    lockout: {threshold: %d}\n    session_lock: {idle_minutes: %d, pattern_hiding: %s}\n", r.IntN(12), 5+r.IntN(30), tf())
	fmt.Fprintf(&b, "    remote_access: {permitted: %s, prohibited_by_policy: %s, monitored: %s, encrypted: %s}\n", tf(), tf(), tf(), tf())
	fmt.Fprintf(&b, "    wireless: {permitted: %s, prohibited_by_policy: %s, authentication: %s, encryption: %s}\n", tf(), tf(), tf(), tf())
	fmt.Fprintf(&b, "    least_privilege: %s\n    logon_banner: %s\n", tf(), tf())
	fmt.Fprintf(&b, "  identity:\n    unique_user_ids: %s\n    replay_resistant: %s\n", tf(), tf())
	fmt.Fprintf(&b, "    mfa: {privileged_local: %s, privileged_network: %s, nonprivileged_network: %s}\n", tf(), tf(), tf())
	fmt.Fprintf(&b, "    password: {min_length: %d, complexity: %s, history: %d, stored_hashed: %s, transmitted_encrypted: %s}\n", 6+r.IntN(12), tf(), r.IntN(10), tf(), tf())
	fmt.Fprintf(&b, "  audit: {logging_enabled: %s, events_defined: %s, retention_days: %d, user_attribution: %s, review_interval_days: %d, time_sync: %s}\n",
		tf(), tf(), 30+r.IntN(700), tf(), 1+r.IntN(30), tf())
	fmt.Fprintf(&b, "  media: {removable_media: %s, portable_encrypted: %s, sanitization: %s, disposal_certificates: %s}\n",
		[]string{"blocked", "controlled", "unrestricted"}[r.IntN(3)], tf(), []string{"nist-800-88-purge", "destroy", "none"}[r.IntN(3)], tf())
	fmt.Fprintf(&b, "  facility: {entry_control: %s, visitor_escort: %s, visitor_log: %s, entry_log: %s, entry_log_retention_days: %d, key_custody: %s}\n",
		[]string{"biometric", "badge", "key", "none"}[r.IntN(4)], tf(), tf(), tf(), 30+r.IntN(700), tf())
	fmt.Fprintf(&b, "  crypto:\n    transit_encrypted: %s\n    at_rest_encrypted: %s\n    modules:\n      - {name: Module A, cmvp_certificate: %q, status: active}\n", tf(), tf(),
		[]string{"", "4282"}[r.IntN(2)])
	fmt.Fprintf(&b, "  integrity:\n    patch_critical_days: %d\n    malware: {deployed: %s, update_interval_hours: %d, real_time: %s}\n", 1+r.IntN(90), tf(), 1+r.IntN(72), tf())
	fmt.Fprintf(&b, "  backup: {enabled: %s, encrypted: %s, last_restore_test: 2025-%02d-01}\n", tf(), tf(), 1+r.IntN(12))
	if r.IntN(2) == 0 {
		b.WriteString("poam:\n  - {id: P-1, requirements: [\"3.1.3\", \"3.5.7\"], weakness: 是正中, milestones: [{description: 対応, due: 2027-01-31}]}\n")
	}
	return b.String()
}

// Command gen writes varied, valid evidence files for benchmarks: random
// determinations for every SP 800-171A objective and random facts, some
// of which fail the policies' checks. The same seed gives the same files.
//
//	go run ./bench/gen -n 1000 -o DIR [-format json|yaml]
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"

	"go.yaml.in/yaml/v3"

	"github.com/mamori-dev/mamori/controls"
	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
)

func main() {
	n := flag.Int("n", 1000, "number of evidence files")
	out := flag.String("o", "", "output directory")
	format := flag.String("format", "json", "file format: json or yaml")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if *out == "" || (*format != "json" && *format != "yaml") {
		fmt.Fprintln(os.Stderr, "usage: gen -n N -o DIR [-format json|yaml] [-seed S]")
		os.Exit(2)
	}
	if err := run(*n, *out, *format, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(n int, out, format string, seed uint64) error {
	cat, err := engine.LoadCatalog(controls.FS, engine.DefaultCatalog)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(seed, 42))
	for i := range n {
		ev := document(r, cat, i)
		var b []byte
		if format == "json" {
			b, err = json.Marshal(ev)
		} else {
			b, err = yaml.Marshal(ev)
		}
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, fmt.Sprintf("org-%05d.%s", i, format)), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

var (
	titles = []string{"情報セキュリティ基本方針", "アクセス制御規程", "アカウント管理手順書", "入退室管理記録", "ログ監視手順書",
		"構成管理台帳", "パッチ適用記録", "媒体管理台帳", "廃棄証明書綴り", "インシデント対応手順書", "教育受講記録", "委託先管理規程",
		"バックアップ復元テスト報告書", "ネットワーク構成図", "リスクアセスメント報告書", "内部監査報告書"}
	metText = []string{
		"規程に定めており、担当者への聞き取りと設定画面の確認で運用を確認した。",
		"年1回の見直しを実施しており、最新版は情報セキュリティ委員会で承認済みである。",
		"ドメインのグループポリシーで全端末に強制しており、設定値のエクスポートを証跡とした。",
		"台帳と現物を突き合わせ、差異がないことを確認した。",
		"四半期ごとに記録を点検し、逸脱がないことを管理責任者が確認している。",
	}
	notMetText = []string{
		"手順は口頭で運用しており、文書化されていない。今年度中に規程化する予定。",
		"一部の端末で設定が未適用であり、適用範囲の確認が必要。",
		"記録の保管期間が定められておらず、過去分が残っていない。",
	}
)

func date(s string) evidence.Date {
	d, err := evidence.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func document(r *rand.Rand, cat *engine.Catalog, i int) *evidence.Evidence {
	b := func() *bool { return ptr(r.IntN(5) > 0) } // mostly true
	pick := func(xs ...string) *string { return ptr(xs[r.IntN(len(xs))]) }
	ev := &evidence.Evidence{
		Schema:       evidence.Schema,
		Organization: evidence.Organization{ID: fmt.Sprintf("org-%05d", i), Name: fmt.Sprintf("ベンチ%05d株式会社", i), Tier: ptr(r.IntN(4))},
		Assessment: evidence.AssessmentInfo{Type: evidence.AssessmentSelf, Date: date(fmt.Sprintf("2026-%02d-%02d", 1+r.IntN(9), 1+r.IntN(28))),
			Assessor: evidence.Assessor{Name: fmt.Sprintf("評価 担当%d", i)}},
		Objectives: map[string]evidence.Determination{},
	}
	// A realistic register of documents and records: 10 to 40 of them.
	for a := range 10 + r.IntN(31) {
		sum := sha256.Sum256(fmt.Appendf(nil, "%d-%d", i, a))
		ev.Artifacts = append(ev.Artifacts, evidence.Artifact{
			ID: fmt.Sprintf("DOC-%03d", a), Title: titles[r.IntN(len(titles))], Version: fmt.Sprintf("%d.%d", 1+r.IntN(4), r.IntN(10)),
			Date: ptr(date(fmt.Sprintf("2025-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28)))), Reviewed: ptr(date(fmt.Sprintf("2026-%02d-01", 1+r.IntN(8)))),
			SHA256: hex.EncodeToString(sum[:]),
		})
	}
	if r.IntN(10) > 0 {
		ev.SSP = &evidence.Artifact{ID: "SSP", Title: "システムセキュリティ計画", Reviewed: ptr(date("2025-12-01"))}
	}
	maturity := r.Float64()
	methods := []string{"examine", "interview", "test"}
	for _, req := range cat.Requirements() {
		for _, o := range req.Objectives {
			refs := []string{ev.Artifacts[r.IntN(len(ev.Artifacts))].ID}
			if r.IntN(2) == 0 {
				refs = append(refs, ev.Artifacts[r.IntN(len(ev.Artifacts))].ID)
			}
			d := evidence.Determination{Method: methods[r.IntN(3)], Artifacts: refs}
			switch x := r.Float64(); {
			case x < 0.05:
				continue // not assessed
			case x < 0.05+maturity*0.9:
				d.Status, d.Justification = evidence.StatusMet, metText[r.IntN(len(metText))]
			case x < 0.97:
				d.Status, d.Justification, d.Artifacts = evidence.StatusNotMet, notMetText[r.IntN(len(notMetText))], nil
			default:
				d.Status, d.Justification, d.Artifacts = evidence.StatusNotApplicable, "当社の取扱施設には該当する機能・設備がないため対象外とした。", nil
			}
			ev.Objectives[o.ID] = d
		}
	}
	ev.Facts = &evidence.Facts{
		Access: &evidence.AccessFacts{
			Lockout:        &evidence.LockoutFacts{Threshold: ptr(r.IntN(12))},
			SessionLock:    &evidence.SessionLockFacts{IdleMinutes: ptr(5 + r.IntN(30)), PatternHiding: b()},
			RemoteAccess:   &evidence.RemoteAccessFacts{Permitted: b(), ProhibitedByPolicy: b(), Monitored: b(), Encrypted: b()},
			Wireless:       &evidence.WirelessFacts{Permitted: b(), ProhibitedByPolicy: b(), Authentication: b(), Encryption: b()},
			LeastPrivilege: b(), LogonBanner: b(),
		},
		Identity: &evidence.IdentityFacts{
			UniqueUserIDs: b(), ReplayResist: b(),
			MFA:      &evidence.MFAFacts{PrivilegedLocal: b(), PrivilegedNetwork: b(), NonprivilegedNetwork: b()},
			Password: &evidence.PasswordFacts{MinLength: ptr(6 + r.IntN(12)), Complexity: b(), History: ptr(r.IntN(10)), StoredHashed: b(), TransmitEncrypted: b()},
		},
		Audit: &evidence.AuditFacts{LoggingEnabled: b(), EventsDefined: b(), RetentionDays: ptr(30 + r.IntN(700)), UserAttribution: b(), ReviewDays: ptr(1 + r.IntN(30)), TimeSync: b()},
		Media: &evidence.MediaFacts{RemovableMedia: pick("blocked", "controlled", "unrestricted"), PortableEncrypted: b(),
			Sanitization: pick("nist-800-88-purge", "destroy", "none"), DisposalCertificates: b()},
		Facility: &evidence.FacilityFacts{EntryControl: pick("biometric", "badge", "key", "none"), VisitorEscort: b(), VisitorLog: b(), EntryLog: b(),
			EntryLogRetentionDays: ptr(30 + r.IntN(700)), KeyCustody: b()},
		Crypto: &evidence.CryptoFacts{TransitEncrypted: b(), AtRestEncrypted: b(),
			Modules: []evidence.CryptoModule{{Name: "Module A", CMVPCertificate: []string{"", "4282"}[r.IntN(2)], Status: "active"}}},
		Integrity: &evidence.IntegrityFacts{PatchCriticalDays: ptr(1 + r.IntN(90)),
			Malware: &evidence.MalwareFacts{Deployed: b(), UpdateIntervalHours: ptr(1 + r.IntN(72)), RealTime: b()}},
		Backup: &evidence.BackupFacts{Enabled: b(), Encrypted: b(), LastRestoreTest: ptr(date(fmt.Sprintf("2025-%02d-01", 1+r.IntN(12))))},
	}
	if r.IntN(2) == 0 {
		ev.POAM = []evidence.POAMItem{{ID: "P-1", Requirements: []string{"3.1.3", "3.5.7"}, Weakness: "是正中",
			Milestones: []evidence.Milestone{{Description: "対応", Due: date("2027-01-31")}}}}
	}
	return ev
}

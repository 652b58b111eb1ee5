package engine_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/mamori-dev/mamori/controls"
	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/policies"
)

func ptr[T any](v T) *T { return &v }

// fullFacts is a complete facts document: every policy has something to
// check.
func fullFacts() *evidence.Facts {
	d, _ := evidence.ParseDate("2026-06-01")
	return &evidence.Facts{
		Access: &evidence.AccessFacts{
			AccountReviewDays: ptr(30), LeastPrivilege: ptr(true), SeparateAdminAccounts: ptr(true), PrivilegedFunctionsLog: ptr(true),
			Lockout:     &evidence.LockoutFacts{Threshold: ptr(5), DurationMinutes: ptr(30)},
			LogonBanner: ptr(true), SessionLock: &evidence.SessionLockFacts{IdleMinutes: ptr(10), PatternHiding: ptr(true)},
			SessionTerminationMinutes: ptr(30),
			RemoteAccess:              &evidence.RemoteAccessFacts{Permitted: ptr(true), Monitored: ptr(true), Encrypted: ptr(true), ManagedAccessPoints: ptr(true), PrivilegedAuthorized: ptr(true)},
			Wireless:                  &evidence.WirelessFacts{Permitted: ptr(false), ProhibitedByPolicy: ptr(true)},
			Mobile:                    &evidence.MobileFacts{Permitted: ptr(true), Managed: ptr(true), Encrypted: ptr(true)},
			PortableStorageExternal:   ptr(true), ExternalSystems: &evidence.ExternalSystemFact{Permitted: ptr(true), Verified: ptr(true)},
			PublicContentReviewed: ptr(true),
		},
		Identity: &evidence.IdentityFacts{
			UniqueUserIDs: ptr(true), DeviceAuth: ptr(true),
			MFA:          &evidence.MFAFacts{PrivilegedLocal: ptr(true), PrivilegedNetwork: ptr(true), NonprivilegedNetwork: ptr(true), RemoteAccess: ptr(true)},
			ReplayResist: ptr(true), ReuseDays: ptr(730), InactiveDays: ptr(60),
			Password: &evidence.PasswordFacts{MinLength: ptr(14), Complexity: ptr(true), History: ptr(24), TemporaryChange: ptr(true), StoredHashed: ptr(true), TransmitEncrypted: ptr(true), FeedbackObscured: ptr(true)},
		},
		Audit: &evidence.AuditFacts{LoggingEnabled: ptr(true), EventsDefined: ptr(true), RetentionDays: ptr(400), UserAttribution: ptr(true), ReviewDays: ptr(1),
			FailureAlerting: ptr(true), Correlation: ptr(true), ReductionReports: ptr(true), TimeSync: ptr(true), Protected: ptr(true), AdminsRestricted: ptr(true), ContinuousMonitoring: ptr(true)},
		Configuration: &evidence.ConfigurationFacts{BaselineDocumented: ptr(true), Inventory: ptr(true), ChangeControl: ptr(true), SecurityImpact: ptr(true),
			NonessentialOff: ptr(true), SoftwarePolicy: ptr("allowlist"), UserInstallBlocked: ptr(true), AccessRestrictions: ptr(true), BaselineReviewDays: ptr(180)},
		Training:    &evidence.TrainingFacts{LastAwareness: &d, CompletionPercent: ptr(100.0), InsiderThreat: ptr(true), RoleBased: ptr(true)},
		Incident:    &evidence.IncidentFacts{PlanDocumented: ptr(true), LastExercise: &d, ReportingContact: ptr(true), TrackingTool: ptr(true)},
		Maintenance: &evidence.MaintenanceFacts{RemoteMaintenanceMFA: ptr(true), RemoteMaintenanceEnd: ptr(true), MediaScanned: ptr(true), OffsiteSanitized: ptr(true), PersonnelSupervised: ptr(true), ToolsControlled: ptr(true)},
		Media: &evidence.MediaFacts{RemovableMedia: ptr("controlled"), PortableEncrypted: ptr(true), StorageLocked: ptr(true), AccessRestricted: ptr(true), Marking: ptr(true),
			TransportAccountable: ptr(true), UnidentifiedProhibited: ptr(true), Sanitization: ptr("nist-800-88-purge"), DisposalCertificates: ptr(true)},
		Personnel: &evidence.PersonnelFacts{Screening: ptr(true), AccessRevocationHours: ptr(4), CredentialsReturned: ptr(true)},
		Facility: &evidence.FacilityFacts{EntryControl: ptr("biometric"), AuthorizedList: ptr(true), Monitoring: ptr(true), VisitorEscort: ptr(true), VisitorLog: ptr(true),
			EntryLog: ptr(true), EntryLogRetentionDays: ptr(730), KeyCustody: ptr(true), AlternateSites: ptr(true), ScreensShielded: ptr(true)},
		Risk: &evidence.RiskFacts{LastRiskAssessment: &d, VulnScanDays: ptr(7), CriticalRemedyDays: ptr(14), LastControlReview: &d, ContinuousMonitor: ptr(true)},
		Network: &evidence.NetworkFacts{BoundaryFirewall: ptr(true), DenyByDefault: ptr(true), PublicSubnetwork: ptr(true), SplitTunnelBlocked: ptr(true), SessionAuthentic: ptr(true),
			IdleDisconnectMin: ptr(30), CollabDevicesCtl: ptr(true), MobileCodeCtl: ptr(true), VoIPCtl: ptr(true)},
		Crypto: &evidence.CryptoFacts{TransitEncrypted: ptr(true), AtRestEncrypted: ptr(true), KeyManagement: ptr(true),
			Modules: []evidence.CryptoModule{{Name: "Windows CNG", CMVPCertificate: "4536", Status: "active", Usage: "both"}}},
		Integrity: &evidence.IntegrityFacts{PatchCriticalDays: ptr(14), AlertsSubscribed: ptr(true),
			Malware:    &evidence.MalwareFacts{Deployed: ptr(true), UpdateIntervalHours: ptr(4), RealTime: ptr(true), PeriodicScanDays: ptr(7)},
			Monitoring: &evidence.MonitoringFacts{InboundOutbound: ptr(true), IntrusionDetect: ptr(true), UnauthorizedUse: ptr(true)}},
		Backup: &evidence.BackupFacts{Enabled: ptr(true), Encrypted: ptr(true), Offline: ptr(true), LastRestoreTest: &d},
	}
}

// BenchmarkAssess is a full assessment of one organisation, in process,
// with the evidence already decoded: 320 determinations and a complete
// facts document, so every policy package is evaluated. The findings
// cache is off, so every iteration evaluates the policies. Run with
// -cpu 1 for the one-core figure.
func BenchmarkAssess(b *testing.B) {
	eng, err := engine.New(context.Background(), engine.Options{Controls: controls.FS, Policies: policies.FS,
		Now: func() time.Time { return testNow }, NoCache: true})
	if err != nil {
		b.Fatal(err)
	}
	benchAssess(b, eng)
}

// BenchmarkAssessCached is the same assessment repeated with the
// findings cache on: after the first, the policies' findings are reused.
func BenchmarkAssessCached(b *testing.B) { benchAssess(b, testEngine(b)) }

func benchAssess(b *testing.B, eng *engine.Engine) {
	ev := baseEvidence(b, eng.Catalog())
	ev.Facts = fullFacts()
	ctx := context.Background()
	if v, err := eng.Assess(ctx, ev); err != nil || v.DoD.Score == nil {
		b.Fatalf("Assess: %v", err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := eng.Assess(ctx, ev); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNew is the one-off cost of loading the catalogue and
// compiling the policies.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := engine.New(context.Background(), engine.Options{Controls: controls.FS, Policies: policies.FS, Now: time.Now}); err != nil {
			b.Fatal(err)
		}
	}
}

// failingSections gives, for each facts section, a facts document with
// only that section, holding values that fail the checks.
func failingSections() []*evidence.Facts {
	f, tr := false, true
	zero, big := 0, 10000
	d, _ := evidence.ParseDate("2020-01-01")
	none, unrestricted, allow := "none", "unrestricted", "none"
	return []*evidence.Facts{
		{Access: &evidence.AccessFacts{Lockout: &evidence.LockoutFacts{Threshold: &zero}, LeastPrivilege: &f, LogonBanner: &f,
			RemoteAccess: &evidence.RemoteAccessFacts{Permitted: &f, ProhibitedByPolicy: &f}, Wireless: &evidence.WirelessFacts{Permitted: &f, ProhibitedByPolicy: &f},
			Mobile: &evidence.MobileFacts{Permitted: &f, ProhibitedByPolicy: &f}, SessionLock: &evidence.SessionLockFacts{IdleMinutes: &big, PatternHiding: &f}}},
		{Identity: &evidence.IdentityFacts{UniqueUserIDs: &f, ReplayResist: &f, InactiveDays: &big,
			MFA:      &evidence.MFAFacts{PrivilegedLocal: &f, PrivilegedNetwork: &f, NonprivilegedNetwork: &f},
			Password: &evidence.PasswordFacts{MinLength: &zero, Complexity: &f, History: &zero, StoredHashed: &f, TransmitEncrypted: &f}}},
		{Audit: &evidence.AuditFacts{LoggingEnabled: &f, EventsDefined: &f, RetentionDays: &zero, UserAttribution: &f, ReviewDays: &big, TimeSync: &f}},
		{Configuration: &evidence.ConfigurationFacts{BaselineDocumented: &f, Inventory: &f, ChangeControl: &f, SoftwarePolicy: &allow, UserInstallBlocked: &f}},
		{Training: &evidence.TrainingFacts{LastAwareness: &d, RoleBased: &f, InsiderThreat: &f}},
		{Incident: &evidence.IncidentFacts{PlanDocumented: &f, LastExercise: &d, ReportingContact: &f, TrackingTool: &f}},
		{Maintenance: &evidence.MaintenanceFacts{RemoteMaintenanceMFA: &f, ToolsControlled: &f, MediaScanned: &f, PersonnelSupervised: &f}},
		{Media: &evidence.MediaFacts{RemovableMedia: &unrestricted, PortableEncrypted: &f, Sanitization: &none, DisposalCertificates: &f, Marking: &f}},
		{Personnel: &evidence.PersonnelFacts{Screening: &f, AccessRevocationHours: &big}},
		{Facility: &evidence.FacilityFacts{EntryControl: &none, VisitorEscort: &f, VisitorLog: &f, EntryLog: &f, KeyCustody: &f, Monitoring: &f}},
		{Risk: &evidence.RiskFacts{LastRiskAssessment: &d, VulnScanDays: &big, LastControlReview: &d, ContinuousMonitor: &f}},
		{Network: &evidence.NetworkFacts{BoundaryFirewall: &f, DenyByDefault: &f, SplitTunnelBlocked: &f, SessionAuthentic: &f}},
		{Crypto: &evidence.CryptoFacts{TransitEncrypted: &f, AtRestEncrypted: &f}},
		{Integrity: &evidence.IntegrityFacts{PatchCriticalDays: &big, AlertsSubscribed: &f, Malware: &evidence.MalwareFacts{Deployed: &f},
			Monitoring: &evidence.MonitoringFacts{InboundOutbound: &f, IntrusionDetect: &f, UnauthorizedUse: &f}}},
		{Backup: &evidence.BackupFacts{Enabled: &tr, Encrypted: &f, LastRestoreTest: &d}},
	}
}

// BenchmarkVerdictJSON encodes the kobayashi-electronics verdict as the
// server stores it (WriteVerdictJSON, compact): a submission pays it
// once.
func BenchmarkVerdictJSON(b *testing.B) {
	ev, err := evidence.Read("../examples/kobayashi-electronics")
	if err != nil {
		b.Fatal(err)
	}
	v, err := testEngine(b).Assess(context.Background(), ev)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := engine.WriteVerdictJSON(&buf, v, ""); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes")
}

// BenchmarkParseEvidenceYAML parses the kobayashi-electronics example's
// evidence files (about 100 KB of YAML): most of a YAML submission's
// cost.
func BenchmarkParseEvidenceYAML(b *testing.B) {
	files, err := evidence.ExpandPaths([]string{"../examples/kobayashi-electronics"})
	if err != nil {
		b.Fatal(err)
	}
	var names []string
	var data [][]byte
	for _, f := range files {
		d, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := evidence.Parse(f, d); errors.Is(err, evidence.ErrOtherKind) {
			continue // expected.yaml
		} else if err != nil {
			b.Fatal(err)
		}
		names, data = append(names, f), append(data, d)
	}
	b.ReportAllocs()
	for b.Loop() {
		for i := range data {
			if _, err := evidence.Parse(names[i], data[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
}

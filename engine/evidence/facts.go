package evidence

import (
	"fmt"
	"reflect"
	"strings"
)

// Facts is the machine-readable configuration an organisation reports
// alongside its determinations. Every field is optional: an absent fact
// is unknown, never false. Policies compare facts with the parameters
// (thresholds) in force and with what the organisation claims.
//
// Field names are the evidence document's keys; the same names reach the
// policies as input.facts.
type Facts struct {
	Access        *AccessFacts        `yaml:"access,omitempty" json:"access,omitempty"`
	Identity      *IdentityFacts      `yaml:"identity,omitempty" json:"identity,omitempty"`
	Audit         *AuditFacts         `yaml:"audit,omitempty" json:"audit,omitempty"`
	Configuration *ConfigurationFacts `yaml:"configuration,omitempty" json:"configuration,omitempty"`
	Training      *TrainingFacts      `yaml:"training,omitempty" json:"training,omitempty"`
	Incident      *IncidentFacts      `yaml:"incident_response,omitempty" json:"incident_response,omitempty"`
	Maintenance   *MaintenanceFacts   `yaml:"maintenance,omitempty" json:"maintenance,omitempty"`
	Media         *MediaFacts         `yaml:"media,omitempty" json:"media,omitempty"`
	Personnel     *PersonnelFacts     `yaml:"personnel,omitempty" json:"personnel,omitempty"`
	Facility      *FacilityFacts      `yaml:"facility,omitempty" json:"facility,omitempty"`
	Risk          *RiskFacts          `yaml:"risk,omitempty" json:"risk,omitempty"`
	Network       *NetworkFacts       `yaml:"network,omitempty" json:"network,omitempty"`
	Crypto        *CryptoFacts        `yaml:"crypto,omitempty" json:"crypto,omitempty"`
	Integrity     *IntegrityFacts     `yaml:"integrity,omitempty" json:"integrity,omitempty"`
	Backup        *BackupFacts        `yaml:"backup,omitempty" json:"backup,omitempty"`
}

// AccessFacts covers account, session and remote/wireless/mobile access
// (3.1.x).
type AccessFacts struct {
	AccountReviewDays      *int  `yaml:"account_review_days,omitempty" json:"account_review_days,omitempty"`
	LeastPrivilege         *bool `yaml:"least_privilege,omitempty" json:"least_privilege,omitempty"`
	SeparateAdminAccounts  *bool `yaml:"separate_admin_accounts,omitempty" json:"separate_admin_accounts,omitempty"`
	PrivilegedFunctionsLog *bool `yaml:"privileged_functions_logged,omitempty" json:"privileged_functions_logged,omitempty"`
	// Lockout after consecutive failed logons (3.1.8).
	Lockout *LockoutFacts `yaml:"lockout,omitempty" json:"lockout,omitempty"`
	// LogonBanner is the system use notification (3.1.9).
	LogonBanner *bool `yaml:"logon_banner,omitempty" json:"logon_banner,omitempty"`
	// SessionLock is the idle session lock (3.1.10).
	SessionLock *SessionLockFacts `yaml:"session_lock,omitempty" json:"session_lock,omitempty"`
	// SessionTerminationMinutes is the idle time after which a user
	// session is terminated automatically (3.1.11).
	SessionTerminationMinutes *int                `yaml:"session_termination_minutes,omitempty" json:"session_termination_minutes,omitempty"`
	RemoteAccess              *RemoteAccessFacts  `yaml:"remote_access,omitempty" json:"remote_access,omitempty"`
	Wireless                  *WirelessFacts      `yaml:"wireless,omitempty" json:"wireless,omitempty"`
	Mobile                    *MobileFacts        `yaml:"mobile,omitempty" json:"mobile,omitempty"`
	PortableStorageExternal   *bool               `yaml:"external_portable_storage_restricted,omitempty" json:"external_portable_storage_restricted,omitempty"`
	ExternalSystems           *ExternalSystemFact `yaml:"external_systems,omitempty" json:"external_systems,omitempty"`
	PublicContentReviewed     *bool               `yaml:"public_content_reviewed,omitempty" json:"public_content_reviewed,omitempty"`

	// PrivilegedRoleElevation says administrators work in a
	// non-privileged role and take a privileged role only for security
	// functions, in place of separate accounts (3.1.6: "accounts or
	// roles").
	PrivilegedRoleElevation *bool `yaml:"privileged_role_elevation,omitempty" json:"privileged_role_elevation,omitempty"`
	// PrintedNotices says the privacy and security notices are posted as
	// printed material where the system shows no banner (3.1.9).
	PrintedNotices *bool `yaml:"printed_notices,omitempty" json:"printed_notices,omitempty"`
}

// LockoutFacts describes account lockout.
type LockoutFacts struct {
	// Threshold is the number of consecutive failed attempts before
	// lockout; absent or 0 means no lockout.
	Threshold       *int `yaml:"threshold,omitempty" json:"threshold,omitempty"`
	DurationMinutes *int `yaml:"duration_minutes,omitempty" json:"duration_minutes,omitempty"`
}

// SessionLockFacts describes the idle session lock.
type SessionLockFacts struct {
	IdleMinutes   *int  `yaml:"idle_minutes,omitempty" json:"idle_minutes,omitempty"`
	PatternHiding *bool `yaml:"pattern_hiding,omitempty" json:"pattern_hiding,omitempty"`
}

// RemoteAccessFacts covers 3.1.12-3.1.15.
type RemoteAccessFacts struct {
	Permitted *bool `yaml:"permitted,omitempty" json:"permitted,omitempty"`
	// ProhibitedByPolicy says a policy and procedure stop the capability
	// from being enabled by mistake (DoD AM §5i(i)).
	ProhibitedByPolicy   *bool `yaml:"prohibited_by_policy,omitempty" json:"prohibited_by_policy,omitempty"`
	Monitored            *bool `yaml:"monitored,omitempty" json:"monitored,omitempty"`
	Encrypted            *bool `yaml:"encrypted,omitempty" json:"encrypted,omitempty"`
	ManagedAccessPoints  *bool `yaml:"managed_access_points,omitempty" json:"managed_access_points,omitempty"`
	PrivilegedAuthorized *bool `yaml:"privileged_commands_authorized,omitempty" json:"privileged_commands_authorized,omitempty"`
}

// WirelessFacts covers 3.1.16-3.1.17.
type WirelessFacts struct {
	Permitted          *bool `yaml:"permitted,omitempty" json:"permitted,omitempty"`
	ProhibitedByPolicy *bool `yaml:"prohibited_by_policy,omitempty" json:"prohibited_by_policy,omitempty"`
	Authentication     *bool `yaml:"authentication,omitempty" json:"authentication,omitempty"`
	Encryption         *bool `yaml:"encryption,omitempty" json:"encryption,omitempty"`
}

// MobileFacts covers 3.1.18-3.1.19.
type MobileFacts struct {
	Permitted          *bool `yaml:"permitted,omitempty" json:"permitted,omitempty"`
	ProhibitedByPolicy *bool `yaml:"prohibited_by_policy,omitempty" json:"prohibited_by_policy,omitempty"`
	Managed            *bool `yaml:"managed,omitempty" json:"managed,omitempty"`
	Encrypted          *bool `yaml:"encrypted,omitempty" json:"encrypted,omitempty"`
}

// ExternalSystemFact covers 3.1.20.
type ExternalSystemFact struct {
	Permitted *bool `yaml:"permitted,omitempty" json:"permitted,omitempty"`
	Verified  *bool `yaml:"connections_verified,omitempty" json:"connections_verified,omitempty"`
}

// IdentityFacts covers identification and authentication (3.5.x).
type IdentityFacts struct {
	UniqueUserIDs *bool          `yaml:"unique_user_ids,omitempty" json:"unique_user_ids,omitempty"`
	DeviceAuth    *bool          `yaml:"device_authentication,omitempty" json:"device_authentication,omitempty"`
	MFA           *MFAFacts      `yaml:"mfa,omitempty" json:"mfa,omitempty"`
	ReplayResist  *bool          `yaml:"replay_resistant,omitempty" json:"replay_resistant,omitempty"`
	ReuseDays     *int           `yaml:"identifier_reuse_prevention_days,omitempty" json:"identifier_reuse_prevention_days,omitempty"`
	InactiveDays  *int           `yaml:"identifier_inactivity_disable_days,omitempty" json:"identifier_inactivity_disable_days,omitempty"`
	Password      *PasswordFacts `yaml:"password,omitempty" json:"password,omitempty"`
}

// MFAFacts says where multifactor authentication is enforced (3.5.3).
type MFAFacts struct {
	PrivilegedLocal      *bool `yaml:"privileged_local,omitempty" json:"privileged_local,omitempty"`
	PrivilegedNetwork    *bool `yaml:"privileged_network,omitempty" json:"privileged_network,omitempty"`
	NonprivilegedNetwork *bool `yaml:"nonprivileged_network,omitempty" json:"nonprivileged_network,omitempty"`
	// RemoteAccess says MFA is enforced on every remote access path.
	RemoteAccess *bool `yaml:"remote_access,omitempty" json:"remote_access,omitempty"`
}

// PasswordFacts covers 3.5.7-3.5.11.
type PasswordFacts struct {
	MinLength         *int  `yaml:"min_length,omitempty" json:"min_length,omitempty"`
	Complexity        *bool `yaml:"complexity,omitempty" json:"complexity,omitempty"`
	History           *int  `yaml:"history,omitempty" json:"history,omitempty"`
	TemporaryChange   *bool `yaml:"temporary_change_required,omitempty" json:"temporary_change_required,omitempty"`
	StoredHashed      *bool `yaml:"stored_hashed,omitempty" json:"stored_hashed,omitempty"`
	TransmitEncrypted *bool `yaml:"transmitted_encrypted,omitempty" json:"transmitted_encrypted,omitempty"`
	FeedbackObscured  *bool `yaml:"feedback_obscured,omitempty" json:"feedback_obscured,omitempty"`
}

// AuditFacts covers audit and accountability (3.3.x).
type AuditFacts struct {
	LoggingEnabled   *bool `yaml:"logging_enabled,omitempty" json:"logging_enabled,omitempty"`
	EventsDefined    *bool `yaml:"events_defined,omitempty" json:"events_defined,omitempty"`
	RetentionDays    *int  `yaml:"retention_days,omitempty" json:"retention_days,omitempty"`
	UserAttribution  *bool `yaml:"user_attribution,omitempty" json:"user_attribution,omitempty"`
	ReviewDays       *int  `yaml:"review_interval_days,omitempty" json:"review_interval_days,omitempty"`
	FailureAlerting  *bool `yaml:"failure_alerting,omitempty" json:"failure_alerting,omitempty"`
	Correlation      *bool `yaml:"correlation,omitempty" json:"correlation,omitempty"`
	ReductionReports *bool `yaml:"reduction_reporting,omitempty" json:"reduction_reporting,omitempty"`
	TimeSync         *bool `yaml:"time_sync,omitempty" json:"time_sync,omitempty"`
	Protected        *bool `yaml:"protected,omitempty" json:"protected,omitempty"`
	AdminsRestricted *bool `yaml:"management_restricted,omitempty" json:"management_restricted,omitempty"`
	// ContinuousMonitoring says logs are monitored continuously, not only
	// kept (a Japanese emphasis).
	ContinuousMonitoring *bool `yaml:"continuous_monitoring,omitempty" json:"continuous_monitoring,omitempty"`
}

// ConfigurationFacts covers configuration management (3.4.x).
type ConfigurationFacts struct {
	BaselineDocumented *bool   `yaml:"baseline_documented,omitempty" json:"baseline_documented,omitempty"`
	Inventory          *bool   `yaml:"inventory,omitempty" json:"inventory,omitempty"`
	ChangeControl      *bool   `yaml:"change_control,omitempty" json:"change_control,omitempty"`
	SecurityImpact     *bool   `yaml:"security_impact_analysis,omitempty" json:"security_impact_analysis,omitempty"`
	NonessentialOff    *bool   `yaml:"nonessential_disabled,omitempty" json:"nonessential_disabled,omitempty"`
	SoftwarePolicy     *string `yaml:"software_execution_policy,omitempty" json:"software_execution_policy,omitempty"` // allowlist | denylist | none
	UserInstallBlocked *bool   `yaml:"user_installation_restricted,omitempty" json:"user_installation_restricted,omitempty"`
	AccessRestrictions *bool   `yaml:"change_access_restricted,omitempty" json:"change_access_restricted,omitempty"`
	BaselineReviewDays *int    `yaml:"baseline_review_days,omitempty" json:"baseline_review_days,omitempty"`
	// NonessentialRestricted says nonessential programs, functions,
	// ports, protocols and services that are not disabled are restricted
	// or prevented from use (3.4.7: "restrict, disable, or prevent").
	NonessentialRestricted *bool `yaml:"nonessential_restricted,omitempty" json:"nonessential_restricted,omitempty"`
}

// TrainingFacts covers awareness and training (3.2.x).
type TrainingFacts struct {
	LastAwareness     *Date    `yaml:"last_awareness,omitempty" json:"last_awareness,omitempty"`
	CompletionPercent *float64 `yaml:"completion_percent,omitempty" json:"completion_percent,omitempty"`
	InsiderThreat     *bool    `yaml:"insider_threat,omitempty" json:"insider_threat,omitempty"`
	RoleBased         *bool    `yaml:"role_based,omitempty" json:"role_based,omitempty"`
}

// IncidentFacts covers incident response (3.6.x).
type IncidentFacts struct {
	PlanDocumented *bool `yaml:"plan_documented,omitempty" json:"plan_documented,omitempty"`
	LastExercise   *Date `yaml:"last_exercise,omitempty" json:"last_exercise,omitempty"`
	// ReportingContact says the route to report incidents to the
	// Ministry (and, for US contracts, DoD) is set up.
	ReportingContact *bool `yaml:"reporting_contact,omitempty" json:"reporting_contact,omitempty"`
	TrackingTool     *bool `yaml:"tracking,omitempty" json:"tracking,omitempty"`
}

// MaintenanceFacts covers maintenance (3.7.x).
type MaintenanceFacts struct {
	RemoteMaintenanceMFA *bool `yaml:"remote_maintenance_mfa,omitempty" json:"remote_maintenance_mfa,omitempty"`
	RemoteMaintenanceEnd *bool `yaml:"remote_sessions_terminated,omitempty" json:"remote_sessions_terminated,omitempty"`
	MediaScanned         *bool `yaml:"diagnostic_media_scanned,omitempty" json:"diagnostic_media_scanned,omitempty"`
	OffsiteSanitized     *bool `yaml:"offsite_equipment_sanitized,omitempty" json:"offsite_equipment_sanitized,omitempty"`
	PersonnelSupervised  *bool `yaml:"personnel_supervised,omitempty" json:"personnel_supervised,omitempty"`
	ToolsControlled      *bool `yaml:"tools_controlled,omitempty" json:"tools_controlled,omitempty"`
}

// MediaFacts covers media protection (3.8.x).
type MediaFacts struct {
	// RemovableMedia is "blocked", "controlled" or "unrestricted".
	RemovableMedia         *string `yaml:"removable_media,omitempty" json:"removable_media,omitempty"`
	PortableEncrypted      *bool   `yaml:"portable_encrypted,omitempty" json:"portable_encrypted,omitempty"`
	StorageLocked          *bool   `yaml:"storage_locked,omitempty" json:"storage_locked,omitempty"`
	AccessRestricted       *bool   `yaml:"access_restricted,omitempty" json:"access_restricted,omitempty"`
	Marking                *bool   `yaml:"marking,omitempty" json:"marking,omitempty"`
	TransportAccountable   *bool   `yaml:"transport_accountability,omitempty" json:"transport_accountability,omitempty"`
	UnidentifiedProhibited *bool   `yaml:"unidentified_owner_prohibited,omitempty" json:"unidentified_owner_prohibited,omitempty"`
	// Sanitization is the method used before disposal or reuse, e.g.
	// "nist-800-88-purge", "nist-800-88-clear", "destroy", "none".
	Sanitization *string `yaml:"sanitization,omitempty" json:"sanitization,omitempty"`
	// DisposalCertificates says certificates of disposal are kept.
	DisposalCertificates *bool `yaml:"disposal_certificates,omitempty" json:"disposal_certificates,omitempty"`
	// ControlledMediaLibrary says media not in locked storage are kept in
	// a controlled media library (3.8.1).
	ControlledMediaLibrary *bool `yaml:"controlled_media_library,omitempty" json:"controlled_media_library,omitempty"`
	// TransportPhysicalSafeguards says unencrypted CUI on digital media in
	// transport is protected by alternative physical safeguards (3.8.6).
	TransportPhysicalSafeguards *bool `yaml:"transport_physical_safeguards,omitempty" json:"transport_physical_safeguards,omitempty"`
}

// PersonnelFacts covers personnel security (3.9.x).
type PersonnelFacts struct {
	Screening *bool `yaml:"screening,omitempty" json:"screening,omitempty"`
	// AccessRevocationHours is the longest time, in hours, between a
	// termination or transfer and the removal of access.
	AccessRevocationHours *int  `yaml:"access_revocation_hours,omitempty" json:"access_revocation_hours,omitempty"`
	CredentialsReturned   *bool `yaml:"credentials_returned,omitempty" json:"credentials_returned,omitempty"`
}

// FacilityFacts covers the handling facility (取扱施設) and physical
// protection (3.10.x).
type FacilityFacts struct {
	// EntryControl is "biometric", "badge", "keypad", "key", "guard"
	// (entry checked by guards or a staffed reception) or "none".
	EntryControl          *string `yaml:"entry_control,omitempty" json:"entry_control,omitempty"`
	AuthorizedList        *bool   `yaml:"authorized_list,omitempty" json:"authorized_list,omitempty"`
	Monitoring            *bool   `yaml:"monitoring,omitempty" json:"monitoring,omitempty"`
	VisitorEscort         *bool   `yaml:"visitor_escort,omitempty" json:"visitor_escort,omitempty"`
	VisitorLog            *bool   `yaml:"visitor_log,omitempty" json:"visitor_log,omitempty"`
	EntryLog              *bool   `yaml:"entry_log,omitempty" json:"entry_log,omitempty"`
	EntryLogRetentionDays *int    `yaml:"entry_log_retention_days,omitempty" json:"entry_log_retention_days,omitempty"`
	KeyCustody            *bool   `yaml:"key_custody,omitempty" json:"key_custody,omitempty"`
	AlternateSites        *bool   `yaml:"alternate_sites_safeguarded,omitempty" json:"alternate_sites_safeguarded,omitempty"`
	ScreensShielded       *bool   `yaml:"screens_shielded,omitempty" json:"screens_shielded,omitempty"`
}

// RiskFacts covers risk assessment (3.11.x) and security assessment
// (3.12.x).
type RiskFacts struct {
	LastRiskAssessment *Date `yaml:"last_risk_assessment,omitempty" json:"last_risk_assessment,omitempty"`
	VulnScanDays       *int  `yaml:"vulnerability_scan_interval_days,omitempty" json:"vulnerability_scan_interval_days,omitempty"`
	CriticalRemedyDays *int  `yaml:"critical_vulnerability_remediation_days,omitempty" json:"critical_vulnerability_remediation_days,omitempty"`
	LastControlReview  *Date `yaml:"last_control_assessment,omitempty" json:"last_control_assessment,omitempty"`
	ContinuousMonitor  *bool `yaml:"continuous_monitoring,omitempty" json:"continuous_monitoring,omitempty"`
}

// NetworkFacts covers boundary protection (3.13.x).
type NetworkFacts struct {
	BoundaryFirewall   *bool `yaml:"boundary_firewall,omitempty" json:"boundary_firewall,omitempty"`
	DenyByDefault      *bool `yaml:"deny_by_default,omitempty" json:"deny_by_default,omitempty"`
	PublicSubnetwork   *bool `yaml:"public_components_separated,omitempty" json:"public_components_separated,omitempty"`
	SplitTunnelBlocked *bool `yaml:"split_tunneling_prevented,omitempty" json:"split_tunneling_prevented,omitempty"`
	SessionAuthentic   *bool `yaml:"session_authenticity,omitempty" json:"session_authenticity,omitempty"`
	IdleDisconnectMin  *int  `yaml:"idle_disconnect_minutes,omitempty" json:"idle_disconnect_minutes,omitempty"`
	CollabDevicesCtl   *bool `yaml:"collaborative_devices_controlled,omitempty" json:"collaborative_devices_controlled,omitempty"`
	MobileCodeCtl      *bool `yaml:"mobile_code_controlled,omitempty" json:"mobile_code_controlled,omitempty"`
	VoIPCtl            *bool `yaml:"voip_controlled,omitempty" json:"voip_controlled,omitempty"`
	// CarrierMPLS says CUI transits only a common-carrier MPLS service
	// that provides separation (DoD AM §5i(ii), 3.13.8).
	CarrierMPLS *bool `yaml:"carrier_mpls,omitempty" json:"carrier_mpls,omitempty"`
	// TransitPhysicalSafeguards says CUI not encrypted in transit is
	// protected by alternative physical safeguards, such as a protected
	// distribution system (3.13.8).
	TransitPhysicalSafeguards *bool `yaml:"transit_physical_safeguards,omitempty" json:"transit_physical_safeguards,omitempty"`
	// HostFirewall says a host firewall is on in every profile of every
	// in-scope host and blocks unsolicited inbound traffic (3.13.1 at
	// internal boundaries); it is what machines report, host by host.
	HostFirewall *bool `yaml:"host_firewall,omitempty" json:"host_firewall,omitempty"`
}

// CryptoFacts covers cryptographic protection (3.13.8, 3.13.10,
// 3.13.11, 3.13.16, 3.8.6).
type CryptoFacts struct {
	TransitEncrypted *bool `yaml:"transit_encrypted,omitempty" json:"transit_encrypted,omitempty"`
	AtRestEncrypted  *bool `yaml:"at_rest_encrypted,omitempty" json:"at_rest_encrypted,omitempty"`
	KeyManagement    *bool `yaml:"key_management,omitempty" json:"key_management,omitempty"`
	// FullDiskEncryption says every fixed disk of every in-scope host is
	// encrypted (BitLocker, LUKS): one way to protect CUI at rest
	// (3.13.16), narrower than AtRestEncrypted.
	FullDiskEncryption *bool `yaml:"full_disk_encryption,omitempty" json:"full_disk_encryption,omitempty"`
	// FIPSMode says the operating system's cryptography runs in FIPS
	// mode on every in-scope host (Linux fips_enabled, Windows "use FIPS
	// compliant algorithms"), so its validated modules operate as
	// validated (3.13.11).
	FIPSMode *bool `yaml:"fips_mode,omitempty" json:"fips_mode,omitempty"`
	// Modules lists the cryptographic modules that protect CUI.
	Modules []CryptoModule `yaml:"modules,omitempty" json:"modules,omitempty"`
	// AtRestOtherProtection says CUI at rest that is not encrypted is
	// protected by other means SP 800-171 3.13.16 names, such as secure
	// off-line storage.
	AtRestOtherProtection *bool `yaml:"at_rest_other_protection,omitempty" json:"at_rest_other_protection,omitempty"`
}

// CryptoModule is one cryptographic module protecting CUI.
type CryptoModule struct {
	Name string `yaml:"name" json:"name"`
	// CMVPCertificate is the FIPS 140 validation certificate number;
	// empty when the module is not validated.
	CMVPCertificate string `yaml:"cmvp_certificate,omitempty" json:"cmvp_certificate,omitempty"`
	// Status of the certificate: "active", "historical" or "revoked".
	Status string `yaml:"status,omitempty" json:"status,omitempty"`
	Usage  string `yaml:"usage,omitempty" json:"usage,omitempty"` // at_rest | in_transit | both
}

// IntegrityFacts covers system and information integrity (3.14.x).
type IntegrityFacts struct {
	// PatchCriticalDays is the longest time, in days, taken to apply a
	// critical security patch over the last year.
	PatchCriticalDays *int  `yaml:"patch_critical_days,omitempty" json:"patch_critical_days,omitempty"`
	AlertsSubscribed  *bool `yaml:"security_alerts_subscribed,omitempty" json:"security_alerts_subscribed,omitempty"`
	// AutomaticUpdates says security updates are installed automatically
	// on every in-scope host (unattended-upgrades, dnf-automatic, Windows
	// Update), one way to correct flaws in time (3.14.1).
	AutomaticUpdates *bool            `yaml:"automatic_updates,omitempty" json:"automatic_updates,omitempty"`
	Malware          *MalwareFacts    `yaml:"malware,omitempty" json:"malware,omitempty"`
	Monitoring       *MonitoringFacts `yaml:"monitoring,omitempty" json:"monitoring,omitempty"`
}

// MalwareFacts covers malicious code protection (3.14.2, 3.14.4, 3.14.5).
type MalwareFacts struct {
	Deployed            *bool `yaml:"deployed,omitempty" json:"deployed,omitempty"`
	UpdateIntervalHours *int  `yaml:"update_interval_hours,omitempty" json:"update_interval_hours,omitempty"`
	RealTime            *bool `yaml:"real_time,omitempty" json:"real_time,omitempty"`
	PeriodicScanDays    *int  `yaml:"periodic_scan_days,omitempty" json:"periodic_scan_days,omitempty"`
}

// MonitoringFacts covers system monitoring (3.14.6, 3.14.7).
type MonitoringFacts struct {
	InboundOutbound *bool `yaml:"inbound_outbound,omitempty" json:"inbound_outbound,omitempty"`
	IntrusionDetect *bool `yaml:"intrusion_detection,omitempty" json:"intrusion_detection,omitempty"`
	UnauthorizedUse *bool `yaml:"unauthorized_use_detection,omitempty" json:"unauthorized_use_detection,omitempty"`
}

// BackupFacts covers backups and recovery (3.8.9 and the Japanese
// standard's recovery emphasis).
type BackupFacts struct {
	Enabled         *bool `yaml:"enabled,omitempty" json:"enabled,omitempty"`
	Encrypted       *bool `yaml:"encrypted,omitempty" json:"encrypted,omitempty"`
	Offline         *bool `yaml:"offline_copy,omitempty" json:"offline_copy,omitempty"`
	LastRestoreTest *Date `yaml:"last_restore_test,omitempty" json:"last_restore_test,omitempty"`
	// PhysicalSafeguards says backups that are not encrypted are protected
	// by alternative physical controls at their storage locations (3.8.9).
	PhysicalSafeguards *bool `yaml:"physical_safeguards,omitempty" json:"physical_safeguards,omitempty"`
}

var factsType = reflect.TypeFor[Facts]()

// factField is one path of the Facts type: a section or a fact.
type factField struct {
	path string
	typ  reflect.Type // the value's type, pointers removed
	fact bool         // a fact, not a section that holds facts
}

// factFields lists every path of the Facts type in document order.
var factFields = func() []factField {
	var out []factField
	var walk func(t reflect.Type, prefix string)
	walk = func(t reflect.Type, prefix string) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name := FieldKey(f)
			if name == "" {
				continue
			}
			p := name
			if prefix != "" {
				p = prefix + "." + name
			}
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			section := ft.Kind() == reflect.Struct && ft != dateType
			out = append(out, factField{path: p, typ: ft, fact: !section})
			if section {
				walk(ft, p)
			}
		}
	}
	walk(factsType, "")
	return out
}()

// FactPaths lists every path the Facts schema defines, sections
// included ("identity", "identity.mfa", "identity.mfa.privileged_local"),
// with true for a fact and false for a section that holds facts.
func FactPaths() map[string]bool {
	out := make(map[string]bool, len(factFields))
	for _, f := range factFields {
		out[f.path] = f.fact
	}
	return out
}

// FieldKey is the document key of a struct field (its yaml tag's name),
// or "" for a field that documents do not carry.
func FieldKey(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	if name == "-" || !f.IsExported() {
		return ""
	}
	return name
}

// Value returns the fact at path (a fact, not a section), and false when
// the facts do not give it.
func (f *Facts) Value(path string) (any, bool) {
	if f == nil {
		return nil, false
	}
	v := reflect.ValueOf(f).Elem()
	for _, part := range strings.Split(path, ".") {
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return nil, false
			}
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct || v.Type() == dateType {
			return nil, false
		}
		found := false
		for i := 0; i < v.NumField(); i++ {
			if FieldKey(v.Type().Field(i)) == part {
				v, found = v.Field(i), true
				break
			}
		}
		if !found {
			return nil, false
		}
	}
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil, false
		}
		v = v.Elem()
	}
	if v.Kind() == reflect.Slice && v.Len() == 0 {
		return nil, false
	}
	return v.Interface(), true
}

// Leaf is one fact a Facts value gives: its path and its value (bool,
// int, float64, string, Date or []CryptoModule).
type Leaf struct {
	Path  string
	Value any
}

// Leaves lists the facts given, in the order of the evidence format.
func (f *Facts) Leaves() []Leaf {
	if f == nil {
		return nil
	}
	var out []Leaf
	var walk func(v reflect.Value, prefix string)
	walk = func(v reflect.Value, prefix string) {
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			name := FieldKey(t.Field(i))
			if name == "" {
				continue
			}
			p := name
			if prefix != "" {
				p = prefix + "." + name
			}
			fv := v.Field(i)
			if fv.Kind() == reflect.Pointer {
				if fv.IsNil() {
					continue
				}
				fv = fv.Elem()
			}
			switch {
			case fv.Kind() == reflect.Struct && fv.Type() != dateType:
				walk(fv, p)
			case fv.Kind() == reflect.Slice:
				if fv.Len() > 0 {
					out = append(out, Leaf{p, fv.Interface()})
				}
			default:
				out = append(out, Leaf{p, fv.Interface()})
			}
		}
	}
	walk(reflect.ValueOf(f).Elem(), "")
	return out
}

// Set gives the fact at path the value v, which must have the fact's
// type (an int for an integer fact, a Date for a date).
func (f *Facts) Set(path string, v any) error {
	cur := reflect.ValueOf(f).Elem()
	parts := strings.Split(path, ".")
	for i, part := range parts {
		var fv reflect.Value
		for j := 0; j < cur.NumField(); j++ {
			if FieldKey(cur.Type().Field(j)) == part {
				fv = cur.Field(j)
				break
			}
		}
		if !fv.IsValid() {
			return fmt.Errorf("unknown fact %q", path)
		}
		if i < len(parts)-1 {
			if fv.Kind() != reflect.Pointer || fv.Type().Elem().Kind() != reflect.Struct {
				return fmt.Errorf("unknown fact %q", path)
			}
			if fv.IsNil() {
				fv.Set(reflect.New(fv.Type().Elem()))
			}
			cur = fv.Elem()
			continue
		}
		val := reflect.ValueOf(v)
		target := fv.Type()
		if target.Kind() == reflect.Pointer {
			target = target.Elem()
		}
		if !val.IsValid() || val.Type() != target {
			return fmt.Errorf("%s: expected %s, got %T", path, FactKind(path), v)
		}
		if fv.Kind() == reflect.Pointer {
			p := reflect.New(target)
			p.Elem().Set(val)
			fv.Set(p)
		} else {
			fv.Set(val)
		}
		return nil
	}
	return fmt.Errorf("unknown fact %q", path)
}

package evidence

// What a cloud service in scope holds (CloudService.Holds). The first
// three are 保護すべき情報 (the counterpart of CUI): a service that
// stores, processes or transmits it is an external system used for it
// (SP 800-171 Rev 2, 3.1.20 and its discussion). Security protection
// data (logs, configuration, alerts about the systems in scope) is not
// protected information: DFARS 252.204-7012(b)(2)(ii)(D) does not reach
// a service holding only that, which stays in scope as a security
// protection asset (CMMC Level 2 Scoping Guide).
const (
	HoldsStored                 = "stored"
	HoldsProcessed              = "processed"
	HoldsTransmitted            = "transmitted"
	HoldsSecurityProtectionData = "security_protection_data"
)

// CloudHolds lists the values of CloudService.Holds.
var CloudHolds = []string{HoldsStored, HoldsProcessed, HoldsTransmitted, HoldsSecurityProtectionData}

// FedRAMP impact levels (CloudService.FedRAMP.Level). DFARS
// 252.204-7012(b)(2)(ii)(D) requires the Moderate baseline or its
// equivalent of a cloud service holding covered defense information.
const (
	FedRAMPLow      = "low"
	FedRAMPLISaaS   = "li-saas"
	FedRAMPModerate = "moderate"
	FedRAMPHigh     = "high"
)

// FedRAMPLevels lists the FedRAMP impact levels, lowest first.
var FedRAMPLevels = []string{FedRAMPLISaaS, FedRAMPLow, FedRAMPModerate, FedRAMPHigh}

// CloudService is an external cloud service in scope: what it is, who
// provides it, what it holds and where, and the assessment it rests on:
// its registration on an ISMAP list (ISMAP クラウドサービスリスト or
// ISMAP-LIU) or its FedRAMP authorisation.
type CloudService struct {
	// ID is how the evidence and the verdict refer to the service.
	ID       string `yaml:"id" json:"id"`
	Service  string `yaml:"service" json:"service"`
	Provider string `yaml:"provider" json:"provider"`
	// Holds says what the service holds: stored, processed,
	// transmitted (保護すべき情報), or security_protection_data.
	Holds []string `yaml:"holds" json:"holds"`
	// Region is where the service keeps the data (a country, region or
	// data centre), as the provider names it.
	Region string `yaml:"region,omitempty" json:"region,omitempty"`
	// ISMAP is the service's registration number (登録番号) on the ISMAP
	// or ISMAP-LIU cloud service list.
	ISMAP   string                `yaml:"ismap,omitempty" json:"ismap,omitempty"`
	FedRAMP *FedRAMPAuthorization `yaml:"fedramp,omitempty" json:"fedramp,omitempty"`
	// Artifacts are the documents about the service relied on (the
	// contract, the customer responsibility matrix); each is declared
	// under artifacts.
	Artifacts []string `yaml:"artifacts,omitempty" json:"artifacts,omitempty"`
}

// FedRAMPAuthorization is a cloud service's FedRAMP authorisation, or
// its FedRAMP Moderate equivalency under the DoD CIO memorandum of
// 21 December 2023.
type FedRAMPAuthorization struct {
	// PackageID is the FedRAMP Marketplace package ID.
	PackageID string `yaml:"package_id,omitempty" json:"package_id,omitempty"`
	// Level is the impact level: li-saas, low, moderate or high.
	Level string `yaml:"level" json:"level"`
	// Equivalency is the ID of the artifact holding the body of evidence
	// for FedRAMP Moderate equivalency (a FedRAMP-recognised 3PAO's
	// assessment), for a service without a FedRAMP authorisation.
	Equivalency string `yaml:"equivalency,omitempty" json:"equivalency,omitempty"`
}

// HoldsProtected reports whether the service stores, processes or
// transmits protected information.
func (s *CloudService) HoldsProtected() bool {
	for _, h := range s.Holds {
		if h == HoldsStored || h == HoldsProcessed || h == HoldsTransmitted {
			return true
		}
	}
	return false
}

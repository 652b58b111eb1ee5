package windows

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mamori-dev/mamori/engine/collect"
)

// bitlockerVolume is one item of Get-BitLockerVolume as Script selects
// it (Microsoft Learn, "Get-BitLockerVolume" and the BitLockerVolume
// class: MountPoint, VolumeType, VolumeStatus, ProtectionStatus,
// EncryptionPercentage, EncryptionMethod).
type bitlockerVolume struct {
	MountPoint           string  `json:"MountPoint"`
	VolumeType           string  `json:"VolumeType"`
	VolumeStatus         string  `json:"VolumeStatus"`
	ProtectionStatus     string  `json:"ProtectionStatus"`
	EncryptionPercentage float64 `json:"EncryptionPercentage"`
	EncryptionMethod     string  `json:"EncryptionMethod"`
}

var (
	volumeTypes      = []string{"OperatingSystem", "Data", "FixedData", "Removable"}
	volumeStatuses   = []string{"FullyDecrypted", "FullyEncrypted", "EncryptionInProgress", "DecryptionInProgress", "EncryptionSuspended", "DecryptionSuspended", "EncryptionPaused", "DecryptionPaused"}
	protectionStates = []string{"Off", "On", "Unknown"}
)

func oneOf(file string, i int, field, v string, allowed []string) error {
	if !slices.Contains(allowed, v) {
		return collect.PlaceErrorf(file, fmt.Sprintf("[%d]", i), field, "expected one of %s, got %q (run the command as given: it writes enumerations as text)", strings.Join(allowed, ", "), v)
	}
	return nil
}

// bitlocker: full-disk encryption holds when every fixed volume (the
// operating system's and fixed data volumes) is fully encrypted with
// protection on. Removable volumes are left out. It says nothing of
// CUI at rest elsewhere (file servers, cloud storage), so it is not
// crypto.at_rest_encrypted.
func bitlocker(raw *collect.Raw) ([]collect.Observation, []string, error) {
	name := raw.Input.Name
	vols, err := decodeList[bitlockerVolume](raw)
	if err != nil {
		return nil, nil, err
	}
	if len(vols) == 0 {
		return nil, nil, collect.Errorf(name, 0, "", "no volumes: expected Get-BitLockerVolume's output")
	}
	holds := true
	fixed := 0
	var basis []collect.Basis
	for i, v := range vols {
		if strings.TrimSpace(v.MountPoint) == "" {
			return nil, nil, collect.PlaceErrorf(name, fmt.Sprintf("[%d]", i), "MountPoint", "required")
		}
		if err := oneOf(name, i, "VolumeType", v.VolumeType, volumeTypes); err != nil {
			return nil, nil, err
		}
		if err := oneOf(name, i, "VolumeStatus", v.VolumeStatus, volumeStatuses); err != nil {
			return nil, nil, err
		}
		if err := oneOf(name, i, "ProtectionStatus", v.ProtectionStatus, protectionStates); err != nil {
			return nil, nil, err
		}
		if v.EncryptionPercentage < 0 || v.EncryptionPercentage > 100 {
			return nil, nil, collect.PlaceErrorf(name, fmt.Sprintf("[%d]", i), "EncryptionPercentage", "expected 0 to 100, got %v", v.EncryptionPercentage)
		}
		if v.VolumeType == "Removable" {
			continue
		}
		fixed++
		ok := v.VolumeStatus == "FullyEncrypted" && v.ProtectionStatus == "On"
		holds = holds && ok
		basis = append(basis, collect.Basis{Input: name, Setting: v.MountPoint,
			Value: fmt.Sprintf("%s, %s, protection %s", v.VolumeType, v.VolumeStatus, v.ProtectionStatus)})
	}
	if fixed == 0 {
		return nil, []string{name + ": only removable volumes: encryption of fixed disks not established"}, nil
	}
	return []collect.Observation{{Fact: "crypto.full_disk_encryption", Value: collect.Bool(holds), Basis: basis}}, nil, nil
}

// mpStatus is Get-MpComputerStatus as Script selects it (Microsoft
// Learn, "Get-MpComputerStatus" and the MSFT_MpComputerStatus class).
type mpStatus struct {
	AMServiceEnabled              *bool   `json:"AMServiceEnabled"`
	AntivirusEnabled              *bool   `json:"AntivirusEnabled"`
	RealTimeProtectionEnabled     *bool   `json:"RealTimeProtectionEnabled"`
	AntivirusSignatureLastUpdated *string `json:"AntivirusSignatureLastUpdated"`
	AntivirusSignatureAge         *int64  `json:"AntivirusSignatureAge"`
	AntivirusSignatureVersion     string  `json:"AntivirusSignatureVersion"`
	FullScanAge                   *int64  `json:"FullScanAge"`
	QuickScanAge                  *int64  `json:"QuickScanAge"`
	AMProductVersion              string  `json:"AMProductVersion"`
}

// neverScanned is the age Defender gives when no scan has run (UInt32's
// largest value).
const neverScanned = math.MaxUint32

func defender(raw *collect.Raw, collected time.Time) ([]collect.Observation, []string, error) {
	name := raw.Input.Name
	list, err := decodeList[mpStatus](raw)
	if err != nil {
		return nil, nil, err
	}
	if len(list) != 1 {
		return nil, nil, collect.Errorf(name, 0, "", "expected one status object, got %d", len(list))
	}
	s := list[0]
	for field, p := range map[string]*bool{"AMServiceEnabled": s.AMServiceEnabled, "AntivirusEnabled": s.AntivirusEnabled, "RealTimeProtectionEnabled": s.RealTimeProtectionEnabled} {
		if p == nil {
			return nil, nil, collect.Errorf(name, 0, field, "required: true or false")
		}
	}
	b := func(setting, v string) []collect.Basis {
		return []collect.Basis{{Input: name, Setting: setting, Value: v}}
	}
	deployed := *s.AMServiceEnabled && *s.AntivirusEnabled
	obs := []collect.Observation{
		{Fact: "integrity.malware.deployed", Value: collect.Bool(deployed), Basis: []collect.Basis{
			{Input: name, Setting: "AMServiceEnabled", Value: strconv.FormatBool(*s.AMServiceEnabled)},
			{Input: name, Setting: "AntivirusEnabled", Value: strconv.FormatBool(*s.AntivirusEnabled)}}},
		{Fact: "integrity.malware.real_time", Value: collect.Bool(*s.RealTimeProtectionEnabled),
			Basis: b("RealTimeProtectionEnabled", strconv.FormatBool(*s.RealTimeProtectionEnabled))},
	}
	var notes []string
	// The definitions' age at the time of collection is a lower bound on
	// the update interval: definitions 50 hours old mean updates at least
	// 50 hours apart.
	if s.AntivirusSignatureLastUpdated != nil {
		t, err := parseTime(*s.AntivirusSignatureLastUpdated)
		if err != nil {
			return nil, nil, collect.Errorf(name, 0, "AntivirusSignatureLastUpdated", "expected a date and time in ISO 8601, got %q", *s.AntivirusSignatureLastUpdated)
		}
		if t.After(collected) {
			return nil, nil, collect.Errorf(name, 0, "AntivirusSignatureLastUpdated", "%s is after the time of collection %s (host.json)", t.Format(time.RFC3339), collected.Format(time.RFC3339))
		}
		hours := int(collected.Sub(t).Hours())
		obs = append(obs, collect.Observation{Fact: "integrity.malware.update_interval_hours", Value: collect.Int(hours), Bound: collect.AtLeast,
			Basis: b("AntivirusSignatureLastUpdated", *s.AntivirusSignatureLastUpdated)})
	} else if s.AntivirusSignatureAge != nil {
		if *s.AntivirusSignatureAge < 0 || *s.AntivirusSignatureAge > neverScanned {
			return nil, nil, collect.Errorf(name, 0, "AntivirusSignatureAge", "expected days, got %d", *s.AntivirusSignatureAge)
		}
		obs = append(obs, collect.Observation{Fact: "integrity.malware.update_interval_hours", Value: collect.Int(int(*s.AntivirusSignatureAge) * 24), Bound: collect.AtLeast,
			Basis: b("AntivirusSignatureAge", strconv.FormatInt(*s.AntivirusSignatureAge, 10))})
	}
	// Days since the last scan of either kind: a lower bound on the
	// interval between scans.
	age, setting := int64(-1), ""
	for _, sa := range []struct {
		name string
		v    *int64
	}{{"QuickScanAge", s.QuickScanAge}, {"FullScanAge", s.FullScanAge}} {
		if sa.v == nil {
			continue
		}
		if *sa.v < 0 || *sa.v > neverScanned {
			return nil, nil, collect.Errorf(name, 0, sa.name, "expected days, got %d", *sa.v)
		}
		if *sa.v != neverScanned && (age < 0 || *sa.v < age) {
			age, setting = *sa.v, sa.name
		}
	}
	switch {
	case age >= 0:
		obs = append(obs, collect.Observation{Fact: "integrity.malware.periodic_scan_days", Value: collect.Int(int(age)), Bound: collect.AtLeast,
			Basis: b(setting, strconv.FormatInt(age, 10))})
	case s.QuickScanAge != nil || s.FullScanAge != nil:
		notes = append(notes, name+": no scan has ever run (QuickScanAge and FullScanAge 4294967295)")
	}
	return obs, notes, nil
}

// firewallProfile is one item of Get-NetFirewallProfile as Script
// selects it (Microsoft Learn, "Get-NetFirewallProfile"; Enabled is a
// GpoBoolean, the actions an Action: NotConfigured, Allow, Block).
type firewallProfile struct {
	Name                  string `json:"Name"`
	Enabled               string `json:"Enabled"`
	DefaultInboundAction  string `json:"DefaultInboundAction"`
	DefaultOutboundAction string `json:"DefaultOutboundAction"`
}

// firewall: the host firewall holds when every profile is on and blocks
// unsolicited inbound traffic by default (NotConfigured inbound is
// Windows' default, which blocks); a profile that is off or allows
// inbound traffic by default makes it false. What the host's firewall
// does says nothing of the network's boundary, so it is not
// network.deny_by_default.
func firewall(raw *collect.Raw) ([]collect.Observation, []string, error) {
	name := raw.Input.Name
	profiles, err := decodeList[firewallProfile](raw)
	if err != nil {
		return nil, nil, err
	}
	seen := map[string]bool{}
	holds := true
	var basis []collect.Basis
	for i, p := range profiles {
		if err := oneOf(name, i, "Name", p.Name, []string{"Domain", "Private", "Public"}); err != nil {
			return nil, nil, err
		}
		if seen[p.Name] {
			return nil, nil, collect.PlaceErrorf(name, fmt.Sprintf("[%d]", i), "Name", "profile %s given twice", p.Name)
		}
		seen[p.Name] = true
		if err := oneOf(name, i, "Enabled", p.Enabled, []string{"True", "False", "NotConfigured"}); err != nil {
			return nil, nil, err
		}
		for field, v := range map[string]string{"DefaultInboundAction": p.DefaultInboundAction, "DefaultOutboundAction": p.DefaultOutboundAction} {
			if err := oneOf(name, i, field, v, []string{"NotConfigured", "Allow", "Block"}); err != nil {
				return nil, nil, err
			}
		}
		holds = holds && p.Enabled != "False" && p.DefaultInboundAction != "Allow"
		basis = append(basis, collect.Basis{Input: name, Setting: p.Name,
			Value: fmt.Sprintf("Enabled %s, inbound %s, outbound %s", p.Enabled, p.DefaultInboundAction, p.DefaultOutboundAction)})
	}
	if len(seen) != 3 {
		return nil, nil, collect.Errorf(name, 0, "Name", "expected the Domain, Private and Public profiles, got %d", len(seen))
	}
	return []collect.Observation{{Fact: "network.host_firewall", Value: collect.Bool(holds), Basis: basis}}, nil, nil
}

// auPolicy is the Windows Update policy as Script reads it from
// HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate\AU (Microsoft
// Learn, "Configure Automatic Updates": NoAutoUpdate 1 turns automatic
// updates off; AUOptions 2 notifies before download, 3 downloads and
// notifies, 4 downloads and installs on a schedule, 5 lets the local
// administrator choose, 7 downloads and notifies to install and
// restart).
type auPolicy struct {
	NoAutoUpdate *int64 `json:"NoAutoUpdate"`
	AUOptions    *int64 `json:"AUOptions"`
}

// windowsUpdate: updates are installed automatically when the policy
// says AUOptions 4 and does not turn them off. Without a policy (an
// empty file: the key does not exist) the setting is Windows' own, which
// the export cannot show, and nothing is established.
func windowsUpdate(raw *collect.Raw) ([]collect.Observation, []string, error) {
	name := raw.Input.Name
	text, err := collect.DecodeText(name, raw.Data)
	if err != nil {
		return nil, nil, err
	}
	if strings.TrimSpace(text) == "" {
		return nil, []string{name + ": no Windows Update policy (HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU): automatic updates are Windows' own setting, not established"}, nil
	}
	list, err := decodeList[auPolicy](raw)
	if err != nil {
		return nil, nil, err
	}
	if len(list) != 1 {
		return nil, nil, collect.Errorf(name, 0, "", "expected one policy object, got %d", len(list))
	}
	p := list[0]
	b := func(setting string, v int64) []collect.Basis {
		return []collect.Basis{{Input: name, Setting: setting, Value: strconv.FormatInt(v, 10)}}
	}
	if p.NoAutoUpdate != nil {
		switch *p.NoAutoUpdate {
		case 1:
			return []collect.Observation{{Fact: "integrity.automatic_updates", Value: collect.Bool(false), Basis: b("NoAutoUpdate", 1)}}, nil, nil
		case 0:
		default:
			return nil, nil, collect.Errorf(name, 0, "NoAutoUpdate", "expected 0 or 1, got %d", *p.NoAutoUpdate)
		}
	}
	if p.AUOptions == nil {
		return nil, []string{name + ": AUOptions not set by policy: automatic updates not established"}, nil
	}
	switch *p.AUOptions {
	case 4:
		return []collect.Observation{{Fact: "integrity.automatic_updates", Value: collect.Bool(true), Basis: b("AUOptions", 4)}}, nil, nil
	case 2, 3, 7:
		return []collect.Observation{{Fact: "integrity.automatic_updates", Value: collect.Bool(false), Basis: b("AUOptions", *p.AUOptions)}}, nil, nil
	case 5:
		return nil, []string{name + ": AUOptions 5: the local administrator chooses: automatic updates not established"}, nil
	}
	return nil, nil, collect.Errorf(name, 0, "AUOptions", "expected 2, 3, 4, 5 or 7, got %d", *p.AUOptions)
}

// member is one item of Get-LocalGroupMember as Script selects it
// (Microsoft Learn, "Get-LocalGroupMember": Name, SID, ObjectClass,
// PrincipalSource).
type member struct {
	Name            string `json:"Name"`
	SID             string `json:"SID"`
	ObjectClass     string `json:"ObjectClass"`
	PrincipalSource string `json:"PrincipalSource"`
}

// broadSIDs are well-known principals that stand for everyone or every
// user; one of them in the local Administrators group makes every user
// an administrator.
var broadSIDs = map[string]string{
	"S-1-1-0":      "Everyone",
	"S-1-5-11":     "Authenticated Users",
	"S-1-5-4":      "INTERACTIVE",
	"S-1-5-32-545": "Users",
}

// administrators: the members of the local Administrators group are
// listed in the notes; everyone or every user in the group contradicts
// least privilege. Which other members are too many is for people to
// judge.
func administrators(raw *collect.Raw) ([]collect.Observation, []string, error) {
	name := raw.Input.Name
	members, err := decodeList[member](raw)
	if err != nil {
		return nil, nil, err
	}
	var names []string
	var broad []collect.Basis
	for i, m := range members {
		if strings.TrimSpace(m.Name) == "" {
			return nil, nil, collect.PlaceErrorf(name, fmt.Sprintf("[%d]", i), "Name", "required")
		}
		if !strings.HasPrefix(m.SID, "S-1-") {
			return nil, nil, collect.PlaceErrorf(name, fmt.Sprintf("[%d]", i), "SID", "expected a SID such as S-1-5-21-...-500, got %q (run the command as given: it writes the SID as text)", m.SID)
		}
		if err := oneOf(name, i, "ObjectClass", m.ObjectClass, []string{"User", "Group", "Computer", "Other"}); err != nil {
			return nil, nil, err
		}
		names = append(names, fmt.Sprintf("%s (%s, %s)", m.Name, m.ObjectClass, m.PrincipalSource))
		// Domain Users is RID 513 of a domain.
		if what, ok := broadSIDs[m.SID]; ok {
			broad = append(broad, collect.Basis{Input: name, Setting: m.Name, Value: m.SID + " " + what})
		} else if strings.HasPrefix(m.SID, "S-1-5-21-") && strings.HasSuffix(m.SID, "-513") {
			broad = append(broad, collect.Basis{Input: name, Setting: m.Name, Value: m.SID + " Domain Users"})
		}
	}
	notes := []string{fmt.Sprintf("%s: %d members of the local Administrators group: %s", name, len(members), strings.Join(names, "; "))}
	if len(broad) > 0 {
		return []collect.Observation{{Fact: "access.least_privilege", Value: collect.Bool(false), Basis: broad}}, notes, nil
	}
	return nil, notes, nil
}

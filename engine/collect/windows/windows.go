// Package windows imports what Windows' own tools export about one host,
// one folder per host, as the administrator makes it with the commands in
// Script (README.md gives them in Japanese and English):
//
//	host.json            computer name, time of collection, Windows version
//	secedit.inf          secedit /export /mergedpolicy /cfg (UTF-16 LE INF):
//	                     password and lockout policy, screen lock, logon banner
//	auditpol.csv         auditpol /get /category:* /r (CSV)
//	bitlocker.json       Get-BitLockerVolume (ConvertTo-Json)
//	defender.json        Get-MpComputerStatus (ConvertTo-Json)
//	firewall.json        Get-NetFirewallProfile (ConvertTo-Json)
//	administrators.json  Get-LocalGroupMember -SID S-1-5-32-544 (ConvertTo-Json)
//	windowsupdate.json   the Windows Update policy (Get-ItemProperty ...\AU)
//
// Only host.json is required; each other file adds what it says. Any
// other file in the folder is an error, so that a misnamed export is not
// silently left out.
package windows

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/mamori-dev/mamori/engine/collect"
)

// File names in a host's folder.
const (
	FileHost           = "host.json"
	FileSecedit        = "secedit.inf"
	FileAuditpol       = "auditpol.csv"
	FileBitLocker      = "bitlocker.json"
	FileDefender       = "defender.json"
	FileFirewall       = "firewall.json"
	FileAdministrators = "administrators.json"
	FileWindowsUpdate  = "windowsupdate.json"
)

var files = []string{FileHost, FileSecedit, FileAuditpol, FileBitLocker, FileDefender, FileFirewall, FileAdministrators, FileWindowsUpdate}

// Script is the PowerShell the administrator runs, as administrator, on
// each host (Windows PowerShell 5.1 or PowerShell 7). It makes a folder
// named after the computer in the current directory with the files
// above. Enumerations and dates are converted to text so that Windows
// PowerShell 5.1 and PowerShell 7 write the same JSON.
const Script = `$d = Join-Path (Get-Location) $env:COMPUTERNAME
New-Item -ItemType Directory -Force -Path $d | Out-Null
$os = Get-CimInstance Win32_OperatingSystem
[ordered]@{ ComputerName = $env:COMPUTERNAME; Domain = $env:USERDNSDOMAIN
  Collected = (Get-Date).ToUniversalTime().ToString('o')
  OSCaption = $os.Caption; OSVersion = $os.Version } |
  ConvertTo-Json | Out-File -Encoding utf8 (Join-Path $d host.json)
secedit /export /mergedpolicy /cfg (Join-Path $d secedit.inf) | Out-Null
auditpol /get /category:* /r | Out-File -Encoding utf8 (Join-Path $d auditpol.csv)
Get-BitLockerVolume | Select-Object MountPoint,
  @{n='VolumeType';e={"$($_.VolumeType)"}}, @{n='VolumeStatus';e={"$($_.VolumeStatus)"}},
  @{n='ProtectionStatus';e={"$($_.ProtectionStatus)"}}, EncryptionPercentage,
  @{n='EncryptionMethod';e={"$($_.EncryptionMethod)"}} |
  ConvertTo-Json | Out-File -Encoding utf8 (Join-Path $d bitlocker.json)
Get-MpComputerStatus | Select-Object AMServiceEnabled, AntivirusEnabled, RealTimeProtectionEnabled,
  @{n='AntivirusSignatureLastUpdated';e={$_.AntivirusSignatureLastUpdated.ToUniversalTime().ToString('o')}},
  AntivirusSignatureAge, AntivirusSignatureVersion, FullScanAge, QuickScanAge, AMProductVersion |
  ConvertTo-Json | Out-File -Encoding utf8 (Join-Path $d defender.json)
Get-NetFirewallProfile | Select-Object Name, @{n='Enabled';e={"$($_.Enabled)"}},
  @{n='DefaultInboundAction';e={"$($_.DefaultInboundAction)"}},
  @{n='DefaultOutboundAction';e={"$($_.DefaultOutboundAction)"}} |
  ConvertTo-Json | Out-File -Encoding utf8 (Join-Path $d firewall.json)
Get-LocalGroupMember -SID S-1-5-32-544 | Select-Object Name, @{n='SID';e={$_.SID.Value}},
  @{n='ObjectClass';e={"$($_.ObjectClass)"}}, @{n='PrincipalSource';e={"$($_.PrincipalSource)"}} |
  ConvertTo-Json | Out-File -Encoding utf8 (Join-Path $d administrators.json)
Get-ItemProperty -Path HKLM:\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate\AU -ErrorAction SilentlyContinue |
  Select-Object NoAutoUpdate, AUOptions |
  ConvertTo-Json | Out-File -Encoding utf8 (Join-Path $d windowsupdate.json)
`

// hostInfo is host.json.
type hostInfo struct {
	ComputerName string `json:"ComputerName"`
	Domain       string `json:"Domain"`
	Collected    string `json:"Collected"`
	OSCaption    string `json:"OSCaption"`
	OSVersion    string `json:"OSVersion"`
}

// ImportFolder reads one host's folder (dir within fsys). Nothing is
// returned on error.
func ImportFolder(fsys fs.FS, dir string) (*collect.Report, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, collect.Errorf(dir, 0, "", "read folder: %v", err)
	}
	raws := map[string]*collect.Raw{}
	for _, e := range entries {
		name := path.Join(dir, e.Name())
		if e.IsDir() || !slices.Contains(files, e.Name()) {
			return nil, collect.Errorf(name, 0, "", "unexpected %s: a host's folder holds only %s", kindOf(e), strings.Join(files, ", "))
		}
		raw, err := collect.ReadFile(fsys, name, collect.MaxExport)
		if err != nil {
			return nil, err
		}
		raws[e.Name()] = raw
	}
	hraw, ok := raws[FileHost]
	if !ok {
		return nil, collect.Errorf(path.Join(dir, FileHost), 0, "", "missing: every host's folder needs host.json (computer name and time of collection)")
	}
	var hi hostInfo
	if err := collect.DecodeJSON(hraw.Input.Name, hraw.Data, &hi, true); err != nil {
		return nil, err
	}
	if strings.TrimSpace(hi.ComputerName) == "" {
		return nil, collect.Errorf(hraw.Input.Name, 0, "ComputerName", "required: the computer's name")
	}
	collected, err := parseTime(hi.Collected)
	if err != nil {
		return nil, collect.Errorf(hraw.Input.Name, 0, "Collected", "expected a date and time in ISO 8601 ((Get-Date).ToUniversalTime().ToString('o')), got %q", hi.Collected)
	}
	rep := &collect.Report{
		Schema:    collect.SchemaV1,
		Source:    collect.Source{Kind: "windows", Tool: "secedit, auditpol, PowerShell", ToolVersion: strings.TrimSpace(hi.OSCaption + " " + hi.OSVersion)},
		Subject:   collect.Subject{Kind: collect.SubjectHost, ID: strings.TrimSpace(hi.ComputerName), Name: hi.Domain},
		Collected: collected,
	}
	for _, f := range files {
		raw, ok := raws[f]
		if !ok {
			if f != FileHost {
				rep.Notes = append(rep.Notes, fmt.Sprintf("%s not given: what it would say is not established", f))
			}
			continue
		}
		rep.Inputs = append(rep.Inputs, raw.Input)
		var obs []collect.Observation
		var notes []string
		var err error
		switch f {
		case FileSecedit:
			obs, notes, err = secedit(raw)
		case FileAuditpol:
			obs, notes, err = auditpol(raw, hi.ComputerName)
		case FileBitLocker:
			obs, notes, err = bitlocker(raw)
		case FileDefender:
			obs, notes, err = defender(raw, collected)
		case FileFirewall:
			obs, notes, err = firewall(raw)
		case FileAdministrators:
			obs, notes, err = administrators(raw)
		case FileWindowsUpdate:
			obs, notes, err = windowsUpdate(raw)
		}
		if err != nil {
			return nil, err
		}
		rep.Observations = append(rep.Observations, obs...)
		rep.Notes = append(rep.Notes, notes...)
	}
	rep.Sort()
	if err := rep.Validate(); err != nil {
		return nil, collect.Errorf(dir, 0, "", "%v", err)
	}
	return rep, nil
}

func kindOf(e fs.DirEntry) string {
	if e.IsDir() {
		return "folder"
	}
	return "file"
}

// parseTime reads an ISO 8601 date and time as .NET's "o" format writes
// it (seven fractional digits, Z or an offset).
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, err
	}
	return t.UTC(), nil
}

// decodeList decodes what ConvertTo-Json writes for a pipeline: one
// object for one item, an array for several.
func decodeList[T any](raw *collect.Raw) ([]T, error) {
	var msg json.RawMessage
	if err := collect.DecodeJSON(raw.Input.Name, raw.Data, &msg, true); err != nil {
		return nil, err
	}
	trimmed := strings.TrimSpace(string(msg))
	if strings.HasPrefix(trimmed, "[") {
		var out []T
		if err := collect.DecodeJSON(raw.Input.Name, raw.Data, &out, true); err != nil {
			return nil, err
		}
		return out, nil
	}
	if !strings.HasPrefix(trimmed, "{") {
		return nil, collect.Errorf(raw.Input.Name, 1, "", "expected a JSON object or array of objects (ConvertTo-Json)")
	}
	var one T
	if err := collect.DecodeJSON(raw.Input.Name, raw.Data, &one, true); err != nil {
		return nil, err
	}
	return []T{one}, nil
}

// ImportHosts reads every host folder directly under dir (one folder per
// host, any number of hosts), in name order. Nothing is returned if any
// folder is in error; the error names the file.
func ImportHosts(fsys fs.FS, dir string) ([]*collect.Report, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, collect.Errorf(dir, 0, "", "read folder: %v", err)
	}
	var out []*collect.Report
	seen := map[string]string{}
	for _, e := range entries {
		if !e.IsDir() {
			return nil, collect.Errorf(path.Join(dir, e.Name()), 0, "", "unexpected file: expected one folder per host")
		}
		rep, err := ImportFolder(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		id := strings.ToLower(rep.Subject.ID)
		if prev, dup := seen[id]; dup {
			return nil, collect.Errorf(path.Join(dir, e.Name(), FileHost), 0, "ComputerName", "%q is also the computer in %s", rep.Subject.ID, prev)
		}
		seen[id] = path.Join(dir, e.Name())
		out = append(out, rep)
	}
	if len(out) == 0 {
		return nil, collect.Errorf(dir, 0, "", "no host folders")
	}
	return out, nil
}

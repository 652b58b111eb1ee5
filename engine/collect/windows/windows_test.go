package windows_test

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine/collect"
	"github.com/mamori-dev/mamori/engine/collect/windows"
)

// The fixtures under testdata/hosts follow the formats' public
// documentation field by field:
//   - secedit.inf: Microsoft Learn, "secedit /export" (a security
//     template, UTF-16 LE) and "Security policy settings reference"
//     ([System Access] MinimumPasswordLength, PasswordComplexity,
//     PasswordHistorySize, LockoutBadCount, LockoutDuration,
//     ClearTextPassword; [Registry Values] InactivityTimeoutSecs,
//     LegalNoticeText, LegalNoticeCaption as type,data);
//   - auditpol.csv: Microsoft Learn, "auditpol get" with /r (CSV header
//     Machine Name, Policy Target, Subcategory, Subcategory GUID,
//     Inclusion Setting, Exclusion Setting);
//   - bitlocker.json: Microsoft Learn, "Get-BitLockerVolume" and the
//     Win32_EncryptableVolume conversion and protection statuses;
//   - defender.json: Microsoft Learn, "Get-MpComputerStatus"
//     (MSFT_MpComputerStatus: AMServiceEnabled, AntivirusEnabled,
//     RealTimeProtectionEnabled, AntivirusSignatureLastUpdated,
//     AntivirusSignatureAge, FullScanAge, QuickScanAge);
//   - firewall.json: Microsoft Learn, "Get-NetFirewallProfile" (Name,
//     Enabled, DefaultInboundAction, DefaultOutboundAction);
//   - administrators.json: Microsoft Learn, "Get-LocalGroupMember" (Name,
//     SID, ObjectClass, PrincipalSource);
// as the commands in windows.Script write them (enumerations and dates as
// text, UTF-8 with a byte order mark from Out-File -Encoding utf8).

func TestImportHosts(t *testing.T) {
	reps, err := windows.ImportHosts(os.DirFS("testdata"), "hosts")
	require.NoError(t, err)
	require.Len(t, reps, 3)
	byID := map[string]*collect.Report{}
	for _, r := range reps {
		byID[r.Subject.ID] = r
	}
	tests := []struct {
		host   string
		inputs int
		want   map[string]string
	}{
		{"PC-01", 8, map[string]string{
			"access.lockout.threshold":                         "5",
			"access.lockout.duration_minutes":                  "30",
			"identity.password.min_length":                     "14",
			"identity.password.history":                        "24",
			"identity.password.complexity":                     "true",
			"identity.password.stored_hashed":                  "true",
			"access.session_lock.idle_minutes":                 "15",
			"access.logon_banner":                              "true",
			"audit.logging_enabled":                            "true",
			"access.privileged_functions_logged":               "true",
			"crypto.full_disk_encryption":                      "true",
			"crypto.fips_mode":                                 "true",
			"integrity.automatic_updates":                      "true",
			"network.host_firewall":                            "true",
			"integrity.malware.deployed":                       "true",
			"integrity.malware.real_time":                      "true",
			"integrity.malware.update_interval_hours at_least": "4",
			"integrity.malware.periodic_scan_days at_least":    "1",
		}},
		{"PC-07", 8, map[string]string{
			"access.lockout.threshold":                         "0",
			"identity.password.min_length":                     "8",
			"identity.password.history":                        "0",
			"identity.password.complexity":                     "true",
			"identity.password.stored_hashed":                  "true",
			"access.logon_banner":                              "false",
			"audit.logging_enabled":                            "true",
			"access.privileged_functions_logged":               "false",
			"crypto.full_disk_encryption":                      "false",
			"crypto.fips_mode":                                 "false",
			"integrity.automatic_updates":                      "false",
			"integrity.malware.deployed":                       "true",
			"integrity.malware.real_time":                      "false",
			"integrity.malware.update_interval_hours at_least": "169",
			"integrity.malware.periodic_scan_days at_least":    "19",
			"network.host_firewall":                            "false",
			"access.least_privilege":                           "false",
		}},
		{"CAM-02", 3, map[string]string{
			"access.lockout.threshold":           "10",
			"access.lockout.duration_minutes":    "15",
			"identity.password.min_length":       "10",
			"identity.password.history":          "5",
			"identity.password.complexity":       "false",
			"identity.password.stored_hashed":    "true",
			"access.session_lock.idle_minutes":   "30",
			"access.logon_banner":                "false",
			"audit.logging_enabled":              "true",
			"access.privileged_functions_logged": "false",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			rep := byID[tt.host]
			require.NotNil(t, rep)
			require.NoError(t, rep.Validate())
			assert.Len(t, rep.Inputs, tt.inputs)
			assert.Equal(t, tt.want, rep.Values())
		})
	}
	// The basis names the file and line of a secedit setting.
	for _, o := range byID["PC-01"].Observations {
		if o.Fact == "access.lockout.threshold" {
			assert.Equal(t, collect.Basis{Input: "hosts/PC-01/secedit.inf", Line: 9, Setting: "LockoutBadCount", Value: "5"}, o.Basis[0])
		}
	}
	assert.Contains(t, strings.Join(byID["PC-01"].Notes, "\n"), "2 members of the local Administrators group")
	assert.Equal(t, "2026-11-19T17:00:00Z", byID["CAM-02"].Collected.Format("2006-01-02T15:04:05Z07:00"))

	// Aggregated, BitLocker is off on PC-07 and lockout is laxest there.
	agg := collect.Aggregate(reps, nil)
	assert.Equal(t, []string{"PC-07"}, agg.Fact("crypto.full_disk_encryption").Failing(collect.Bool(true)))
	assert.Equal(t, "2 of 3 hosts", agg.Fact("crypto.full_disk_encryption").Coverage())
	assert.Equal(t, []string{"PC-07", "CAM-02"}, agg.Fact("access.lockout.threshold").Failing(collect.Int(5)))
}

func TestScriptWritesTheFilesRead(t *testing.T) {
	for _, f := range []string{windows.FileHost, windows.FileSecedit, windows.FileAuditpol, windows.FileBitLocker,
		windows.FileDefender, windows.FileFirewall, windows.FileAdministrators, windows.FileWindowsUpdate} {
		assert.Contains(t, windows.Script, f)
	}
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	return string(b)
}

func utf16le(s string) string {
	b := []byte{0xff, 0xfe}
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return string(b)
}

func TestImportFolderBadInput(t *testing.T) {
	host := read(t, "testdata/hosts/PC-01/host.json")
	secINF := strings.ReplaceAll(`[Unicode]
Unicode=yes
[System Access]
MinimumPasswordLength = 14
LockoutBadCount = 5
[Version]
signature="$CHICAGO$"
`, "\n", "\r\n")
	audit := read(t, "testdata/hosts/PC-01/auditpol.csv")
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no host.json", map[string]string{"secedit.inf": utf16le(secINF)}, "h/host.json: missing"},
		{"unknown file", map[string]string{"host.json": host, "gpresult.html": "x"}, "h/gpresult.html: unexpected file: a host's folder holds only host.json"},
		{"host.json unknown field", map[string]string{"host.json": `{"ComputerName":"A","Collected":"2026-11-20T00:00:00Z","Site":"x"}`}, "h/host.json:1: Site: unknown field"},
		{"host.json no name", map[string]string{"host.json": `{"ComputerName":"","Collected":"2026-11-20T00:00:00Z"}`}, "h/host.json: ComputerName: required"},
		{"host.json bad time", map[string]string{"host.json": `{"ComputerName":"A","Collected":"/Date(1700000000000)/"}`}, "h/host.json: Collected: expected a date and time in ISO 8601"},
		{"secedit not a number", map[string]string{"host.json": host, "secedit.inf": utf16le(strings.Replace(secINF, "= 5", "= five", 1))}, `h/secedit.inf:5: [System Access] LockoutBadCount: expected a whole number not below 0, got "five"`},
		{"secedit twice", map[string]string{"host.json": host, "secedit.inf": utf16le(strings.Replace(secINF, "LockoutBadCount = 5", "LockoutBadCount = 5\r\nLockoutBadCount = 50", 1))}, `h/secedit.inf:6: [System Access] LockoutBadCount: given 2 times`},
		{"secedit utf-16 without bom", map[string]string{"host.json": host, "secedit.inf": utf16le(secINF)[2:]}, "h/secedit.inf:1: NUL character"},
		{"secedit odd bytes", map[string]string{"host.json": host, "secedit.inf": utf16le(secINF) + "x"}, "h/secedit.inf: UTF-16 text with an odd number of bytes"},
		{"secedit other ini", map[string]string{"host.json": host, "secedit.inf": "[General]\r\nx=1\r\n"}, "h/secedit.inf:1: expected a security template from secedit /export"},
		{"secedit complexity 2", map[string]string{"host.json": host, "secedit.inf": utf16le(strings.Replace(secINF, "LockoutBadCount = 5", "PasswordComplexity = 2", 1))}, "h/secedit.inf:5: [System Access] PasswordComplexity: expected 0 or 1, got 2"},
		{"auditpol header", map[string]string{"host.json": host, "auditpol.csv": "Name,Value\r\na,b\r\n"}, "h/auditpol.csv:1: expected 6 columns"},
		{"auditpol other header", map[string]string{"host.json": host, "auditpol.csv": "A,B,C,D,E,F\r\n"}, `h/auditpol.csv:1: header: expected "Machine Name,Policy Target`},
		{"auditpol setting", map[string]string{"host.json": host, "auditpol.csv": strings.Replace(audit, "Success and Failure", "Everything", 1)}, `h/auditpol.csv:5: Inclusion Setting: expected No Auditing, Success, Failure or Success and Failure, got "Everything"`},
		{"auditpol guid", map[string]string{"host.json": host, "auditpol.csv": strings.Replace(audit, "{0CCE9210-69AE-11D9-BED3-505054503030}", "0CCE9210", 1)}, `h/auditpol.csv:3: Subcategory GUID: expected a GUID`},
		{"auditpol columns", map[string]string{"host.json": host, "auditpol.csv": strings.Replace(audit, "Success,\r\n", "Success\r\n", 1)}, "h/auditpol.csv:3: expected 6 columns"},
		{"auditpol quote", map[string]string{"host.json": host, "auditpol.csv": strings.Replace(audit, "PC-01,System,Logon", `PC-01,"System,Logon`, 1)}, "h/auditpol.csv:6: CSV: extraneous or missing \" in quoted-field"},
		{"auditpol another machine", map[string]string{"host.json": host, "auditpol.csv": strings.Replace(audit, "PC-01,System,Logon,", "PC-99,System,Logon,", 1)}, `h/auditpol.csv:6: Machine Name: "PC-99" is not this host's computer name "PC-01"`},
		{"auditpol empty", map[string]string{"host.json": host, "auditpol.csv": ""}, "h/auditpol.csv: empty"},
		{"bitlocker number", map[string]string{"host.json": host, "bitlocker.json": `{"MountPoint":"C:","VolumeType":0,"VolumeStatus":"FullyEncrypted","ProtectionStatus":"On","EncryptionPercentage":100,"EncryptionMethod":"XtsAes128"}`}, "h/bitlocker.json:1: VolumeType: expected string, got JSON number"},
		{"bitlocker status", map[string]string{"host.json": host, "bitlocker.json": `[{"MountPoint":"C:","VolumeType":"OperatingSystem","VolumeStatus":"Encrypted","ProtectionStatus":"On","EncryptionPercentage":100,"EncryptionMethod":"XtsAes128"}]`}, `h/bitlocker.json: [0]: VolumeStatus: expected one of FullyDecrypted`},
		{"bitlocker unknown field", map[string]string{"host.json": host, "bitlocker.json": "{\n\"MountPoint\":\"C:\",\n\"KeyProtector\":[]\n}"}, "h/bitlocker.json:3: KeyProtector: unknown field"},
		{"bitlocker not an object", map[string]string{"host.json": host, "bitlocker.json": `"C:"`}, "h/bitlocker.json:1: expected a JSON object or array"},
		{"defender missing", map[string]string{"host.json": host, "defender.json": `{"AMServiceEnabled":true,"AntivirusEnabled":true}`}, "h/defender.json: RealTimeProtectionEnabled: required"},
		{"defender future", map[string]string{"host.json": host, "defender.json": `{"AMServiceEnabled":true,"AntivirusEnabled":true,"RealTimeProtectionEnabled":true,"AntivirusSignatureLastUpdated":"2027-01-01T00:00:00Z"}`}, "h/defender.json: AntivirusSignatureLastUpdated: 2027-01-01T00:00:00Z is after the time of collection"},
		{"defender date format", map[string]string{"host.json": host, "defender.json": `{"AMServiceEnabled":true,"AntivirusEnabled":true,"RealTimeProtectionEnabled":true,"AntivirusSignatureLastUpdated":"\/Date(1763600000000)\/"}`}, "h/defender.json: AntivirusSignatureLastUpdated: expected a date and time in ISO 8601"},
		{"defender trailing", map[string]string{"host.json": host, "defender.json": `{"AMServiceEnabled":true,"AntivirusEnabled":true,"RealTimeProtectionEnabled":true} {}`}, "h/defender.json:1: unexpected data after the JSON value"},
		{"firewall profiles", map[string]string{"host.json": host, "firewall.json": `[{"Name":"Domain","Enabled":"True","DefaultInboundAction":"Block","DefaultOutboundAction":"Allow"}]`}, "h/firewall.json: Name: expected the Domain, Private and Public profiles, got 1"},
		{"firewall enum number", map[string]string{"host.json": host, "firewall.json": `[{"Name":"Domain","Enabled":"1","DefaultInboundAction":"Block","DefaultOutboundAction":"Allow"}]`}, `h/firewall.json: [0]: Enabled: expected one of True, False, NotConfigured, got "1"`},
		{"administrators sid object", map[string]string{"host.json": host, "administrators.json": `{"Name":"A","SID":{"Value":"S-1-5-32-544"},"ObjectClass":"User","PrincipalSource":"Local"}`}, "h/administrators.json:1: SID: expected string, got JSON object"},
		{"too large", map[string]string{"host.json": host, "defender.json": strings.Repeat(" ", collect.MaxExport+1)}, "h/defender.json: larger than the limit"},
		{"secedit fips 2", map[string]string{"host.json": host, "secedit.inf": utf16le(strings.Replace(secINF, "[Version]", "[Registry Values]\r\nMACHINE\\System\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy\\Enabled=4,2\r\n[Version]", 1))}, `h/secedit.inf:7: [Registry Values] MACHINE\System\CurrentControlSet\Control\Lsa\FIPSAlgorithmPolicy\Enabled: expected 0 or 1, got "2"`},
		{"windows update option", map[string]string{"host.json": host, "windowsupdate.json": `{"NoAutoUpdate":0,"AUOptions":9}`}, "h/windowsupdate.json: AUOptions: expected 2, 3, 4, 5 or 7, got 9"},
		{"windows update off flag", map[string]string{"host.json": host, "windowsupdate.json": `{"NoAutoUpdate":2,"AUOptions":4}`}, "h/windowsupdate.json: NoAutoUpdate: expected 0 or 1, got 2"},
		{"windows update unknown field", map[string]string{"host.json": host, "windowsupdate.json": "{\n\"AUOptions\":4,\n\"ScheduledInstallDay\":0\n}"}, "h/windowsupdate.json:3: ScheduledInstallDay: unknown field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, data := range tt.files {
				fsys["h/"+name] = &fstest.MapFile{Data: []byte(data)}
			}
			rep, err := windows.ImportFolder(fsys, "h")
			require.Error(t, err)
			assert.Nil(t, rep)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestImportHostsDuplicateComputer(t *testing.T) {
	host := read(t, "testdata/hosts/PC-01/host.json")
	fsys := fstest.MapFS{
		"hosts/a/host.json": &fstest.MapFile{Data: []byte(host)},
		"hosts/b/host.json": &fstest.MapFile{Data: []byte(host)},
	}
	_, err := windows.ImportHosts(fsys, "hosts")
	require.ErrorContains(t, err, `hosts/b/host.json: ComputerName: "PC-01" is also the computer in hosts/a`)
}

func FuzzImportFolder(f *testing.F) {
	for _, h := range []string{"PC-01", "PC-07", "CAM-02"} {
		seed := func(name string) []byte {
			b, _ := os.ReadFile("testdata/hosts/" + h + "/" + name)
			return b
		}
		f.Add(seed("secedit.inf"), seed("auditpol.csv"), seed("bitlocker.json"), seed("defender.json"), seed("firewall.json"), seed("administrators.json"), seed("windowsupdate.json"))
	}
	host, err := os.ReadFile("testdata/hosts/PC-01/host.json")
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, sec, audit, bl, def, fw, adm, wu []byte) {
		fsys := fstest.MapFS{"h/host.json": &fstest.MapFile{Data: host}}
		for name, data := range map[string][]byte{"secedit.inf": sec, "auditpol.csv": audit, "bitlocker.json": bl,
			"defender.json": def, "firewall.json": fw, "administrators.json": adm, "windowsupdate.json": wu} {
			if data != nil {
				fsys["h/"+name] = &fstest.MapFile{Data: data}
			}
		}
		rep, err := windows.ImportFolder(fsys, "h")
		if err != nil {
			assert.Nil(t, rep)
			assert.True(t, strings.HasPrefix(err.Error(), "h/"), "error names the file: %v", err)
			return
		}
		require.NoError(t, rep.Validate())
	})
}

// TestWindowsUpdateWithoutPolicy: with no Windows Update policy the
// export is empty (the registry key does not exist), and automatic
// updates are not established either way.
func TestWindowsUpdateWithoutPolicy(t *testing.T) {
	host := read(t, "testdata/hosts/PC-01/host.json")
	for _, data := range []string{"", "\xef\xbb\xbf", "\xef\xbb\xbf\r\n"} {
		fsys := fstest.MapFS{"h/host.json": {Data: []byte(host)}, "h/windowsupdate.json": {Data: []byte(data)}}
		rep, err := windows.ImportFolder(fsys, "h")
		require.NoError(t, err)
		assert.Empty(t, rep.Observed("integrity.automatic_updates"))
		assert.Contains(t, strings.Join(rep.Notes, "\n"), "no Windows Update policy")
	}
}

// TestReadmeGivesTheScript: the README gives administrators the script
// the importer expects, unchanged.
func TestReadmeGivesTheScript(t *testing.T) {
	assert.Contains(t, read(t, "README.md"), "```powershell\n"+windows.Script+"```")
}

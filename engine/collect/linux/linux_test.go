package linux_test

import (
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine/collect"
	"github.com/mamori-dev/mamori/engine/collect/linux"
)

var when = time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)

func root(t testing.TB, dir string) *os.Root {
	t.Helper()
	r, err := os.OpenRoot(dir)
	require.NoError(t, err)
	t.Cleanup(func() { r.Close() })
	return r
}

// The trees under testdata: bookworm holds the real configuration files
// of the Debian 12 system that the OpenSCAP results in
// ../openscap/testdata were made on (copied from it), plus a mountinfo,
// the FIPS flag and three files that must never be read (a shadow file,
// a host key, and a file off the list); hardened is the same system
// with pam_faillock, pwhistory, USB storage disabled, a root file system
// on LVM on LUKS, a journald retention, and SSH Match and Include.
func TestCollect(t *testing.T) {
	tests := []struct {
		dir   string
		host  string
		facts map[string]string
		notes []string
	}{
		{"testdata/bookworm", "scap-bookworm", map[string]string{
			"access.lockout.threshold":           "0",
			"access.logon_banner":                "true",
			"access.privileged_functions_logged": "false",
			"audit.events_defined":               "true",
			"audit.failure_alerting":             "false",
			"audit.logging_enabled":              "true",
			"audit.time_sync":                    "true",
			"crypto.fips_mode":                   "false",
			"crypto.full_disk_encryption":        "false",
			"identity.password.complexity":       "true",
			"identity.password.history":          "0",
			"identity.password.min_length":       "12",
			"identity.password.stored_hashed":    "true",
			"integrity.automatic_updates":        "true",
			"media.removable_media":              "unrestricted",
			"network.host_firewall":              "false",
		}, []string{
			"sshd: permitrootlogin no (/etc/ssh/sshd_config.d/50-site.conf:2)",
		}},
		{"testdata/hardened", "db-01", map[string]string{
			"access.lockout.threshold":           "5",
			"access.lockout.duration_minutes":    "15",
			"access.logon_banner":                "true",
			"access.privileged_functions_logged": "true",
			"audit.events_defined":               "true",
			"audit.failure_alerting":             "true",
			"audit.logging_enabled":              "true",
			"audit.retention_days at_most":       "182",
			"audit.time_sync":                    "true",
			"crypto.fips_mode":                   "true",
			"crypto.full_disk_encryption":        "true",
			"identity.password.complexity":       "true",
			"identity.password.history":          "24",
			"identity.password.min_length":       "14",
			"identity.password.stored_hashed":    "true",
			"integrity.automatic_updates":        "true",
			"media.removable_media":              "blocked",
			"network.host_firewall":              "true",
		}, []string{
			"sshd_config: Include /etc/ssh/extra/*.conf is outside the collector's list and was not read",
			"sshd: banner is changed for connections matching Group sftponly",
			"sshd: passwordauthentication no (/etc/ssh/sshd_config.d/60-sftp.conf:6)",
			"crypttab: 1 encrypted volumes: sda3_crypt",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			rep, err := linux.Collect(linux.Options{Root: root(t, tt.dir).FS(), Now: func() time.Time { return when }})
			require.NoError(t, err)
			assert.Equal(t, tt.host, rep.Subject.ID)
			assert.Equal(t, when, rep.Collected)
			assert.Equal(t, "Debian GNU/Linux 12 (bookworm)", rep.Source.Content)
			assert.Equal(t, tt.facts, rep.Values())
			for _, n := range tt.notes {
				assert.Contains(t, rep.Notes, n)
			}
			for _, in := range rep.Inputs {
				assert.NotContains(t, in.Name, "shadow")
				assert.NotContains(t, in.Name, "_key")
				assert.NotEqual(t, "/etc/motd", in.Name)
				assert.True(t, strings.HasPrefix(in.Name, "/"), in.Name)
			}
			names := map[string]bool{}
			for _, in := range rep.Inputs {
				names[in.Name] = true
			}
			for _, want := range []string{"/etc/hostname", "/etc/ssh/sshd_config", "/etc/ssh/sshd_config.d/50-site.conf",
				"/etc/pam.d/common-auth", "/etc/login.defs", "/etc/audit/audit.rules", "/proc/sys/crypto/fips_enabled",
				"/etc/systemd/system/multi-user.target.wants"} {
				assert.True(t, names[want], "%s is among the inputs", want)
			}
		})
	}
}

func TestCollectBasisNamesFileAndLine(t *testing.T) {
	rep, err := linux.Collect(linux.Options{Root: root(t, "testdata/hardened").FS(), Now: func() time.Time { return when }})
	require.NoError(t, err)
	for _, o := range rep.Observations {
		switch o.Fact {
		case "identity.password.min_length":
			assert.Equal(t, collect.Basis{Input: "/etc/pam.d/common-password", Line: 1, Setting: "pam_pwquality.so minlen", Value: "14"}, o.Basis[0])
		case "media.removable_media":
			assert.Equal(t, collect.Basis{Input: "/etc/modprobe.d/usb-storage.conf", Line: 1, Setting: "usb-storage", Value: "install usb-storage /bin/false"}, o.Basis[0])
		case "crypto.full_disk_encryption":
			assert.Equal(t, collect.Basis{Input: "/sys/block/dm-0/dm/uuid", Setting: "/", Value: "/dev/mapper/vg0-root on CRYPT-LUKS2-3f1c2a9e5b7d4e8f9a0b1c2d3e4f5a6b-sda3_crypt"}, o.Basis[0])
		case "network.host_firewall":
			assert.Equal(t, collect.Basis{Input: "/etc/nftables.conf", Line: 7, Setting: "input chain", Value: "policy drop, nftables.service enabled"}, o.Basis[0])
		case "crypto.fips_mode":
			assert.Equal(t, collect.Basis{Input: "/proc/sys/crypto/fips_enabled", Line: 1, Value: "1"}, o.Basis[0])
		}
	}
}

// TestCollectSSHDT: given sshd -T output, it is the SSH configuration
// and is recorded as a command.
func TestCollectSSHDT(t *testing.T) {
	out := []byte("port 22\naddressfamily any\npermitrootlogin without-password\nbanner none\n")
	rep, err := linux.Collect(linux.Options{Root: root(t, "testdata/hardened").FS(), SSHDT: out, Now: func() time.Time { return when }})
	require.NoError(t, err)
	assert.Equal(t, "false", rep.Values()["access.logon_banner"])
	last := rep.Inputs[len(rep.Inputs)-1]
	assert.Equal(t, collect.Input{Name: "sshd -T", Kind: "command", SHA256: last.SHA256, Size: int64(len(out))}, last)
	for _, in := range rep.Inputs {
		assert.NotEqual(t, "/etc/ssh/sshd_config", in.Name, "sshd_config is not read when sshd -T is given")
	}
}

// TestCollectThisMachine runs the collector on the machine the test runs
// on, read-only.
func TestCollectThisMachine(t *testing.T) {
	rep, err := linux.Collect(linux.Options{Root: os.DirFS("/")})
	require.NoError(t, err)
	require.NoError(t, rep.Validate())
	assert.NotEmpty(t, rep.Subject.ID)
	for _, in := range rep.Inputs {
		assert.NotContains(t, in.Name, "shadow")
	}
}

func TestAllowedNeverSecrets(t *testing.T) {
	for _, p := range linux.Allowed {
		for _, bad := range []string{"shadow", "key", "pem", "secret", "private"} {
			assert.NotContains(t, path.Base(p), bad, p)
		}
	}
}

func base() fstest.MapFS {
	return fstest.MapFS{
		"etc/hostname": &fstest.MapFile{Data: []byte("h1\n")},
	}
}

// TestCollectRefusesLinksOffTheList: a configuration file that is a
// link to a file off the list is not read.
func TestCollectRefusesLinksOffTheList(t *testing.T) {
	fsys := base()
	fsys["etc/shadow"] = &fstest.MapFile{Data: []byte("root:$y$SENTINEL:1:0:99999:7:::\n")}
	fsys["etc/ssh/sshd_config"] = &fstest.MapFile{Data: []byte("../shadow"), Mode: fs.ModeSymlink}
	rep, err := linux.Collect(linux.Options{Root: fsys, Now: func() time.Time { return when }})
	require.ErrorIs(t, err, linux.ErrNotAllowed)
	assert.Nil(t, rep)
	assert.Equal(t, "/etc/ssh/sshd_config: a link to /etc/shadow: not on the collector's list of files", err.Error())
	assert.NotContains(t, err.Error(), "SENTINEL")

	// A link to a file on the list is read (Debian's /etc/os-release).
	fsys = base()
	fsys["usr/lib/os-release"] = &fstest.MapFile{Data: []byte("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n")}
	fsys["etc/os-release"] = &fstest.MapFile{Data: []byte("../usr/lib/os-release"), Mode: fs.ModeSymlink}
	rep, err = linux.Collect(linux.Options{Root: fsys, Now: func() time.Time { return when }})
	require.NoError(t, err)
	assert.Equal(t, "Debian GNU/Linux 12 (bookworm)", rep.Source.Content)
}

func TestCollectBadInput(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		sshdT string
		want  string
	}{
		{"no hostname", map[string]string{"etc/hostname": "# none\n"}, "", "/etc/hostname: no host name"},
		{"faillock deny", map[string]string{"etc/pam.d/common-auth": "auth required pam_faillock.so preauth\n", "etc/security/faillock.conf": "\n\ndeny = many\n"}, "", `/etc/security/faillock.conf:3: deny: expected a whole number, got "many"`},
		{"pwquality minlen", map[string]string{"etc/pam.d/common-password": "password requisite pam_pwquality.so minlen=-3\n"}, "", `/etc/pam.d/common-password:1: minlen: expected a whole number, got "-3"`},
		{"journald retention", map[string]string{"etc/systemd/journald.conf": "[Journal]\n#x\nMaxRetentionSec=forever\n"}, "", `/etc/systemd/journald.conf:3: MaxRetentionSec: expected a time span such as 1year or 400d, got "forever"`},
		{"sshd no value", map[string]string{"etc/ssh/sshd_config": "Port 22\nBanner\n"}, "", "/etc/ssh/sshd_config:2: banner: no value"},
		{"sshd include loop", map[string]string{"etc/ssh/sshd_config": "Include /etc/ssh/sshd_config\n"}, "", "/etc/ssh/sshd_config:1: Include: /etc/ssh/sshd_config includes itself"},
		{"sshd -T empty", nil, "\n\n", "sshd -T: no settings"},
		{"sshd -T binary", nil, "banner\x00none", "sshd -T:1: NUL character"},
		{"huge file", map[string]string{"etc/login.defs": strings.Repeat("#", 5<<20)}, "", "/etc/login.defs: larger than"},
		{"fips flag", map[string]string{"proc/sys/crypto/fips_enabled": "yes\n"}, "", `/proc/sys/crypto/fips_enabled:1: expected 0 or 1, got "yes"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := base()
			for n, d := range tt.files {
				fsys[n] = &fstest.MapFile{Data: []byte(d)}
			}
			var sshdT []byte
			if tt.sshdT != "" {
				sshdT = []byte(tt.sshdT)
			}
			rep, err := linux.Collect(linux.Options{Root: fsys, SSHDT: sshdT, Now: func() time.Time { return when }})
			require.Error(t, err)
			assert.Nil(t, rep)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// TestCollectFirewallsAndUpdates: each host firewall the collector knows,
// and each way of installing updates automatically, with what makes it
// hold or not.
func TestCollectFirewallsAndUpdates(t *testing.T) {
	wants := func(dir string, units ...string) map[string]string {
		m := map[string]string{}
		for _, u := range units {
			m["etc/systemd/system/"+dir+"/"+u] = ""
		}
		return m
	}
	join := func(ms ...map[string]string) map[string]string {
		out := map[string]string{}
		for _, m := range ms {
			for k, v := range m {
				out[k] = v
			}
		}
		return out
	}
	tests := []struct {
		name  string
		files map[string]string
		fact  string
		want  string // "" for not established
	}{
		{"nothing", nil, "network.host_firewall", "false"},
		{"nftables accept", join(map[string]string{"etc/nftables.conf": "table inet f {\n chain input {\n  type filter hook input priority 0;\n }\n}\n"}, wants("multi-user.target.wants", "nftables.service")), "network.host_firewall", "false"},
		{"nftables drop, not enabled", map[string]string{"etc/nftables.conf": "table inet f {\n chain input {\n  type filter hook input priority 0; policy drop;\n }\n}\n"}, "network.host_firewall", "false"},
		{"nftables drop on output only", join(map[string]string{"etc/nftables.conf": "table inet f {\n chain input {\n  type filter hook input priority 0;\n }\n chain output {\n  type filter hook output priority 0; policy drop;\n }\n}\n"}, wants("multi-user.target.wants", "nftables.service")), "network.host_firewall", "false"},
		{"ufw enabled", map[string]string{"etc/ufw/ufw.conf": "ENABLED=yes\n"}, "network.host_firewall", "true"},
		{"ufw accepting", map[string]string{"etc/ufw/ufw.conf": "ENABLED=yes\n", "etc/default/ufw": "DEFAULT_INPUT_POLICY=\"ACCEPT\"\n"}, "network.host_firewall", "false"},
		{"firewalld", join(map[string]string{"etc/firewalld/firewalld.conf": "DefaultZone=public\n"}, wants("multi-user.target.wants", "firewalld.service")), "network.host_firewall", "true"},
		{"iptables", join(map[string]string{"etc/iptables/rules.v4": "*filter\n:INPUT DROP [0:0]\nCOMMIT\n"}, wants("multi-user.target.wants", "netfilter-persistent.service")), "network.host_firewall", "true"},
		{"no package manager", nil, "integrity.automatic_updates", ""},
		{"apt without unattended-upgrades", map[string]string{"etc/apt/apt.conf.d/70debconf": "// x\n"}, "integrity.automatic_updates", "false"},
		{"apt periodic 0", join(map[string]string{"etc/apt/apt.conf.d/20auto-upgrades": "APT::Periodic::Unattended-Upgrade \"0\";\n", "etc/apt/apt.conf.d/50unattended-upgrades": "//\n"}, wants("timers.target.wants", "apt-daily-upgrade.timer")), "integrity.automatic_updates", "false"},
		{"apt timer off", map[string]string{"etc/apt/apt.conf.d/20auto-upgrades": "APT::Periodic::Unattended-Upgrade \"1\";\n", "etc/apt/apt.conf.d/50unattended-upgrades": "//\n"}, "integrity.automatic_updates", "false"},
		{"apt on", join(map[string]string{"etc/apt/apt.conf.d/20auto-upgrades": "APT::Periodic::Unattended-Upgrade \"1\";\n", "etc/apt/apt.conf.d/50unattended-upgrades": "//\n"}, wants("timers.target.wants", "apt-daily-upgrade.timer")), "integrity.automatic_updates", "true"},
		{"dnf-automatic download only", join(map[string]string{"etc/dnf/automatic.conf": "[commands]\napply_updates = no\n"}, wants("timers.target.wants", "dnf-automatic.timer")), "integrity.automatic_updates", "false"},
		{"dnf-automatic", join(map[string]string{"etc/dnf/automatic.conf": "[commands]\napply_updates = yes\n"}, wants("timers.target.wants", "dnf-automatic.timer")), "integrity.automatic_updates", "true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := base()
			for n, d := range tt.files {
				fsys[n] = &fstest.MapFile{Data: []byte(d)}
			}
			rep, err := linux.Collect(linux.Options{Root: fsys, Now: func() time.Time { return when }})
			require.NoError(t, err)
			assert.Equal(t, tt.want, rep.Values()[tt.fact])
		})
	}
}

func FuzzCollect(f *testing.F) {
	read := func(p string) string {
		b, _ := os.ReadFile("testdata/hardened/" + p)
		return string(b)
	}
	f.Add(read("etc/ssh/sshd_config"), read("etc/pam.d/common-auth"), read("etc/pam.d/common-password"), read("etc/security/pwquality.conf"),
		read("etc/audit/audit.rules"), read("etc/systemd/journald.conf.d/retention.conf"), read("proc/self/mountinfo"), "")
	f.Add("Match all\nBanner /etc/issue.net\nInclude x\n", "@include common-auth\n", "password [x pam_unix.so remember=3\n", "minlen=\n",
		"-w /usr/bin/sudo -p x\n", "[Journal]\nMaxRetentionSec=1y 2month\n", "1 1 1:1 / / rw - ext4 /dev/dm-0 rw\n", "banner /x\n")
	f.Fuzz(func(t *testing.T, sshd, auth, password, pwq, rules, journald, mountinfo, sshdT string) {
		fsys := fstest.MapFS{
			"etc/hostname":                &fstest.MapFile{Data: []byte("fz\n")},
			"etc/ssh/sshd_config":         &fstest.MapFile{Data: []byte(sshd)},
			"etc/pam.d/common-auth":       &fstest.MapFile{Data: []byte(auth)},
			"etc/pam.d/common-password":   &fstest.MapFile{Data: []byte(password)},
			"etc/security/pwquality.conf": &fstest.MapFile{Data: []byte(pwq)},
			"etc/audit/audit.rules":       &fstest.MapFile{Data: []byte(rules)},
			"etc/audit/auditd.conf":       &fstest.MapFile{Data: []byte("space_left_action = email\n")},
			"etc/systemd/journald.conf":   &fstest.MapFile{Data: []byte(journald)},
			"proc/self/mountinfo":         &fstest.MapFile{Data: []byte(mountinfo)},
			"sys/block/dm-0/dm/uuid":      &fstest.MapFile{Data: []byte("CRYPT-LUKS2-x")},
			"etc/shadow":                  &fstest.MapFile{Data: []byte("SENTINEL")},
		}
		var out []byte
		if sshdT != "" {
			out = []byte(sshdT)
		}
		rep, err := linux.Collect(linux.Options{Root: fsys, SSHDT: out, Now: func() time.Time { return when }})
		if err != nil {
			assert.Nil(t, rep)
			return
		}
		require.NoError(t, rep.Validate())
		for _, in := range rep.Inputs {
			assert.NotEqual(t, "/etc/shadow", in.Name)
		}
	})
}

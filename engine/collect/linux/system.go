package linux

import (
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/ini.v1"

	"github.com/mamori-dev/mamori/engine/collect"
)

func (c *collector) loginDefs() error {
	data, ok, err := c.r.read("etc/login.defs")
	if err != nil || !ok {
		return err
	}
	defs := map[string]setting{}
	keyValues("etc/login.defs", data, defs)
	if s, ok := defs["encrypt_method"]; ok && s.value != "" {
		hashed := !strings.EqualFold(s.value, "DES") && !strings.EqualFold(s.value, "MD5")
		c.add("identity.password.stored_hashed", collect.Bool(hashed), "", s.basis("ENCRYPT_METHOD"))
	}
	for _, k := range []string{"pass_max_days", "pass_min_days", "umask"} {
		if s, ok := defs[k]; ok {
			c.note("login.defs: %s %s (%s:%d)", strings.ToUpper(k), s.value, s.file, s.line)
		}
	}
	return nil
}

func (c *collector) audit() error {
	unit, dir, err := c.enabled("auditd.service")
	if err != nil {
		return err
	}
	conf := map[string]setting{}
	data, haveConf, err := c.r.read("etc/audit/auditd.conf")
	if err != nil {
		return err
	}
	if haveConf {
		keyValues("etc/audit/auditd.conf", data, conf)
	}
	if unit == "" && !haveConf {
		c.add("audit.logging_enabled", collect.Bool(false), "", collect.Basis{Input: "/etc/systemd/system/multi-user.target.wants", Setting: "auditd.service", Value: "not enabled, no /etc/audit/auditd.conf"})
		return nil
	}
	c.add("audit.logging_enabled", collect.Bool(unit != ""), "", collect.Basis{Input: dirOr(dir, "/etc/systemd/system/multi-user.target.wants"), Setting: "auditd.service", Value: enabledWord(unit)})
	if s, ok := conf["space_left_action"]; ok {
		a := strings.ToLower(s.value)
		c.add("audit.failure_alerting", collect.Bool(a == "email" || a == "exec"), "", s.basis("space_left_action"))
	}
	for _, k := range []string{"max_log_file", "num_logs", "max_log_file_action", "disk_full_action"} {
		if s, ok := conf[k]; ok {
			c.note("auditd.conf: %s = %s (%s:%d)", k, s.value, s.file, s.line)
		}
	}
	// The rules: the compiled audit.rules, else rules.d.
	files := []string{"etc/audit/audit.rules"}
	if _, ok, err := c.r.read("etc/audit/audit.rules"); err != nil {
		return err
	} else if !ok {
		files, err = c.r.glob("etc/audit/rules.d", "*.rules")
		if err != nil {
			return err
		}
	}
	rules := 0
	var priv *collect.Basis
	for _, f := range files {
		data, ok, err := c.r.read(f)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		for _, l := range lines(data) {
			if !strings.HasPrefix(l.text, "-w ") && !strings.HasPrefix(l.text, "-a ") {
				continue
			}
			rules++
			if priv == nil && privilegedRule(l.text) {
				priv = &collect.Basis{Input: "/" + f, Line: l.n, Setting: "rule", Value: l.text}
			}
		}
	}
	first := "/etc/audit/rules.d"
	if len(files) > 0 {
		first = "/" + files[0]
	}
	c.add("audit.events_defined", collect.Bool(rules > 0), "", collect.Basis{Input: first, Setting: "rules", Value: strconv.Itoa(rules)})
	if priv != nil {
		c.add("access.privileged_functions_logged", collect.Bool(true), "", *priv)
	} else {
		c.add("access.privileged_functions_logged", collect.Bool(false), "", collect.Basis{Input: first, Setting: "rules", Value: "no rule on the execution of sudo, su or privileged commands"})
	}
	return nil
}

var privRe = regexp.MustCompile(`(path=|-w\s+)/(usr/)?bin/(sudo|su)\b|-k\s+privileged|key=privileged|-S\s+execve.*euid=0`)

func privilegedRule(s string) bool { return privRe.MatchString(s) }

func dirOr(d, def string) string {
	if d == "" {
		return def
	}
	return d
}

func enabledWord(unit string) string {
	if unit == "" {
		return "not enabled"
	}
	return "enabled"
}

// journald reads journald's retention: MaxRetentionSec is an upper bound
// on how long entries are kept.
func (c *collector) journald() error {
	files := []string{"etc/systemd/journald.conf"}
	extra, err := c.r.glob("etc/systemd/journald.conf.d", "*.conf")
	if err != nil {
		return err
	}
	files = append(files, extra...)
	var retention, storage *setting
	for _, f := range files {
		data, ok, err := c.r.read(f)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		cfg, err := ini.LoadSources(ini.LoadOptions{IgnoreInlineComment: true, KeyValueDelimiters: "=", ChildSectionDelimiter: "\x00", SkipUnrecognizableLines: false}, data)
		if err != nil {
			return collect.Errorf("/"+f, 0, "", "%v", err)
		}
		sec, err := cfg.GetSection("Journal")
		if err != nil {
			continue
		}
		for _, k := range []string{"MaxRetentionSec", "Storage"} {
			if !sec.HasKey(k) {
				continue
			}
			s := setting{value: strings.TrimSpace(sec.Key(k).String()), file: "/" + f, line: keyLine(data, k)}
			if k == "Storage" {
				storage = &s
			} else {
				retention = &s
			}
		}
	}
	if storage != nil && strings.EqualFold(storage.value, "volatile") {
		c.note("journald: Storage=volatile (%s:%d): the journal is lost at each reboot", storage.file, storage.line)
	}
	if retention != nil && retention.value != "" && retention.value != "0" {
		d, err := parseTimespan(retention.value)
		if err != nil {
			return collect.Errorf(retention.file, retention.line, "MaxRetentionSec", "expected a time span such as 1year or 400d, got %q", retention.value)
		}
		days := int(d / (24 * time.Hour))
		c.add("audit.retention_days", collect.Int(days), collect.AtMost, retention.basis("MaxRetentionSec"))
	}
	return nil
}

func keyLine(data []byte, key string) int {
	re := regexp.MustCompile(`^\s*` + regexp.QuoteMeta(key) + `\s*=`)
	for i, l := range strings.Split(string(data), "\n") {
		if re.MatchString(l) {
			return i + 1
		}
	}
	return 0
}

// parseTimespan reads a systemd time span (systemd.time(7)): numbers with
// units, "1y 2month", or plain seconds.
func parseTimespan(s string) (time.Duration, error) {
	units := map[string]time.Duration{
		"us": time.Microsecond, "usec": time.Microsecond, "ms": time.Millisecond, "msec": time.Millisecond,
		"s": time.Second, "sec": time.Second, "second": time.Second, "seconds": time.Second,
		"m": time.Minute, "min": time.Minute, "minute": time.Minute, "minutes": time.Minute,
		"h": time.Hour, "hr": time.Hour, "hour": time.Hour, "hours": time.Hour,
		"d": 24 * time.Hour, "day": 24 * time.Hour, "days": 24 * time.Hour,
		"w": 7 * 24 * time.Hour, "week": 7 * 24 * time.Hour, "weeks": 7 * 24 * time.Hour,
		"M": 2629800 * time.Second, "month": 2629800 * time.Second, "months": 2629800 * time.Second,
		"y": 31557600 * time.Second, "year": 31557600 * time.Second, "years": 31557600 * time.Second,
	}
	re := regexp.MustCompile(`^\s*([0-9]+)\s*([a-zA-Z]*)`)
	var total time.Duration
	rest := strings.TrimSpace(s)
	if rest == "" {
		return 0, strconv.ErrSyntax
	}
	for rest != "" {
		m := re.FindStringSubmatch(rest)
		if m == nil {
			return 0, strconv.ErrSyntax
		}
		n, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil || n > 1<<20 {
			return 0, strconv.ErrRange
		}
		u := time.Second
		if m[2] != "" {
			var ok bool
			if u, ok = units[m[2]]; !ok {
				return 0, strconv.ErrSyntax
			}
		}
		total += time.Duration(n) * u
		rest = strings.TrimSpace(rest[len(m[0]):])
	}
	return total, nil
}

// fips: the kernel's FIPS flag is crypto.fips_mode.
func (c *collector) fips() error {
	data, ok, err := c.r.read("proc/sys/crypto/fips_enabled")
	if err != nil || !ok {
		return err
	}
	v := strings.TrimSpace(string(data))
	if v != "0" && v != "1" {
		return collect.Errorf("/proc/sys/crypto/fips_enabled", 1, "", "expected 0 or 1, got %q", v)
	}
	c.add("crypto.fips_mode", collect.Bool(v == "1"), "", collect.Basis{Input: "/proc/sys/crypto/fips_enabled", Line: 1, Value: v})
	return nil
}

// diskFSTypes are the file systems that hold data on a disk; others
// (proc, tmpfs, overlay, network file systems) are not disks.
var diskFSTypes = map[string]bool{"ext2": true, "ext3": true, "ext4": true, "xfs": true, "btrfs": true, "f2fs": true, "jfs": true, "reiserfs": true}

// encryption: full-disk encryption holds when every file system mounted
// from a disk, other than /boot and the EFI system partition, sits on
// dm-crypt (directly or under LVM). It says nothing of CUI at rest
// elsewhere, so it is not crypto.at_rest_encrypted.
func (c *collector) encryption() error {
	data, ok, err := c.r.read("etc/crypttab")
	if err != nil {
		return err
	}
	var names []string
	if ok {
		for _, l := range lines(data) {
			names = append(names, strings.Fields(l.text)[0])
		}
		if len(names) > 0 {
			c.note("crypttab: %d encrypted volumes: %s", len(names), strings.Join(names, ", "))
		}
	}
	mi, ok, err := c.r.read("proc/self/mountinfo")
	if err != nil || !ok {
		return err
	}
	var basis []collect.Basis
	holds, disks := true, 0
	for _, l := range lines(mi) {
		f := strings.Fields(l.text)
		if len(f) < 10 {
			continue
		}
		mount, fstype, src := f[4], "", ""
		for i, x := range f {
			if x == "-" && i+2 < len(f) {
				fstype, src = f[i+1], f[i+2]
			}
		}
		if !diskFSTypes[fstype] || !strings.HasPrefix(src, "/dev/") || mount == "/boot" || strings.HasPrefix(mount, "/boot/") {
			continue
		}
		disks++
		dev, err := c.dmDevice(src)
		if err != nil {
			return err
		}
		crypt := false
		b := collect.Basis{Input: "/proc/self/mountinfo", Line: l.n, Setting: mount, Value: src + " (not on dm-crypt)"}
		if dev != "" {
			var cb collect.Basis
			if crypt, cb, err = c.onCrypt(dev, 0); err != nil {
				return err
			}
			if crypt {
				b = collect.Basis{Input: cb.Input, Setting: mount, Value: src + " on " + cb.Value}
			}
		}
		holds = holds && crypt
		basis = append(basis, b)
	}
	if disks == 0 {
		c.note("no file system mounted from a disk in /proc/self/mountinfo: full-disk encryption not established")
		return nil
	}
	c.add("crypto.full_disk_encryption", collect.Bool(holds), "", basis...)
	return nil
}

// dmDevice returns the dm-N name of a device path (/dev/dm-0 or
// /dev/mapper/NAME), or "" if it is not a device-mapper device.
func (c *collector) dmDevice(src string) (string, error) {
	if strings.HasPrefix(src, "/dev/dm-") {
		return path.Base(src), nil
	}
	name, ok := strings.CutPrefix(src, "/dev/mapper/")
	if !ok {
		return "", nil
	}
	blocks, err := c.r.list("sys/block")
	if err != nil {
		return "", err
	}
	for _, b := range blocks {
		if !strings.HasPrefix(b, "dm-") {
			continue
		}
		data, ok, err := c.r.read("sys/block/" + b + "/dm/name")
		if err != nil {
			return "", err
		}
		if ok && strings.TrimSpace(string(data)) == name {
			return b, nil
		}
	}
	return "", nil
}

// onCrypt says whether a dm device is dm-crypt or sits on one.
func (c *collector) onCrypt(dev string, depth int) (bool, collect.Basis, error) {
	if depth > 8 {
		return false, collect.Basis{}, nil
	}
	data, ok, err := c.r.read("sys/block/" + dev + "/dm/uuid")
	if err != nil {
		return false, collect.Basis{}, err
	}
	if ok && strings.HasPrefix(strings.TrimSpace(string(data)), "CRYPT-") {
		return true, collect.Basis{Input: "/sys/block/" + dev + "/dm/uuid", Value: strings.TrimSpace(string(data))}, nil
	}
	slaves, err := c.r.list("sys/block/" + dev + "/slaves")
	if err != nil {
		return false, collect.Basis{}, err
	}
	for _, s := range slaves {
		if strings.HasPrefix(s, "dm-") {
			if ok, b, err := c.onCrypt(s, depth+1); err != nil || ok {
				return ok, b, err
			}
		}
	}
	return false, collect.Basis{}, nil
}

var modprobeRe = regexp.MustCompile(`^(install\s+usb[-_]storage\s+(/usr)?/bin/(false|true)|blacklist\s+usb[-_]storage)\b`)

func (c *collector) usbStorage() error {
	var files []string
	for _, d := range []string{"etc/modprobe.d", "usr/lib/modprobe.d", "lib/modprobe.d"} {
		fs, err := c.r.glob(d, "*.conf")
		if err != nil {
			return err
		}
		files = append(files, fs...)
	}
	for _, f := range files {
		data, _, err := c.r.read(f)
		if err != nil {
			return err
		}
		for _, l := range lines(data) {
			if modprobeRe.MatchString(l.text) {
				c.add("media.removable_media", collect.String("blocked"), "", collect.Basis{Input: "/" + f, Line: l.n, Setting: "usb-storage", Value: l.text})
				if strings.HasPrefix(l.text, "blacklist") {
					c.note("%s:%d: usb-storage is blacklisted (not loaded automatically); an administrator can still load it", "/"+f, l.n)
				}
				return nil
			}
		}
	}
	if _, ok, err := c.r.read("etc/usbguard/usbguard-daemon.conf"); err != nil {
		return err
	} else if ok {
		if unit, dir, err := c.enabled("usbguard.service"); err != nil {
			return err
		} else if unit != "" {
			c.add("media.removable_media", collect.String("controlled"), "", collect.Basis{Input: dir, Setting: "usbguard.service", Value: "enabled"})
			return nil
		}
	}
	c.add("media.removable_media", collect.String("unrestricted"), "", collect.Basis{Input: "/etc/modprobe.d", Setting: "usb-storage", Value: "not disabled, no USBGuard"})
	return nil
}

// firewall: the host firewall holds when one that drops unsolicited
// inbound traffic is enabled: nftables with an input chain whose policy
// is drop, ufw enabled (its default input policy is DROP unless
// /etc/default/ufw says otherwise), firewalld enabled (its default zone
// rejects what it does not allow), or iptables rules with INPUT DROP
// loaded at boot. Otherwise it does not hold.
func (c *collector) firewall() error {
	var found []collect.Basis
	var seen []string
	if data, ok, err := c.r.read("etc/nftables.conf"); err != nil {
		return err
	} else if ok {
		line := nftInputDrop(data)
		unit, dir, err := c.enabled("nftables.service")
		if err != nil {
			return err
		}
		switch {
		case line > 0 && unit != "":
			found = append(found, collect.Basis{Input: "/etc/nftables.conf", Line: line, Setting: "input chain", Value: "policy drop, nftables.service enabled"},
				collect.Basis{Input: dir, Setting: unit, Value: "enabled"})
		case line > 0:
			seen = append(seen, "nftables drops inbound traffic but nftables.service is not enabled")
		default:
			seen = append(seen, "nftables has no input chain with policy drop")
		}
	}
	if data, ok, err := c.r.read("etc/ufw/ufw.conf"); err != nil {
		return err
	} else if ok {
		conf := map[string]setting{}
		keyValues("etc/ufw/ufw.conf", data, conf)
		if strings.EqualFold(conf["enabled"].value, "yes") {
			policy := "DROP"
			if d, ok, err := c.r.read("etc/default/ufw"); err != nil {
				return err
			} else if ok {
				def := map[string]setting{}
				keyValues("etc/default/ufw", d, def)
				if v := strings.Trim(def["default_input_policy"].value, `"'`); v != "" {
					policy = strings.ToUpper(v)
				}
			}
			if policy == "DROP" || policy == "REJECT" {
				found = append(found, conf["enabled"].basis("ENABLED"))
			} else {
				seen = append(seen, "ufw is enabled with DEFAULT_INPUT_POLICY "+policy)
			}
		}
	}
	if _, ok, err := c.r.read("etc/firewalld/firewalld.conf"); err != nil {
		return err
	} else if ok {
		if unit, dir, err := c.enabled("firewalld.service"); err != nil {
			return err
		} else if unit != "" {
			found = append(found, collect.Basis{Input: dir, Setting: unit, Value: "enabled"})
		}
	}
	for _, f := range []string{"etc/iptables/rules.v4", "etc/sysconfig/iptables"} {
		data, ok, err := c.r.read(f)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		drop := 0
		for _, l := range lines(data) {
			if strings.HasPrefix(l.text, ":INPUT DROP") || strings.HasPrefix(l.text, ":INPUT REJECT") {
				drop = l.n
			}
		}
		unit, dir, err := c.enabled("netfilter-persistent.service", "iptables.service")
		if err != nil {
			return err
		}
		if drop > 0 && unit != "" {
			found = append(found, collect.Basis{Input: "/" + f, Line: drop, Setting: "INPUT", Value: "DROP"}, collect.Basis{Input: dir, Setting: unit, Value: "enabled"})
		} else {
			seen = append(seen, "iptables rules in /"+f+" without INPUT DROP loaded at boot")
		}
	}
	if len(found) > 0 {
		c.add("network.host_firewall", collect.Bool(true), "", found...)
		return nil
	}
	what := "no nftables, ufw, firewalld or iptables firewall enabled"
	if len(seen) > 0 {
		what = strings.Join(seen, "; ")
	}
	c.add("network.host_firewall", collect.Bool(false), "", collect.Basis{Input: "/etc/systemd/system/multi-user.target.wants", Setting: "host firewall", Value: what})
	return nil
}

// nftInputDrop returns the line of the policy of a chain hooked on input
// whose policy is drop, or 0.
func nftInputDrop(data []byte) int {
	depth, chainDepth, policyLine := 0, -1, 0
	input := false
	for _, l := range lines(data) {
		t := l.text
		if chainDepth < 0 && strings.HasPrefix(t, "chain ") {
			chainDepth, input, policyLine = depth, false, 0
		}
		if chainDepth >= 0 {
			if strings.Contains(t, "hook input") {
				input = true
			}
			if nftDropRe.MatchString(t) {
				policyLine = l.n
			}
		}
		depth += strings.Count(t, "{") - strings.Count(t, "}")
		if chainDepth >= 0 && depth <= chainDepth {
			if input && policyLine > 0 {
				return policyLine
			}
			chainDepth = -1
		}
	}
	return 0
}

var nftDropRe = regexp.MustCompile(`\bpolicy\s+drop\s*;`)

var ntpSourceRe = regexp.MustCompile(`^(server|pool|peer)\s+\S+`)

func (c *collector) timeSync() error {
	// chrony or ntpd with a source, and its service enabled.
	for _, d := range []struct {
		units []string
		files []string
	}{
		{[]string{"chrony.service", "chronyd.service"}, []string{"etc/chrony/chrony.conf", "etc/chrony.conf"}},
		{[]string{"ntp.service", "ntpd.service", "ntpsec.service"}, []string{"etc/ntp.conf", "etc/ntpsec/ntp.conf"}},
	} {
		unit, dir, err := c.enabled(d.units...)
		if err != nil {
			return err
		}
		if unit == "" {
			continue
		}
		files := slices.Clone(d.files)
		if d.units[0] == "chrony.service" {
			extra, err := c.r.glob("etc/chrony/sources.d", "*.sources")
			if err != nil {
				return err
			}
			files = append(files, extra...)
		}
		for _, f := range files {
			data, ok, err := c.r.read(f)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			for _, l := range lines(data) {
				if ntpSourceRe.MatchString(l.text) {
					c.add("audit.time_sync", collect.Bool(true), "", collect.Basis{Input: "/" + f, Line: l.n, Setting: "source", Value: l.text},
						collect.Basis{Input: dir, Setting: unit, Value: "enabled"})
					return nil
				}
			}
		}
	}
	if unit, dir, err := c.enabled("systemd-timesyncd.service"); err != nil {
		return err
	} else if unit != "" {
		basis := []collect.Basis{{Input: dir, Setting: unit, Value: "enabled"}}
		if _, ok, err := c.r.read("etc/systemd/timesyncd.conf"); err != nil {
			return err
		} else if ok {
			basis = append(basis, collect.Basis{Input: "/etc/systemd/timesyncd.conf"})
		}
		c.add("audit.time_sync", collect.Bool(true), "", basis...)
		return nil
	}
	c.add("audit.time_sync", collect.Bool(false), "", collect.Basis{Input: "/etc/systemd/system/multi-user.target.wants", Setting: "time synchronisation", Value: "no chrony, ntpd or systemd-timesyncd enabled"})
	return nil
}

var aptPeriodicRe = regexp.MustCompile(`APT::Periodic::Unattended-Upgrade\s+"([0-9]+)"`)

// updates: security updates are installed automatically when APT runs
// unattended-upgrades (APT::Periodic::Unattended-Upgrade not 0, its
// configuration present, apt-daily-upgrade.timer enabled), or
// dnf-automatic applies updates (apply_updates = yes, its timer enabled).
// A system with neither APT nor dnf-automatic establishes nothing.
func (c *collector) updates() error {
	files, err := c.r.glob("etc/apt/apt.conf.d", "*")
	if err != nil {
		return err
	}
	if len(files) > 0 {
		var periodic *collect.Basis
		unattended := false
		for _, f := range files {
			data, _, err := c.r.read(f)
			if err != nil {
				return err
			}
			if path.Base(f) == "50unattended-upgrades" {
				unattended = true
			}
			for _, l := range lines(data) {
				if m := aptPeriodicRe.FindStringSubmatch(l.text); m != nil {
					periodic = &collect.Basis{Input: "/" + f, Line: l.n, Setting: "APT::Periodic::Unattended-Upgrade", Value: m[1]}
				}
			}
		}
		timer, dir, err := c.enabled("apt-daily-upgrade.timer")
		if err != nil {
			return err
		}
		switch {
		case periodic == nil:
			c.add("integrity.automatic_updates", collect.Bool(false), "", collect.Basis{Input: "/etc/apt/apt.conf.d", Setting: "APT::Periodic::Unattended-Upgrade", Value: "not set"})
		case periodic.Value == "0" || strings.Trim(periodic.Value, "0") == "":
			c.add("integrity.automatic_updates", collect.Bool(false), "", *periodic)
		case !unattended:
			c.add("integrity.automatic_updates", collect.Bool(false), "", *periodic, collect.Basis{Input: "/etc/apt/apt.conf.d", Setting: "50unattended-upgrades", Value: "absent: unattended-upgrades is not installed"})
		case timer == "":
			c.add("integrity.automatic_updates", collect.Bool(false), "", *periodic, collect.Basis{Input: "/etc/systemd/system/timers.target.wants", Setting: "apt-daily-upgrade.timer", Value: "not enabled"})
		default:
			c.add("integrity.automatic_updates", collect.Bool(true), "", *periodic, collect.Basis{Input: dir, Setting: timer, Value: "enabled"})
		}
	}
	if data, ok, err := c.r.read("etc/dnf/automatic.conf"); err != nil {
		return err
	} else if ok {
		conf := map[string]setting{}
		keyValues("etc/dnf/automatic.conf", data, conf)
		timer, dir, err := c.enabled("dnf-automatic.timer", "dnf-automatic-install.timer")
		if err != nil {
			return err
		}
		apply := conf["apply_updates"]
		on := strings.EqualFold(apply.value, "yes") || strings.EqualFold(apply.value, "true") || apply.value == "1" || timer == "dnf-automatic-install.timer"
		basis := []collect.Basis{apply.basis("apply_updates")}
		if apply.file == "" {
			basis = []collect.Basis{{Input: "/etc/dnf/automatic.conf", Setting: "apply_updates", Value: "not set"}}
		}
		if timer != "" {
			basis = append(basis, collect.Basis{Input: dir, Setting: timer, Value: "enabled"})
		}
		c.add("integrity.automatic_updates", collect.Bool(on && timer != ""), "", basis...)
	}
	return nil
}

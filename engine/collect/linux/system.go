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

func (c *collector) fips() error {
	data, ok, err := c.r.read("proc/sys/crypto/fips_enabled")
	if err != nil || !ok {
		return err
	}
	if strings.TrimSpace(string(data)) == "1" {
		c.note("FIPS mode on (/proc/sys/crypto/fips_enabled = 1)")
	} else {
		c.note("FIPS mode off (/proc/sys/crypto/fips_enabled = %s)", strings.TrimSpace(string(data)))
	}
	return nil
}

// encryption: data at rest is encrypted when the root file system sits
// on dm-crypt (directly or under LVM).
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
	src := ""
	for _, l := range lines(mi) {
		f := strings.Fields(l.text)
		if len(f) < 10 || f[4] != "/" {
			continue
		}
		for i, x := range f {
			if x == "-" && i+2 < len(f) {
				src = f[i+2]
			}
		}
	}
	if src == "" {
		c.note("no root file system in /proc/self/mountinfo: at-rest encryption not established")
		return nil
	}
	dev, err := c.dmDevice(src)
	if err != nil {
		return err
	}
	if dev == "" {
		c.add("crypto.at_rest_encrypted", collect.Bool(false), "", collect.Basis{Input: "/proc/self/mountinfo", Setting: "/", Value: src + " (not a device-mapper device)"})
		return nil
	}
	crypt, basis, err := c.onCrypt(dev, 0)
	if err != nil {
		return err
	}
	if basis.Input == "" {
		basis = collect.Basis{Input: "/proc/self/mountinfo", Setting: "/", Value: src}
	}
	c.add("crypto.at_rest_encrypted", collect.Bool(crypt), "", basis)
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

func (c *collector) firewall() error {
	var found []string
	if data, ok, err := c.r.read("etc/nftables.conf"); err != nil {
		return err
	} else if ok && strings.Contains(string(data), "table ") {
		if unit, _, err := c.enabled("nftables.service"); err != nil {
			return err
		} else if unit != "" {
			found = append(found, "nftables (enabled)")
		} else {
			found = append(found, "nftables (configured, service not enabled)")
		}
	}
	if data, ok, err := c.r.read("etc/ufw/ufw.conf"); err != nil {
		return err
	} else if ok {
		conf := map[string]setting{}
		keyValues("etc/ufw/ufw.conf", data, conf)
		if strings.EqualFold(conf["enabled"].value, "yes") {
			found = append(found, "ufw (enabled)")
		}
	}
	if _, ok, err := c.r.read("etc/firewalld/firewalld.conf"); err != nil {
		return err
	} else if ok {
		if unit, _, err := c.enabled("firewalld.service"); err != nil {
			return err
		} else if unit != "" {
			found = append(found, "firewalld (enabled)")
		}
	}
	for _, f := range []string{"etc/iptables/rules.v4", "etc/sysconfig/iptables"} {
		if _, ok, err := c.r.read(f); err != nil {
			return err
		} else if ok {
			found = append(found, "iptables rules in /"+f)
		}
	}
	if len(found) == 0 {
		c.note("host firewall: none configured (nftables, ufw, firewalld, iptables)")
	} else {
		c.note("host firewall: %s", strings.Join(found, "; "))
	}
	return nil
}

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

func (c *collector) updates() error {
	files, err := c.r.glob("etc/apt/apt.conf.d", "*")
	if err != nil {
		return err
	}
	periodic := ""
	for _, f := range files {
		data, _, err := c.r.read(f)
		if err != nil {
			return err
		}
		for _, l := range lines(data) {
			if m := aptPeriodicRe.FindStringSubmatch(l.text); m != nil {
				periodic = m[1] + " (/" + f + ":" + strconv.Itoa(l.n) + ")"
			}
		}
	}
	if periodic != "" {
		c.note("automatic updates: APT::Periodic::Unattended-Upgrade %s", periodic)
	}
	if data, ok, err := c.r.read("etc/dnf/automatic.conf"); err != nil {
		return err
	} else if ok {
		conf := map[string]setting{}
		keyValues("etc/dnf/automatic.conf", data, conf)
		timer, _, err := c.enabled("dnf-automatic.timer", "dnf-automatic-install.timer")
		if err != nil {
			return err
		}
		c.note("automatic updates: dnf-automatic apply_updates = %s, timer %s", conf["apply_updates"].value, enabledWord(timer))
	}
	return nil
}

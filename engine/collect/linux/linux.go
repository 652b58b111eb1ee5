// Package linux is the collector for Linux hosts: it reads a running
// system's configuration from a root file system (/ on the host, or a
// directory tree), read-only, and reports the evidence facts it
// establishes, with every file and command it read and its SHA-256.
//
// It reads only the files in Allowed: the effective SSH server
// configuration (sshd_config with Include and Match as sshd reads them,
// or `sshd -T` output when given), PAM lockout (pam_faillock, pam_tally2)
// and password quality (pam_pwquality, pam_pwhistory), login.defs, the
// audit daemon's rules and configuration, journald's retention, FIPS mode,
// encrypted block devices, USB storage, the host firewall, time
// synchronisation and automatic updates. It never reads password hashes,
// keys or any file outside that list, and it runs no command itself.
package linux

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/mamori-dev/mamori/engine/collect"
)

// Version is the collector's version, reported as the tool version.
const Version = "1"

// Options configure a collection.
type Options struct {
	// Root is the root file system: os.DirFS("/") on the host, or a
	// directory tree (opened with os.OpenRoot(dir).FS(), so that links
	// cannot leave it).
	Root fs.FS
	// SSHDT is the output of `sshd -T`, if the caller ran it; it is then
	// the effective SSH server configuration, and recorded as a command.
	SSHDT []byte
	// Now is the time of collection (time.Now if nil).
	Now func() time.Time
}

// collector holds one run's state.
type collector struct {
	r     *reader
	obs   []collect.Observation
	notes []string
}

func (c *collector) add(fact string, v collect.Value, b collect.Bound, basis ...collect.Basis) {
	c.obs = append(c.obs, collect.Observation{Fact: fact, Value: v, Bound: b, Basis: basis})
}

func (c *collector) note(format string, args ...any) {
	c.notes = append(c.notes, fmt.Sprintf(format, args...))
}

// Collect reads the system under opts.Root and returns its report. An
// unreadable or malformed file is an error naming it; nothing is
// returned then.
func Collect(opts Options) (*collect.Report, error) {
	if opts.Root == nil {
		return nil, fmt.Errorf("linux: no root file system")
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	c := &collector{r: &reader{fsys: opts.Root, seen: map[string]bool{}}}
	host, err := c.hostname()
	if err != nil {
		return nil, err
	}
	osName, err := c.osRelease()
	if err != nil {
		return nil, err
	}
	steps := []func() error{
		func() error { return c.ssh(opts.SSHDT) },
		c.pam,
		c.loginDefs,
		c.audit,
		c.journald,
		c.fips,
		c.encryption,
		c.usbStorage,
		c.firewall,
		c.timeSync,
		c.updates,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	if len(opts.SSHDT) > 0 {
		sum := collect.Input{Name: "sshd -T", Kind: "command"}
		raw, _ := collect.ReadInput("sshd -T", "command", bytes.NewReader(opts.SSHDT), collect.MaxExport)
		if raw != nil {
			sum = raw.Input
		}
		c.r.inputs = append(c.r.inputs, sum)
	}
	rep := &collect.Report{
		Schema:       collect.SchemaV1,
		Source:       collect.Source{Kind: "linux", Tool: "mamori collect linux", ToolVersion: Version, Content: osName},
		Subject:      collect.Subject{Kind: collect.SubjectHost, ID: host},
		Collected:    now().UTC().Truncate(time.Second),
		Inputs:       c.r.inputs,
		Observations: c.obs,
		Notes:        c.notes,
	}
	rep.Sort()
	if err := rep.Validate(); err != nil {
		return nil, fmt.Errorf("linux: %v", err)
	}
	return rep, nil
}

func (c *collector) hostname() (string, error) {
	for _, p := range []string{"etc/hostname", "proc/sys/kernel/hostname"} {
		data, ok, err := c.r.read(p)
		if err != nil {
			return "", err
		}
		if ok {
			for _, l := range strings.Split(string(data), "\n") {
				if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
					return l, nil
				}
			}
		}
	}
	return "", collect.Errorf("/etc/hostname", 0, "", "no host name (neither /etc/hostname nor /proc/sys/kernel/hostname)")
}

func (c *collector) osRelease() (string, error) {
	for _, p := range []string{"etc/os-release", "usr/lib/os-release"} {
		data, ok, err := c.r.read(p)
		if err != nil || !ok {
			if err != nil {
				return "", err
			}
			continue
		}
		for _, l := range lines(data) {
			if v, found := strings.CutPrefix(l.text, "PRETTY_NAME="); found {
				return strings.Trim(v, `"'`), nil
			}
		}
	}
	return "", nil
}

// line is one non-blank, non-comment line of a configuration file.
type line struct {
	n    int
	text string
}

// lines splits a configuration file into lines without comments ('#' at
// the start of the line) or blanks.
func lines(data []byte) []line {
	var out []line
	for i, l := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		out = append(out, line{i + 1, t})
	}
	return out
}

// keyValues reads "key = value" or "key value" lines (faillock.conf,
// pwquality.conf, auditd.conf, login.defs); the last occurrence wins, as
// those programs read them.
type setting struct {
	value string
	file  string
	line  int
}

func keyValues(file string, data []byte, into map[string]setting) {
	for _, l := range lines(data) {
		t := l.text
		if i := strings.Index(t, "#"); i >= 0 {
			t = strings.TrimSpace(t[:i])
		}
		var k, v string
		if i := strings.IndexAny(t, "= \t"); i >= 0 {
			k, v = t[:i], strings.TrimSpace(strings.TrimLeft(t[i:], "= \t"))
		} else {
			k = t
		}
		into[strings.ToLower(k)] = setting{value: v, file: "/" + file, line: l.n}
	}
}

func (s setting) basis(name string) collect.Basis {
	return collect.Basis{Input: s.file, Line: s.line, Setting: name, Value: s.value}
}

// enabled says whether a systemd unit is enabled: its name is in one of
// the wants folders (the links are listed, never followed).
func (c *collector) enabled(units ...string) (string, string, error) {
	for _, dir := range []string{"etc/systemd/system/multi-user.target.wants", "etc/systemd/system/sysinit.target.wants", "etc/systemd/system/timers.target.wants"} {
		names, err := c.r.list(dir)
		if err != nil {
			return "", "", err
		}
		for _, u := range units {
			if slices.Contains(names, u) {
				return u, "/" + dir, nil
			}
		}
	}
	return "", "", nil
}

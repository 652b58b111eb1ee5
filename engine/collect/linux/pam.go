package linux

import (
	"path"
	"strconv"
	"strings"

	"github.com/mamori-dev/mamori/engine/collect"
)

// pamLine is one module line of a PAM stack.
type pamLine struct {
	typ    string
	module string
	args   map[string]string
	file   string
	n      int
}

// pamStack reads the lines of type typ from a PAM file, following
// @include of allowed files.
func (c *collector) pamStack(file, typ string, depth int) ([]pamLine, bool, error) {
	data, ok, err := c.r.read(file)
	if err != nil || !ok {
		return nil, ok, err
	}
	var out []pamLine
	for _, l := range lines(data) {
		t := l.text
		if inc, found := strings.CutPrefix(t, "@include"); found {
			inc = path.Join("etc/pam.d", strings.TrimSpace(inc))
			if depth < 8 && allowed(inc) {
				sub, _, err := c.pamStack(inc, typ, depth+1)
				if err != nil {
					return nil, true, err
				}
				out = append(out, sub...)
			}
			continue
		}
		fields := pamFields(t)
		if len(fields) < 3 {
			continue
		}
		ty := strings.TrimPrefix(strings.ToLower(fields[0]), "-")
		if ty != typ {
			continue
		}
		pl := pamLine{typ: ty, module: path.Base(fields[2]), args: map[string]string{}, file: "/" + file, n: l.n}
		for _, a := range fields[3:] {
			k, v, _ := strings.Cut(a, "=")
			pl.args[k] = v
		}
		out = append(out, pl)
	}
	return out, true, nil
}

// pamFields splits a PAM line, keeping a [value=action ...] control as
// one field.
func pamFields(s string) []string {
	var out []string
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		if s[0] == '[' {
			j := strings.IndexByte(s, ']')
			if j < 0 {
				j = len(s) - 1
			}
			out = append(out, s[:j+1])
			s = s[j+1:]
			continue
		}
		j := strings.IndexAny(s, " \t")
		if j < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:j])
		s = s[j:]
	}
	return out
}

// stack reads the first PAM file of the list that exists (Debian's
// common-*, then Red Hat's system-auth).
func (c *collector) stack(typ string, files ...string) ([]pamLine, string, error) {
	for _, f := range files {
		lines, ok, err := c.pamStack(f, typ, 0)
		if err != nil {
			return nil, "", err
		}
		if ok {
			return lines, "/" + f, nil
		}
	}
	return nil, "", nil
}

func find(lines []pamLine, module string) (pamLine, bool) {
	for _, l := range lines {
		if l.module == module {
			return l, true
		}
	}
	return pamLine{}, false
}

func atoi(s string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	return n, err == nil
}

func (c *collector) pam() error {
	auth, authFile, err := c.stack("auth", "etc/pam.d/common-auth", "etc/pam.d/system-auth", "etc/pam.d/password-auth")
	if err != nil {
		return err
	}
	if authFile != "" {
		if err := c.lockout(auth, authFile); err != nil {
			return err
		}
	}
	pw, pwFile, err := c.stack("password", "etc/pam.d/common-password", "etc/pam.d/system-auth")
	if err != nil {
		return err
	}
	if pwFile != "" {
		if err := c.passwords(pw, pwFile); err != nil {
			return err
		}
	}
	return nil
}

func (c *collector) lockout(auth []pamLine, authFile string) error {
	if l, ok := find(auth, "pam_faillock.so"); ok {
		conf := map[string]setting{}
		data, found, err := c.r.read("etc/security/faillock.conf")
		if err != nil {
			return err
		}
		if found {
			keyValues("etc/security/faillock.conf", data, conf)
		}
		// pam_faillock's defaults: deny 3, unlock_time 600 seconds.
		deny := setting{value: "3", file: l.file, line: l.n}
		if s, ok := conf["deny"]; ok {
			deny = s
		}
		if v, ok := l.args["deny"]; ok {
			deny = setting{value: v, file: l.file, line: l.n}
		}
		n, ok := atoi(deny.value)
		if !ok || n < 0 {
			return collect.Errorf(deny.file, deny.line, "deny", "expected a whole number, got %q", deny.value)
		}
		c.add("access.lockout.threshold", collect.Int(n), "", deny.basis("pam_faillock deny"),
			collect.Basis{Input: l.file, Line: l.n, Setting: "auth", Value: "pam_faillock.so"})
		unlock := setting{value: "600", file: l.file, line: l.n}
		if s, ok := conf["unlock_time"]; ok {
			unlock = s
		}
		if v, ok := l.args["unlock_time"]; ok {
			unlock = setting{value: v, file: l.file, line: l.n}
		}
		if secs, ok := atoi(unlock.value); ok && secs > 0 && n > 0 {
			c.add("access.lockout.duration_minutes", collect.Int(secs/60), "", unlock.basis("pam_faillock unlock_time"))
		} else if ok && secs == 0 {
			c.note("%s:%d: pam_faillock unlock_time 0: accounts stay locked until an administrator unlocks them", unlock.file, unlock.line)
		}
		return nil
	}
	if l, ok := find(auth, "pam_tally2.so"); ok {
		n, ok := atoi(l.args["deny"])
		if !ok {
			n = 0
		}
		c.add("access.lockout.threshold", collect.Int(n), "", collect.Basis{Input: l.file, Line: l.n, Setting: "pam_tally2 deny", Value: l.args["deny"]})
		return nil
	}
	c.add("access.lockout.threshold", collect.Int(0), "", collect.Basis{Input: authFile, Setting: "auth", Value: "no pam_faillock.so or pam_tally2.so"})
	return nil
}

func (c *collector) passwords(pw []pamLine, pwFile string) error {
	q, hasQ := find(pw, "pam_pwquality.so")
	if !hasQ {
		q, hasQ = find(pw, "pam_cracklib.so")
	}
	unix, hasUnix := find(pw, "pam_unix.so")
	if hasQ {
		conf := map[string]setting{}
		data, found, err := c.r.read("etc/security/pwquality.conf")
		if err != nil {
			return err
		}
		if found {
			keyValues("etc/security/pwquality.conf", data, conf)
		}
		extra, err := c.r.glob("etc/security/pwquality.conf.d", "*.conf")
		if err != nil {
			return err
		}
		for _, f := range extra {
			data, _, err := c.r.read(f)
			if err != nil {
				return err
			}
			keyValues(f, data, conf)
		}
		get := func(k, def string) setting {
			if v, ok := q.args[k]; ok {
				return setting{value: v, file: q.file, line: q.n}
			}
			if s, ok := conf[k]; ok {
				return s
			}
			return setting{value: def, file: q.file, line: q.n}
		}
		// pwquality's defaults (pwquality.conf(5)): minlen 8, credits 0.
		minlen := get("minlen", "8")
		n, ok := atoi(minlen.value)
		if !ok || n < 0 {
			return collect.Errorf(minlen.file, minlen.line, "minlen", "expected a whole number, got %q", minlen.value)
		}
		c.add("identity.password.min_length", collect.Int(n), "", minlen.basis(q.module+" minlen"))
		classes := 0
		var basis []collect.Basis
		for _, k := range []string{"dcredit", "ucredit", "lcredit", "ocredit"} {
			s := get(k, "0")
			if v, ok := atoi(s.value); ok && v < 0 {
				classes++
				basis = append(basis, s.basis(k))
			}
		}
		mc := get("minclass", "0")
		if v, ok := atoi(mc.value); ok && v > classes {
			classes = v
			basis = []collect.Basis{mc.basis("minclass")}
		}
		if len(basis) == 0 {
			basis = []collect.Basis{mc.basis("minclass")}
		}
		c.add("identity.password.complexity", collect.Bool(classes >= 3), "", basis...)
	} else if hasUnix {
		// pam_unix alone: its minlen (default 6), no character classes.
		v, given := unix.args["minlen"]
		if !given {
			v = "6"
		}
		if n, ok := atoi(v); ok {
			c.add("identity.password.min_length", collect.Int(n), "", collect.Basis{Input: unix.file, Line: unix.n, Setting: "pam_unix minlen", Value: v})
		}
		c.add("identity.password.complexity", collect.Bool(false), "", collect.Basis{Input: pwFile, Setting: "password", Value: "no pam_pwquality.so or pam_cracklib.so"})
	}
	// History: pam_pwhistory remember (default 10), or pam_unix remember.
	if h, ok := find(pw, "pam_pwhistory.so"); ok {
		v, given := h.args["remember"]
		if !given {
			v = "10"
		}
		if n, ok := atoi(v); ok {
			c.add("identity.password.history", collect.Int(n), "", collect.Basis{Input: h.file, Line: h.n, Setting: "pam_pwhistory remember", Value: v})
		}
	} else if v, ok := unix.args["remember"]; hasUnix && ok {
		if n, ok := atoi(v); ok {
			c.add("identity.password.history", collect.Int(n), "", collect.Basis{Input: unix.file, Line: unix.n, Setting: "pam_unix remember", Value: v})
		}
	} else if hasUnix {
		c.add("identity.password.history", collect.Int(0), "", collect.Basis{Input: pwFile, Setting: "password", Value: "no pam_pwhistory.so, no remember="})
	}
	return nil
}

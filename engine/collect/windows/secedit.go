package windows

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/ini.v1"

	"github.com/mamori-dev/mamori/engine/collect"
)

// Registry values in secedit's [Registry Values] that this importer reads
// (Interactive logon: machine inactivity limit; message text for users
// attempting to log on).
const (
	regInactivity  = `MACHINE\Software\Microsoft\Windows\CurrentVersion\Policies\System\InactivityTimeoutSecs`
	regNoticeText  = `MACHINE\Software\Microsoft\Windows\CurrentVersion\Policies\System\LegalNoticeText`
	regNoticeTitle = `MACHINE\Software\Microsoft\Windows\CurrentVersion\Policies\System\LegalNoticeCaption`
	// System cryptography: Use FIPS compliant algorithms for encryption,
	// hashing, and signing (1 on, 0 off).
	regFIPS = `MACHINE\System\CurrentControlSet\Control\Lsa\FIPSAlgorithmPolicy\Enabled`
)

// inf is a parsed secedit export with the lines of each key.
type inf struct {
	name  string
	file  *ini.File
	lines map[string][]int // "section\x00key", folded -> lines
}

// parseINF reads a security template (INF) as secedit writes it: UTF-16
// LE with a byte order mark, [Section] headers and key = value lines.
func parseINF(raw *collect.Raw) (*inf, error) {
	text, err := collect.DecodeText(raw.Input.Name, raw.Data)
	if err != nil {
		return nil, err
	}
	f, err := ini.LoadSources(ini.LoadOptions{
		IgnoreInlineComment:        true,
		KeyValueDelimiters:         "=",
		AllowShadows:               true,
		AllowDuplicateShadowValues: true,
		ChildSectionDelimiter:      "\x00",
		IgnoreContinuation:         true,
	}, []byte(text))
	if err != nil {
		return nil, collect.Errorf(raw.Input.Name, 0, "", "INF: %v", err)
	}
	in := &inf{name: raw.Input.Name, file: f, lines: keyLines(text)}
	if !f.HasSection("Unicode") && !f.HasSection("System Access") && !f.HasSection("Version") {
		return nil, collect.Errorf(raw.Input.Name, 1, "", "expected a security template from secedit /export (sections [Unicode], [System Access], [Version])")
	}
	for _, sec := range f.Sections() {
		for _, k := range sec.Keys() {
			if vs := k.ValueWithShadows(); len(vs) > 1 {
				return nil, collect.Errorf(raw.Input.Name, in.line(sec.Name(), k.Name(), 2), "["+sec.Name()+"] "+k.Name(), "given %d times", len(vs))
			}
		}
	}
	return in, nil
}

// keyLines finds, for error messages and bases, the lines on which each
// key of each section appears (the parsing is ini's).
func keyLines(text string) map[string][]int {
	out := map[string][]int{}
	section := ""
	for i, l := range strings.Split(text, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]") {
			section = strings.ToLower(strings.TrimSpace(t[1 : len(t)-1]))
			continue
		}
		if k, _, ok := strings.Cut(t, "="); ok {
			id := section + "\x00" + strings.ToLower(strings.TrimSpace(k))
			out[id] = append(out[id], i+1)
		}
	}
	return out
}

// line returns the line of the nth occurrence (1-based) of key in section.
func (in *inf) line(section, key string, nth int) int {
	ls := in.lines[strings.ToLower(section)+"\x00"+strings.ToLower(key)]
	if nth < 1 || nth > len(ls) {
		return 0
	}
	return ls[nth-1]
}

// get returns a key's value, its line, and whether it is there.
func (in *inf) get(section, key string) (string, int, bool) {
	sec, err := in.file.GetSection(section)
	if err != nil || !sec.HasKey(key) {
		return "", 0, false
	}
	return strings.TrimSpace(sec.Key(key).String()), in.line(section, key, 1), true
}

// intKey reads a whole-number key of [System Access].
func (in *inf) intKey(key string, min int) (int, int, bool, error) {
	v, line, ok := in.get("System Access", key)
	if !ok {
		return 0, 0, false, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min {
		return 0, 0, false, collect.Errorf(in.name, line, "[System Access] "+key, "expected a whole number not below %d, got %q", min, v)
	}
	return n, line, true, nil
}

// regValue reads a [Registry Values] entry "type,data" and returns the
// data.
func (in *inf) regValue(key string) (string, int, bool, error) {
	v, line, ok := in.get("Registry Values", key)
	if !ok {
		return "", 0, false, nil
	}
	typ, data, found := strings.Cut(v, ",")
	if !found {
		if v == "" {
			return "", line, true, nil
		}
		return "", 0, false, collect.Errorf(in.name, line, "[Registry Values] "+key, "expected type,data (for example 4,900), got %q", v)
	}
	if _, err := strconv.Atoi(strings.TrimSpace(typ)); err != nil {
		return "", 0, false, collect.Errorf(in.name, line, "[Registry Values] "+key, "expected a registry type number before the comma, got %q", typ)
	}
	return strings.Trim(strings.TrimSpace(data), `"`), line, true, nil
}

func secedit(raw *collect.Raw) ([]collect.Observation, []string, error) {
	in, err := parseINF(raw)
	if err != nil {
		return nil, nil, err
	}
	name := raw.Input.Name
	var obs []collect.Observation
	var notes []string
	add := func(fact string, v collect.Value, line int, setting, rawv string) {
		obs = append(obs, collect.Observation{Fact: fact, Value: v,
			Basis: []collect.Basis{{Input: name, Line: line, Setting: setting, Value: rawv}}})
	}
	intFact := func(key, fact string) (int, bool, error) {
		n, line, ok, err := in.intKey(key, 0)
		if err != nil || !ok {
			return n, ok, err
		}
		add(fact, collect.Int(n), line, key, strconv.Itoa(n))
		return n, true, nil
	}
	threshold, haveThreshold, err := intFact("LockoutBadCount", "access.lockout.threshold")
	if err != nil {
		return nil, nil, err
	}
	// LockoutDuration is minutes; -1 means until an administrator unlocks.
	if d, line, ok, err := in.intKey("LockoutDuration", -1); err != nil {
		return nil, nil, err
	} else if ok && haveThreshold && threshold > 0 {
		if d < 0 {
			notes = append(notes, fmt.Sprintf("%s:%d: LockoutDuration = -1: accounts stay locked until an administrator unlocks them", name, line))
		} else {
			add("access.lockout.duration_minutes", collect.Int(d), line, "LockoutDuration", strconv.Itoa(d))
		}
	}
	for _, kf := range [][2]string{
		{"MinimumPasswordLength", "identity.password.min_length"},
		{"PasswordHistorySize", "identity.password.history"},
	} {
		if _, _, err := intFact(kf[0], kf[1]); err != nil {
			return nil, nil, err
		}
	}
	for _, kf := range []struct {
		key, fact string
		whenOne   bool
	}{
		{"PasswordComplexity", "identity.password.complexity", true},
		// ClearTextPassword: store passwords using reversible encryption.
		{"ClearTextPassword", "identity.password.stored_hashed", false},
	} {
		n, line, ok, err := in.intKey(kf.key, 0)
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			continue
		}
		if n > 1 {
			return nil, nil, collect.Errorf(name, line, "[System Access] "+kf.key, "expected 0 or 1, got %d", n)
		}
		add(kf.fact, collect.Bool((n == 1) == kf.whenOne), line, kf.key, strconv.Itoa(n))
	}
	// Screen lock: the machine inactivity limit, seconds (0: none).
	if v, line, ok, err := in.regValue(regInactivity); err != nil {
		return nil, nil, err
	} else if ok {
		secs, err := strconv.Atoi(v)
		if err != nil || secs < 0 {
			return nil, nil, collect.Errorf(name, line, "[Registry Values] "+regInactivity, "expected seconds as a whole number, got %q", v)
		}
		add("access.session_lock.idle_minutes", collect.Int((secs+59)/60), line, "InactivityTimeoutSecs", v)
	} else {
		notes = append(notes, name+": no machine inactivity limit (InactivityTimeoutSecs) in the policy: the screen lock may be set per user, which secedit does not export")
	}
	// FIPS mode: the security option, when the policy sets it.
	if v, line, ok, err := in.regValue(regFIPS); err != nil {
		return nil, nil, err
	} else if ok {
		if v != "0" && v != "1" {
			return nil, nil, collect.Errorf(name, line, "[Registry Values] "+regFIPS, "expected 0 or 1, got %q", v)
		}
		add("crypto.fips_mode", collect.Bool(v == "1"), line, "FIPSAlgorithmPolicy\\Enabled", v)
	}
	// Logon banner: a message text for users attempting to log on.
	text, line, ok, err := in.regValue(regNoticeText)
	if err != nil {
		return nil, nil, err
	}
	if ok {
		set := strings.Trim(strings.TrimSpace(text), ",") != ""
		add("access.logon_banner", collect.Bool(set), line, "LegalNoticeText", text)
	} else if _, tline, tok := in.get("Registry Values", regNoticeTitle); tok {
		add("access.logon_banner", collect.Bool(false), tline, "LegalNoticeText", "(not set)")
	}
	return obs, notes, nil
}

package linux

import (
	"errors"
	"path"
	"slices"
	"strings"

	"github.com/mamori-dev/mamori/engine/collect"
)

// sshdState is sshd's reading of its configuration: for each keyword the
// first value given outside a Match block (sshd keeps the first), and
// the keywords that Match blocks change for some connections.
type sshdState struct {
	// chain holds the files being read, to refuse an Include loop
	// before it doubles at every level.
	chain   []string
	global  map[string]setting
	matched map[string][]string // keyword -> Match criteria
	skipped []string
}

// maxIncludeDepth is sshd's limit on nested Include.
const maxIncludeDepth = 16

// sshdTokens splits a line into keyword and arguments as sshd does:
// "Keyword value", "Keyword=value", arguments in double quotes.
func sshdTokens(s string) (string, []string) {
	s = strings.TrimSpace(s)
	i := strings.IndexAny(s, " \t=")
	if i < 0 {
		return strings.ToLower(s), nil
	}
	kw := strings.ToLower(s[:i])
	rest := strings.TrimLeft(s[i:], " \t")
	rest = strings.TrimPrefix(rest, "=")
	var args []string
	for rest = strings.TrimSpace(rest); rest != ""; rest = strings.TrimSpace(rest) {
		if rest[0] == '"' {
			j := strings.IndexByte(rest[1:], '"')
			if j < 0 {
				args = append(args, rest[1:])
				break
			}
			args = append(args, rest[1:j+1])
			rest = rest[j+2:]
			continue
		}
		j := strings.IndexAny(rest, " \t")
		if j < 0 {
			args = append(args, rest)
			break
		}
		args = append(args, rest[:j])
		rest = rest[j:]
	}
	return kw, args
}

func (c *collector) sshdFile(st *sshdState, file string, depth int, match string) (bool, error) {
	data, ok, err := c.r.read(file)
	if err != nil || !ok {
		return ok, err
	}
	st.chain = append(st.chain, file)
	defer func() { st.chain = st.chain[:len(st.chain)-1] }()
	for _, l := range lines(data) {
		kw, args := sshdTokens(l.text)
		switch kw {
		case "match":
			crit := strings.Join(args, " ")
			if strings.EqualFold(crit, "all") {
				match = ""
			} else {
				match = crit
			}
			continue
		case "include":
			if depth >= maxIncludeDepth {
				return true, collect.Errorf("/"+file, l.n, "Include", "nested more than %d deep", maxIncludeDepth)
			}
			for _, pat := range args {
				if !path.IsAbs(pat) {
					pat = path.Join("/etc/ssh", pat)
				}
				pat = strings.TrimPrefix(pat, "/")
				files := []string{pat}
				if strings.ContainsAny(pat, "*?[") {
					files, err = c.r.glob(path.Dir(pat), path.Base(pat))
					if errors.Is(err, ErrNotAllowed) {
						st.skipped = append(st.skipped, "/"+pat)
						continue
					}
					if err != nil {
						return true, err
					}
				}
				for _, f := range files {
					if slices.Contains(st.chain, f) {
						return true, collect.Errorf("/"+file, l.n, "Include", "/%s includes itself", f)
					}
					if !allowed(f) {
						st.skipped = append(st.skipped, "/"+f)
						continue
					}
					if _, err := c.sshdFile(st, f, depth+1, match); err != nil {
						return true, err
					}
				}
			}
			continue
		}
		if len(args) == 0 {
			return true, collect.Errorf("/"+file, l.n, kw, "no value")
		}
		if match != "" {
			st.matched[kw] = append(st.matched[kw], match)
			continue
		}
		if _, seen := st.global[kw]; !seen {
			st.global[kw] = setting{value: strings.Join(args, " "), file: "/" + file, line: l.n}
		}
	}
	return true, nil
}

func (c *collector) ssh(sshdT []byte) error {
	st := &sshdState{global: map[string]setting{}, matched: map[string][]string{}}
	if len(sshdT) > 0 {
		text, err := collect.DecodeText("sshd -T", sshdT)
		if err != nil {
			return err
		}
		for _, l := range lines([]byte(text)) {
			kw, args := sshdTokens(l.text)
			if _, seen := st.global[kw]; !seen && len(args) > 0 {
				st.global[kw] = setting{value: strings.Join(args, " "), file: "sshd -T", line: l.n}
			}
		}
		if len(st.global) == 0 {
			return collect.Errorf("sshd -T", 0, "", "no settings: expected the output of sshd -T")
		}
	} else {
		ok, err := c.sshdFile(st, "etc/ssh/sshd_config", 0, "")
		if err != nil {
			return err
		}
		if !ok {
			c.note("no /etc/ssh/sshd_config: no SSH server configured")
			return nil
		}
	}
	for _, s := range st.skipped {
		c.note("sshd_config: Include %s is outside the collector's list and was not read", s)
	}
	if b, ok := st.global["banner"]; ok && !strings.EqualFold(b.value, "none") {
		c.add("access.logon_banner", collect.Bool(true), "", b.basis("Banner"))
	} else {
		basis := collect.Basis{Input: "/etc/ssh/sshd_config", Setting: "Banner", Value: "none (the default)"}
		if ok {
			basis = b.basis("Banner")
		} else if len(sshdT) > 0 {
			basis.Input = "sshd -T"
		}
		c.add("access.logon_banner", collect.Bool(false), "", basis)
	}
	for _, kw := range []string{"permitrootlogin", "passwordauthentication", "permitemptypasswords", "clientaliveinterval", "clientalivecountmax", "maxauthtries"} {
		if s, ok := st.global[kw]; ok {
			c.note("sshd: %s %s (%s:%d)", kw, s.value, s.file, s.line)
		}
	}
	kws := make([]string, 0, len(st.matched))
	for kw := range st.matched {
		kws = append(kws, kw)
	}
	slices.Sort(kws)
	for _, kw := range kws {
		c.note("sshd: %s is changed for connections matching %s", kw, strings.Join(st.matched[kw], "; "))
	}
	return nil
}

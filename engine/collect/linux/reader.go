package linux

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/mamori-dev/mamori/engine/collect"
)

// Allowed lists, as path.Match patterns relative to the root, every file
// and directory the collector may read. Nothing else is ever opened: not
// /etc/shadow, not a key, not a file outside this list.
var Allowed = []string{
	"etc/hostname",
	"proc/sys/kernel/hostname",
	"etc/os-release",
	"usr/lib/os-release",
	// SSH server.
	"etc/ssh/sshd_config",
	"etc/ssh/sshd_config.d",
	"etc/ssh/sshd_config.d/*.conf",
	// PAM lockout and password quality.
	"etc/pam.d/common-auth",
	"etc/pam.d/common-password",
	"etc/pam.d/system-auth",
	"etc/pam.d/password-auth",
	"etc/security/faillock.conf",
	"etc/security/pwquality.conf",
	"etc/security/pwquality.conf.d",
	"etc/security/pwquality.conf.d/*.conf",
	"etc/login.defs",
	// Audit.
	"etc/audit/auditd.conf",
	"etc/audit/audit.rules",
	"etc/audit/rules.d",
	"etc/audit/rules.d/*.rules",
	// journald.
	"etc/systemd/journald.conf",
	"etc/systemd/journald.conf.d",
	"etc/systemd/journald.conf.d/*.conf",
	// Services enabled (names in the wants folders, never followed).
	"etc/systemd/system/multi-user.target.wants",
	"etc/systemd/system/sysinit.target.wants",
	"etc/systemd/system/timers.target.wants",
	// FIPS mode and encrypted block devices.
	"proc/sys/crypto/fips_enabled",
	"etc/crypttab",
	"proc/self/mountinfo",
	"sys/block",
	"sys/block/*/dm/uuid",
	"sys/block/*/dm/name",
	"sys/block/*/slaves",
	// USB storage.
	"etc/modprobe.d",
	"etc/modprobe.d/*.conf",
	"usr/lib/modprobe.d",
	"usr/lib/modprobe.d/*.conf",
	"lib/modprobe.d",
	"lib/modprobe.d/*.conf",
	"etc/usbguard/usbguard-daemon.conf",
	// Host firewall.
	"etc/nftables.conf",
	"etc/ufw/ufw.conf",
	"etc/default/ufw",
	"etc/firewalld/firewalld.conf",
	"etc/iptables/rules.v4",
	"etc/sysconfig/iptables",
	// Time synchronisation.
	"etc/chrony/chrony.conf",
	"etc/chrony.conf",
	"etc/chrony/sources.d",
	"etc/chrony/sources.d/*.sources",
	"etc/systemd/timesyncd.conf",
	"etc/ntp.conf",
	"etc/ntpsec/ntp.conf",
	// Automatic updates.
	"etc/apt/apt.conf.d",
	"etc/apt/apt.conf.d/*",
	"etc/dnf/automatic.conf",
}

// never are patterns refused even if a mistake put them in Allowed.
var never = []string{"*shadow*", "*gshadow*", "*_key", "*.key", "*.pem", "*id_rsa*", "*id_ed25519*", "*id_ecdsa*", "*private*", "*secret*", "*.kdbx"}

// maxFile bounds one file read; configuration files are small.
const maxFile = 4 << 20

// ErrNotAllowed is returned for a path outside Allowed.
var ErrNotAllowed = errors.New("not on the collector's list of files")

// reader reads files from the root, only those allowed, and records each
// with its digest.
type reader struct {
	fsys   fs.FS
	inputs []collect.Input
	seen   map[string]bool
}

func allowed(p string) bool {
	base := path.Base(p)
	for _, n := range never {
		if ok, _ := path.Match(n, base); ok {
			return false
		}
	}
	for _, a := range Allowed {
		if ok, _ := path.Match(a, p); ok {
			return true
		}
	}
	return false
}

func (r *reader) record(name, kind string, data []byte) {
	if r.seen[name] {
		return
	}
	r.seen[name] = true
	sum := sha256.Sum256(data)
	r.inputs = append(r.inputs, collect.Input{Name: "/" + name, Kind: kind, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data))})
}

// read returns a file's content, or nil and false if it does not exist.
// A path outside the list is refused.
func (r *reader) read(p string) ([]byte, bool, error) {
	p = path.Clean(strings.TrimPrefix(p, "/"))
	if !allowed(p) {
		return nil, false, fmt.Errorf("/%s: %w", p, ErrNotAllowed)
	}
	if err := r.checkLink(p); err != nil {
		return nil, false, err
	}
	f, err := r.fsys.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		r.record(p, "absent", nil)
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("/%s: %v", p, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, false, fmt.Errorf("/%s: %v", p, err)
	}
	if !st.Mode().IsRegular() {
		return nil, false, nil
	}
	data, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err != nil {
		return nil, false, fmt.Errorf("/%s: %v", p, err)
	}
	if len(data) > maxFile {
		return nil, false, fmt.Errorf("/%s: larger than %d bytes", p, maxFile)
	}
	r.record(p, "file", data)
	return data, true, nil
}

// checkLink refuses a file that is a symbolic link to a path off the
// list (an sshd_config that points at /etc/shadow is not read): the
// destination must itself be allowed. Links are followed one level, as
// the destination is checked again when it is opened.
func (r *reader) checkLink(p string) error {
	info, err := fs.Lstat(r.fsys, p)
	if err != nil || info.Mode()&fs.ModeSymlink == 0 {
		return nil
	}
	dest, err := fs.ReadLink(r.fsys, p)
	if err != nil {
		return fmt.Errorf("/%s: %v", p, err)
	}
	if !path.IsAbs(dest) {
		dest = path.Join(path.Dir(p), dest)
	}
	dest = strings.TrimPrefix(path.Clean(dest), "/")
	if !allowed(dest) {
		return fmt.Errorf("/%s: a link to /%s: %w", p, dest, ErrNotAllowed)
	}
	return nil
}

// list returns the names in a directory, sorted, or nil if it does not
// exist. Entries are not followed.
func (r *reader) list(p string) ([]string, error) {
	p = path.Clean(strings.TrimPrefix(p, "/"))
	if !allowed(p) {
		return nil, fmt.Errorf("/%s: %w", p, ErrNotAllowed)
	}
	entries, err := fs.ReadDir(r.fsys, p)
	if errors.Is(err, fs.ErrNotExist) {
		r.record(p, "absent", nil)
		return nil, nil
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			// Not a directory, or unreadable: nothing listed.
			return nil, nil
		}
		return nil, fmt.Errorf("/%s: %v", p, err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	var b bytes.Buffer
	for _, n := range names {
		b.WriteString(n)
		b.WriteByte('\n')
	}
	r.record(p, "directory", b.Bytes())
	return names, nil
}

// glob returns the allowed files in dir matching pattern, in name order.
func (r *reader) glob(dir, pattern string) ([]string, error) {
	names, err := r.list(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, n := range names {
		if ok, _ := path.Match(pattern, n); ok && allowed(path.Join(dir, n)) {
			out = append(out, path.Join(dir, n))
		}
	}
	return out, nil
}

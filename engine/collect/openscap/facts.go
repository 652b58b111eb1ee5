package openscap

import (
	"fmt"
	"strings"

	"github.com/mamori-dev/mamori/engine/collect"
)

// A factRule says which evidence fact a rule of the SCAP Security Guide
// establishes, and how.
type factRule struct {
	// Rule is the rule ID without RulePrefix.
	Rule string
	Fact string
	// For integer facts: the XCCDF value holding the rule's limit, its
	// unit divisor (60 for seconds to minutes), and whether a pass means
	// at most (true) or at least (false) the limit.
	Var    string
	Div    int
	AtMost bool
	// For boolean and string facts: the values a pass and a fail give
	// (a zero Value: the result establishes nothing).
	Pass, Fail collect.Value
}

// factRules are the rules that establish facts. Rule names are the
// SCAP Security Guide's; a name missing from a scan is simply not used.
var factRules = []factRule{
	// 3.1.8: lockout after consecutive failed logons.
	{Rule: "accounts_passwords_pam_faillock_deny", Fact: "access.lockout.threshold", Var: "var_accounts_passwords_pam_faillock_deny", Div: 1, AtMost: true},
	{Rule: "accounts_passwords_pam_tally2", Fact: "access.lockout.threshold", Var: "var_password_pam_tally2", Div: 1, AtMost: true},
	{Rule: "accounts_passwords_pam_faillock_unlock_time", Fact: "access.lockout.duration_minutes", Var: "var_accounts_passwords_pam_faillock_unlock_time", Div: 60},
	// 3.1.9: system use notification.
	{Rule: "sshd_enable_warning_banner", Fact: "access.logon_banner", Pass: collect.Bool(true), Fail: collect.Bool(false)},
	{Rule: "sshd_enable_warning_banner_net", Fact: "access.logon_banner", Pass: collect.Bool(true), Fail: collect.Bool(false)},
	// 3.1.11: session termination after inactivity.
	{Rule: "accounts_tmout", Fact: "access.session_termination_minutes", Var: "var_accounts_tmout", Div: 60, AtMost: true},
	{Rule: "logind_session_timeout", Fact: "access.session_termination_minutes", Var: "var_logind_session_timeout", Div: 60, AtMost: true},
	// 3.13.9: network connections closed after inactivity (SSH).
	{Rule: "sshd_set_idle_timeout", Fact: "network.idle_disconnect_minutes", Var: "sshd_idle_timeout_value", Div: 60, AtMost: true},
	// 3.1.7: privileged functions audited.
	{Rule: "audit_rules_privileged_commands", Fact: "access.privileged_functions_logged", Pass: collect.Bool(true), Fail: collect.Bool(false)},
	{Rule: "audit_rules_privileged_commands_sudo", Fact: "access.privileged_functions_logged", Pass: collect.Bool(true), Fail: collect.Bool(false)},
	// 3.5.7, 3.5.8, 3.5.10: password rules.
	{Rule: "accounts_password_pam_minlen", Fact: "identity.password.min_length", Var: "var_password_pam_minlen", Div: 1},
	{Rule: "accounts_password_pam_unix_remember", Fact: "identity.password.history", Var: "var_password_pam_unix_remember", Div: 1},
	{Rule: "accounts_password_pam_pwhistory_remember_password_auth", Fact: "identity.password.history", Var: "var_password_pam_remember", Div: 1},
	{Rule: "accounts_password_pam_pwhistory_remember_system_auth", Fact: "identity.password.history", Var: "var_password_pam_remember", Div: 1},
	{Rule: "accounts_password_pam_minclass", Fact: "identity.password.complexity", Pass: collect.Bool(true)},
	{Rule: "accounts_password_all_shadowed", Fact: "identity.password.stored_hashed", Pass: collect.Bool(true), Fail: collect.Bool(false)},
	// 3.3.1, 3.3.4: audit logging on, alerting before the log is full.
	{Rule: "service_auditd_enabled", Fact: "audit.logging_enabled", Pass: collect.Bool(true), Fail: collect.Bool(false)},
	{Rule: "auditd_data_retention_space_left_action", Fact: "audit.failure_alerting", Pass: collect.Bool(true), Fail: collect.Bool(false)},
	// 3.3.7: time synchronisation.
	{Rule: "service_chronyd_or_ntpd_enabled", Fact: "audit.time_sync", Pass: collect.Bool(true), Fail: collect.Bool(false)},
	{Rule: "service_timesyncd_enabled", Fact: "audit.time_sync", Pass: collect.Bool(true)},
	{Rule: "service_chronyd_enabled", Fact: "audit.time_sync", Pass: collect.Bool(true)},
	// 3.8.7: USB storage blocked (a failure says only that the kernel
	// module is not disabled; other controls may exist).
	{Rule: "kernel_module_usb-storage_disabled", Fact: "media.removable_media", Pass: collect.String("blocked")},
	// 3.13.16: every partition encrypted is full-disk encryption (it says
	// nothing of CUI at rest elsewhere, so not crypto.at_rest_encrypted).
	{Rule: "encrypt_partitions", Fact: "crypto.full_disk_encryption", Pass: collect.Bool(true), Fail: collect.Bool(false)},
	// 3.13.11: the operating system in FIPS mode.
	{Rule: "enable_fips_mode", Fact: "crypto.fips_mode", Pass: collect.Bool(true), Fail: collect.Bool(false)},
	{Rule: "sysctl_crypto_fips_enabled", Fact: "crypto.fips_mode", Pass: collect.Bool(true), Fail: collect.Bool(false)},
	// 3.13.1: a host firewall that drops unsolicited inbound traffic. A
	// failure says only that this firewall is not the one in use.
	{Rule: "service_firewalld_enabled", Fact: "network.host_firewall", Pass: collect.Bool(true)},
	{Rule: "nftables_ensure_default_deny_policy", Fact: "network.host_firewall", Pass: collect.Bool(true)},
	{Rule: "set_iptables_default_rule", Fact: "network.host_firewall", Pass: collect.Bool(true)},
	{Rule: "check_ufw_active", Fact: "network.host_firewall", Pass: collect.Bool(true)},
}

// FactRules returns the rule IDs (without RulePrefix) that establish
// facts, and the fact of each.
func FactRules() map[string]string {
	m := make(map[string]string, len(factRules))
	for _, fr := range factRules {
		m[fr.Rule] = fr.Fact
	}
	return m
}

// observe derives observations from rule results: only pass and fail
// establish anything.
func observe(input string, results map[string]*ruleResult, vars map[string]string) ([]collect.Observation, []string) {
	var obs []collect.Observation
	var notes []string
	for _, fr := range factRules {
		id := RulePrefix + fr.Rule
		rr, ok := results[id]
		if !ok || (rr.Result != collect.ResultPass && rr.Result != collect.ResultFail) {
			continue
		}
		pass := rr.Result == collect.ResultPass
		basis := collect.Basis{Input: input, Rule: id, Value: rr.Result}
		if fr.Var == "" {
			v := fr.Fail
			if pass {
				v = fr.Pass
			}
			if v.IsZero() {
				continue
			}
			obs = append(obs, collect.Observation{Fact: fr.Fact, Value: v, Basis: []collect.Basis{basis}})
			continue
		}
		varID := "xccdf_org.ssgproject.content_value_" + fr.Var
		n, raw, ok := varInt(vars, varID)
		if !ok {
			notes = append(notes, fmt.Sprintf("rule %s %s, but its limit %s is not among the TestResult's set-values: %s not established", fr.Rule, rr.Result, fr.Var, fr.Fact))
			continue
		}
		basis.Setting = strings.TrimPrefix(varID, "xccdf_org.ssgproject.content_value_")
		basis.Value = rr.Result + " (" + basis.Setting + " = " + raw + ")"
		limit := n / fr.Div
		var b collect.Bound
		switch {
		case pass && fr.AtMost:
			b = collect.AtMost
		case pass:
			b = collect.AtLeast
		case fr.AtMost:
			b = collect.MoreThan
		default:
			b = collect.LessThan
		}
		obs = append(obs, collect.Observation{Fact: fr.Fact, Value: collect.Int(limit), Bound: b, Basis: []collect.Basis{basis}})
	}
	return obs, notes
}

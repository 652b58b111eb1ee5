package collect

import (
	"fmt"
	"maps"
	"slices"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// Order says which of two values of a fact is the stronger, for the
// rule that the organisation's value is its weakest host's. It is the
// evidence format's order (evidence.OrderOf), so that aggregating hosts
// here and merging sources when evidence is read agree.
type Order = evidence.Order

// Orders.
const (
	TrueStronger  = evidence.TrueStronger
	FalseStronger = evidence.FalseStronger
	Higher        = evidence.Higher
	Lower         = evidence.Lower
	LowerZeroNone = evidence.LowerZeroNone
	Ranked        = evidence.Ranked
)

// FactKind describes a fact that importers may establish: its type, the
// order of its values, and for strings the allowed values, weakest first.
type FactKind struct {
	Kind   Kind
	Order  Order
	Values []string
}

func (k FactKind) check(v Value) error {
	if k.Kind == KindString && len(k.Values) > 0 && !slices.Contains(k.Values, v.s) {
		return fmt.Errorf("expected one of %v, got %q", k.Values, v.s)
	}
	if k.Kind == KindInt && v.i < 0 {
		return fmt.Errorf("expected a whole number not below 0, got %d", v.i)
	}
	return nil
}

// collectable lists every fact an importer or the collector may
// establish, with its type. The paths are evidence/v1's facts keys; a
// test derives the valid paths and their types from the evidence types
// by reflection and fails on any path here that is not one of them. The
// order of each fact's values, and a string's allowed values, are the
// evidence format's.
var collectable = map[string]Kind{
	"access.lockout.threshold":                    KindInt,
	"access.lockout.duration_minutes":             KindInt,
	"access.logon_banner":                         KindBool,
	"access.session_lock.idle_minutes":            KindInt,
	"access.session_lock.pattern_hiding":          KindBool,
	"access.session_termination_minutes":          KindInt,
	"access.least_privilege":                      KindBool,
	"access.privileged_functions_logged":          KindBool,
	"access.external_portable_storage_restricted": KindBool,
	"identity.password.min_length":                KindInt,
	"identity.password.complexity":                KindBool,
	"identity.password.history":                   KindInt,
	"identity.password.stored_hashed":             KindBool,
	"identity.password.transmitted_encrypted":     KindBool,
	"identity.identifier_inactivity_disable_days": KindInt,
	"identity.mfa.privileged_network":             KindBool,
	"identity.mfa.nonprivileged_network":          KindBool,
	"identity.mfa.remote_access":                  KindBool,
	"identity.replay_resistant":                   KindBool,
	"audit.logging_enabled":                       KindBool,
	"audit.events_defined":                        KindBool,
	"audit.retention_days":                        KindInt,
	"audit.failure_alerting":                      KindBool,
	"audit.time_sync":                             KindBool,
	"audit.protected":                             KindBool,
	"configuration.nonessential_disabled":         KindBool,
	"media.removable_media":                       KindString,
	"crypto.full_disk_encryption":                 KindBool,
	"crypto.fips_mode":                            KindBool,
	"network.idle_disconnect_minutes":             KindInt,
	"network.host_firewall":                       KindBool,
	"integrity.automatic_updates":                 KindBool,
	"integrity.malware.deployed":                  KindBool,
	"integrity.malware.real_time":                 KindBool,
	"integrity.malware.update_interval_hours":     KindInt,
	"integrity.malware.periodic_scan_days":        KindInt,
}

// kinds describes every collectable fact.
var kinds = func() map[string]FactKind {
	out := make(map[string]FactKind, len(collectable))
	for path, k := range collectable {
		o := evidence.OrderOf(path)
		out[path] = FactKind{Kind: k, Order: o.Order, Values: o.Values}
	}
	return out
}()

// Kinds returns the facts importers may establish, by path.
func Kinds() map[string]FactKind { return maps.Clone(kinds) }

// KindOf returns the description of a fact path.
func KindOf(fact string) (FactKind, bool) {
	k, ok := kinds[fact]
	return k, ok
}

package collect

import (
	"fmt"
	"maps"
	"slices"
)

// Order says which of two values of a fact is the stronger, for the
// rule that the organisation's value is its weakest host's.
type Order int

// Orders.
const (
	// TrueStronger: true is the stronger value (lockout enabled, logging on).
	TrueStronger Order = iota + 1
	// FalseStronger: false is the stronger value (a capability permitted).
	FalseStronger
	// Higher: the larger number is stronger (password length, retention).
	Higher
	// Lower: the smaller number is stronger (definition age, scan interval).
	Lower
	// LowerZeroNone: the smaller number is stronger, but 0 means the
	// control is off and is the weakest (lockout threshold 0 is no
	// lockout; idle minutes 0 is never).
	LowerZeroNone
	// Ranked: a string whose allowed values are listed weakest first.
	Ranked
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

// kinds lists every fact an importer or the collector may establish. The
// paths are evidence/v1's facts keys; a test derives the valid paths and
// their types from the evidence types by reflection and fails on any
// path here that is not one of them.
var kinds = map[string]FactKind{
	"access.lockout.threshold":                    {KindInt, LowerZeroNone, nil},
	"access.lockout.duration_minutes":             {KindInt, Higher, nil},
	"access.logon_banner":                         {KindBool, TrueStronger, nil},
	"access.session_lock.idle_minutes":            {KindInt, LowerZeroNone, nil},
	"access.session_lock.pattern_hiding":          {KindBool, TrueStronger, nil},
	"access.session_termination_minutes":          {KindInt, LowerZeroNone, nil},
	"access.least_privilege":                      {KindBool, TrueStronger, nil},
	"access.privileged_functions_logged":          {KindBool, TrueStronger, nil},
	"access.external_portable_storage_restricted": {KindBool, TrueStronger, nil},
	"identity.password.min_length":                {KindInt, Higher, nil},
	"identity.password.complexity":                {KindBool, TrueStronger, nil},
	"identity.password.history":                   {KindInt, Higher, nil},
	"identity.password.stored_hashed":             {KindBool, TrueStronger, nil},
	"identity.password.transmitted_encrypted":     {KindBool, TrueStronger, nil},
	"identity.identifier_inactivity_disable_days": {KindInt, LowerZeroNone, nil},
	"identity.mfa.privileged_network":             {KindBool, TrueStronger, nil},
	"identity.mfa.nonprivileged_network":          {KindBool, TrueStronger, nil},
	"identity.mfa.remote_access":                  {KindBool, TrueStronger, nil},
	"identity.replay_resistant":                   {KindBool, TrueStronger, nil},
	"audit.logging_enabled":                       {KindBool, TrueStronger, nil},
	"audit.events_defined":                        {KindBool, TrueStronger, nil},
	"audit.retention_days":                        {KindInt, Higher, nil},
	"audit.failure_alerting":                      {KindBool, TrueStronger, nil},
	"audit.time_sync":                             {KindBool, TrueStronger, nil},
	"audit.protected":                             {KindBool, TrueStronger, nil},
	"configuration.nonessential_disabled":         {KindBool, TrueStronger, nil},
	"media.removable_media":                       {KindString, Ranked, []string{"unrestricted", "controlled", "blocked"}},
	"crypto.at_rest_encrypted":                    {KindBool, TrueStronger, nil},
	"crypto.transit_encrypted":                    {KindBool, TrueStronger, nil},
	"network.deny_by_default":                     {KindBool, TrueStronger, nil},
	"network.idle_disconnect_minutes":             {KindInt, LowerZeroNone, nil},
	"integrity.malware.deployed":                  {KindBool, TrueStronger, nil},
	"integrity.malware.real_time":                 {KindBool, TrueStronger, nil},
	"integrity.malware.update_interval_hours":     {KindInt, Lower, nil},
	"integrity.malware.periodic_scan_days":        {KindInt, Lower, nil},
}

// Kinds returns the facts importers may establish, by path.
func Kinds() map[string]FactKind { return maps.Clone(kinds) }

// KindOf returns the description of a fact path.
func KindOf(fact string) (FactKind, bool) {
	k, ok := kinds[fact]
	return k, ok
}

package evidence

import (
	"math"
	"reflect"
	"slices"
	"strings"
)

// Order says which of two values of a fact is the weaker: the value with
// which fewer claims pass. When sources give one fact different values,
// or hosts report different values of it, the policies see the weakest,
// so that no claim passes on a disagreement or on one host's say.
type Order int

// Orders.
const (
	// TrueStronger: true is the stronger value (lockout enabled, logging
	// on), the default for booleans.
	TrueStronger Order = iota + 1
	// FalseStronger: false is the stronger value (a capability that is
	// not permitted).
	FalseStronger
	// Higher: the larger number is stronger (password length, retention,
	// training completion).
	Higher
	// Lower: the smaller number is stronger (review intervals, the time
	// taken to patch).
	Lower
	// LowerZeroNone: the smaller number is stronger, but 0 means the
	// control is off and is the weakest (a lockout threshold of 0 is no
	// lockout; idle minutes 0 is never).
	LowerZeroNone
	// Ranked: a string whose allowed values are listed weakest first.
	Ranked
	// Later: the later date is stronger (the last exercise, the last
	// restore test), the default for dates.
	Later
	// Union: a list whose union is the weaker value (crypto.modules:
	// every module any source lists protects protected information).
	Union
)

// FactOrder is the order of a fact's values, and for a Ranked string
// its allowed values, weakest first.
type FactOrder struct {
	Order  Order
	Values []string
}

// factOrders gives the order of every fact whose type does not decide it
// (integers and strings), and of booleans where false is the stronger
// value. A test checks that every integer and string fact is here.
var factOrders = map[string]FactOrder{
	"access.account_review_days":                   {Order: Lower},
	"access.lockout.threshold":                     {Order: LowerZeroNone},
	"access.lockout.duration_minutes":              {Order: Higher},
	"access.session_lock.idle_minutes":             {Order: LowerZeroNone},
	"access.session_termination_minutes":           {Order: LowerZeroNone},
	"access.remote_access.permitted":               {Order: FalseStronger},
	"access.wireless.permitted":                    {Order: FalseStronger},
	"access.mobile.permitted":                      {Order: FalseStronger},
	"access.external_systems.permitted":            {Order: FalseStronger},
	"identity.identifier_reuse_prevention_days":    {Order: Higher},
	"identity.identifier_inactivity_disable_days":  {Order: LowerZeroNone},
	"identity.password.min_length":                 {Order: Higher},
	"identity.password.history":                    {Order: Higher},
	"audit.retention_days":                         {Order: Higher},
	"audit.review_interval_days":                   {Order: Lower},
	"configuration.baseline_review_days":           {Order: Lower},
	"configuration.software_execution_policy":      {Order: Ranked, Values: []string{"none", "denylist", "allowlist"}},
	"media.removable_media":                        {Order: Ranked, Values: []string{"unrestricted", "controlled", "blocked"}},
	"media.sanitization":                           {Order: Ranked, Values: []string{"none", "nist-800-88-clear", "nist-800-88-purge", "destroy"}},
	"personnel.access_revocation_hours":            {Order: Lower},
	"facility.entry_control":                       {Order: Ranked, Values: []string{"none", "key", "keypad", "badge", "biometric"}},
	"facility.entry_log_retention_days":            {Order: Higher},
	"risk.vulnerability_scan_interval_days":        {Order: Lower},
	"risk.critical_vulnerability_remediation_days": {Order: Lower},
	"network.idle_disconnect_minutes":              {Order: LowerZeroNone},
	"integrity.patch_critical_days":                {Order: Lower},
	"integrity.malware.update_interval_hours":      {Order: Lower},
	"integrity.malware.periodic_scan_days":         {Order: Lower},
}

// OrderOf returns the order of a fact's values. Booleans default to
// TrueStronger, numbers to Higher, dates to Later and lists to Union.
func OrderOf(path string) FactOrder {
	if o, ok := factOrders[path]; ok {
		return o
	}
	switch t := factType(path); {
	case t == nil:
		return FactOrder{}
	case t == dateType:
		return FactOrder{Order: Later}
	case t.Kind() == reflect.Bool:
		return FactOrder{Order: TrueStronger}
	case t.Kind() == reflect.Float64:
		return FactOrder{Order: Higher}
	case t.Kind() == reflect.Slice:
		return FactOrder{Order: Union}
	}
	return FactOrder{}
}

// Bounds of a collected integer value: a rule result that says only that
// a setting is within (or outside) a limit gives a bound, not the value.
const (
	BoundExact    = ""
	BoundAtMost   = "at_most"
	BoundAtLeast  = "at_least"
	BoundMoreThan = "more_than"
	BoundLessThan = "less_than"
)

// Bounds lists the bounds a collected value may carry.
var Bounds = []string{BoundAtMost, BoundAtLeast, BoundMoreThan, BoundLessThan}

// Edge is the integer a bounded value stands for: at most 5 and at least
// 5 as 5, more than 5 as 6, less than 5 as 4.
func Edge(v int, bound string) int {
	switch bound {
	case BoundMoreThan:
		return v + 1
	case BoundLessThan:
		return v - 1
	}
	return v
}

// Strength places a value of the fact at path on a line where larger is
// stronger; a bounded integer is placed at its edge. Values of the wrong
// type, and lists, are the weakest.
func Strength(path string, v any, bound string) float64 {
	o := OrderOf(path)
	switch x := v.(type) {
	case bool:
		if o.Order == FalseStronger {
			x = !x
		}
		if x {
			return 1
		}
		return 0
	case int:
		n := Edge(x, bound)
		switch o.Order {
		case Lower:
			return -float64(n)
		case LowerZeroNone:
			if n <= 0 {
				return math.Inf(-1)
			}
			return -float64(n)
		}
		return float64(n)
	case float64:
		if o.Order == Lower {
			return -x
		}
		return x
	case string:
		return float64(slices.Index(o.Values, x))
	case Date:
		return float64(x.Unix())
	}
	return math.Inf(-1)
}

// Consistent says whether two values of one fact can both be true of
// the same thing: equal values, or bounded integers whose ranges meet
// (at most 5 and exactly 3; at least 50 and exactly 60). Lists are
// consistent when they hold the same items.
func Consistent(a any, aBound string, b any, bBound string) bool {
	ai, aok := a.(int)
	bi, bok := b.(int)
	if aok && bok {
		alo, ahi := interval(ai, aBound)
		blo, bhi := interval(bi, bBound)
		return max(alo, blo) <= min(ahi, bhi)
	}
	if aBound != BoundExact || bBound != BoundExact {
		return false
	}
	if am, ok := a.([]CryptoModule); ok {
		bm, ok := b.([]CryptoModule)
		return ok && len(unionModules(am, bm)) == len(am) && len(am) == len(bm)
	}
	return reflect.DeepEqual(a, b)
}

func interval(v int, bound string) (int, int) {
	switch bound {
	case BoundAtMost:
		return math.MinInt, v
	case BoundAtLeast:
		return v, math.MaxInt
	case BoundMoreThan:
		return v + 1, math.MaxInt
	case BoundLessThan:
		return math.MinInt, v - 1
	}
	return v, v
}

// Weaker returns the weaker of two values of the fact at path, with its
// bound; on a tie, the first. Lists are joined (every module any source
// lists).
func Weaker(path string, a any, aBound string, b any, bBound string) (any, string) {
	if am, ok := a.([]CryptoModule); ok {
		if bm, ok := b.([]CryptoModule); ok {
			return unionModules(am, bm), BoundExact
		}
	}
	if Strength(path, b, bBound) < Strength(path, a, aBound) {
		return b, bBound
	}
	return a, aBound
}

// unionModules joins two module lists, keeping the first of equal
// modules, in order.
func unionModules(a, b []CryptoModule) []CryptoModule {
	out := slices.Clone(a)
	for _, m := range b {
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}

// factTypes maps every fact path to the type of its value.
var factTypes = func() map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for _, f := range factFields {
		if f.fact {
			out[f.path] = f.typ
		}
	}
	return out
}()

// factType is the type of the fact at path, or nil for a path that is
// not a fact.
func factType(path string) reflect.Type { return factTypes[path] }

// FactKind names the type of the fact at path as the evidence guide does:
// "boolean", "integer", "number", "date", "string", "list", or "" for a
// path that is not a fact.
func FactKind(path string) string {
	t := factType(path)
	switch {
	case t == nil:
		return ""
	case t == dateType:
		return "date"
	case t.Kind() == reflect.Bool:
		return "boolean"
	case t.Kind() == reflect.Int:
		return "integer"
	case t.Kind() == reflect.Float64:
		return "number"
	case t.Kind() == reflect.String:
		return "string"
	case t.Kind() == reflect.Slice:
		return "list"
	}
	return strings.ToLower(t.Kind().String())
}

// Bounded is a value of a fact with its bound (BoundExact for a value
// read as it is).
type Bounded struct {
	Value any
	Bound string
}

// Combine is what several values of one fact about one host come to:
// when they can all be true and one is exact (a setting read rather than
// a rule's limit), that one; otherwise the weakest. Consistent says
// whether they can all be true.
func Combine(path string, vals []Bounded) (v Bounded, consistent bool) {
	consistent = true
	var exact *Bounded
	for i := range vals {
		c := vals[i]
		for _, o := range vals[:i] {
			if !Consistent(c.Value, c.Bound, o.Value, o.Bound) {
				consistent = false
			}
		}
		if c.Bound == BoundExact && exact == nil {
			exact = &vals[i]
		}
		if i == 0 {
			v = c
		} else {
			v.Value, v.Bound = Weaker(path, v.Value, v.Bound, c.Value, c.Bound)
		}
	}
	if consistent && exact != nil {
		v = *exact
	}
	return v, consistent
}

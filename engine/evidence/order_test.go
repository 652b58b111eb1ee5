package evidence_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// TestEveryFactHasAnOrder: the weaker of two values is defined for
// every fact, explicitly for integers and strings (whose type does not
// say which way is stronger), and a ranked string lists exactly the
// values the fact allows.
func TestEveryFactHasAnOrder(t *testing.T) {
	for path, leaf := range evidence.FactPaths() {
		if !leaf {
			continue
		}
		o := evidence.OrderOf(path)
		assert.NotZero(t, o.Order, "%s has no order", path)
		switch evidence.FactKind(path) {
		case "string":
			assert.Equal(t, evidence.Ranked, o.Order, "%s", path)
			assert.NotEmpty(t, o.Values, "%s", path)
		case "integer":
			assert.Contains(t, []evidence.Order{evidence.Higher, evidence.Lower, evidence.LowerZeroNone}, o.Order, "%s", path)
		}
	}
}

func TestWeaker(t *testing.T) {
	tests := []struct {
		path       string
		a, b, want any
	}{
		{"crypto.full_disk_encryption", true, false, false},
		{"access.remote_access.permitted", false, true, true},
		{"access.lockout.threshold", 5, 0, 0},
		{"access.lockout.threshold", 3, 10, 10},
		{"identity.password.min_length", 12, 8, 8},
		{"media.removable_media", "blocked", "controlled", "controlled"},
		{"training.completion_percent", 100.0, 95.0, 95.0},
		{"training.last_awareness", date(t, "2026-04-01"), date(t, "2025-04-01"), date(t, "2025-04-01")},
		{"crypto.modules", []evidence.CryptoModule{{Name: "A"}}, []evidence.CryptoModule{{Name: "B"}}, []evidence.CryptoModule{{Name: "A"}, {Name: "B"}}},
	}
	for _, tc := range tests {
		got, _ := evidence.Weaker(tc.path, tc.a, "", tc.b, "")
		assert.Equal(t, tc.want, got, "%s", tc.path)
		if tc.path == "crypto.modules" {
			continue // a union, in the order given
		}
		got, _ = evidence.Weaker(tc.path, tc.b, "", tc.a, "")
		assert.Equal(t, tc.want, got, "%s, the other way round", tc.path)
	}
	assert.True(t, evidence.Consistent(3, "", 5, evidence.BoundAtMost))
	assert.False(t, evidence.Consistent(6, "", 5, evidence.BoundAtMost))
	assert.True(t, evidence.Consistent(6, "", 5, evidence.BoundMoreThan))
	assert.False(t, evidence.Consistent(5, "", 5, evidence.BoundMoreThan))
}

// TestSetAndLeaves: Set writes a fact that Leaves and Value read back.
func TestSetAndLeaves(t *testing.T) {
	var f evidence.Facts
	require.NoError(t, f.Set("access.lockout.threshold", 5))
	require.NoError(t, f.Set("crypto.full_disk_encryption", false))
	require.NoError(t, f.Set("training.last_awareness", date(t, "2026-04-01")))
	assert.ErrorContains(t, f.Set("access.lockout.threshold", "5"), "expected integer")
	assert.ErrorContains(t, f.Set("access.lockout", 5), "expected")
	assert.ErrorContains(t, f.Set("access.lockout.attempts", 5), "unknown fact")
	var paths []string
	for _, l := range f.Leaves() {
		paths = append(paths, l.Path)
	}
	assert.Equal(t, []string{"access.lockout.threshold", "training.last_awareness", "crypto.full_disk_encryption"}, paths)
	v, ok := f.Value("crypto.full_disk_encryption")
	assert.True(t, ok)
	assert.Equal(t, false, v)
}

func date(t *testing.T, s string) evidence.Date {
	t.Helper()
	d, err := evidence.ParseDate(s)
	require.NoError(t, err)
	return d
}

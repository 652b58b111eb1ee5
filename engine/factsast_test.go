package engine

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine/evidence"
)

// TestFactsInputMatchesJSON checks the direct conversion against the
// document a JSON round trip gives, and the presence list against it.
func TestFactsInputMatchesJSON(t *testing.T) {
	tru, fls, five, zero := true, false, 5, 0
	d, _ := evidence.ParseDate("2026-04-01")
	pct := 87.5
	sw := "allowlist"
	tests := []struct {
		name  string
		facts *evidence.Facts
		want  []string // present paths
	}{
		{name: "empty", facts: &evidence.Facts{}},
		{name: "nil", facts: nil},
		{
			name: "mixed",
			facts: &evidence.Facts{
				Access:        &evidence.AccessFacts{Lockout: &evidence.LockoutFacts{}, LogonBanner: &fls, SessionLock: &evidence.SessionLockFacts{IdleMinutes: &zero}},
				Identity:      &evidence.IdentityFacts{MFA: &evidence.MFAFacts{PrivilegedLocal: &tru}, Password: &evidence.PasswordFacts{MinLength: &five}},
				Training:      &evidence.TrainingFacts{LastAwareness: &d, CompletionPercent: &pct},
				Configuration: &evidence.ConfigurationFacts{SoftwarePolicy: &sw},
				Crypto:        &evidence.CryptoFacts{Modules: []evidence.CryptoModule{{Name: "A", CMVPCertificate: "4282", Status: "active"}, {Name: "B"}}},
			},
			want: []string{
				"access", "access.lockout", "access.logon_banner", "access.session_lock", "access.session_lock.idle_minutes",
				"identity", "identity.mfa", "identity.mfa.privileged_local", "identity.password", "identity.password.min_length",
				"training", "training.last_awareness", "training.completion_percent",
				"configuration", "configuration.software_execution_policy", "crypto", "crypto.modules",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := factsInput(tt.facts)
			want := ast.NewObject()
			if tt.facts != nil {
				b, err := json.Marshal(tt.facts)
				require.NoError(t, err)
				v, err := ast.ValueFromReader(bytes.NewReader(b))
				require.NoError(t, err)
				want = v.(ast.Object)
			}
			assert.Equal(t, 0, want.Compare(got), "factsInput = %v; want %v", got, want)
			for _, p := range tt.want {
				assert.True(t, hasFact(got, strings.Split(p, ".")), "hasFact(%s)", p)
			}
			for _, p := range []string{"audit", "identity.mfa.nonprivileged_network", "access.lockout.threshold", "network"} {
				assert.False(t, hasFact(got, strings.Split(p, ".")), "hasFact(%s)", p)
			}
		})
	}
}

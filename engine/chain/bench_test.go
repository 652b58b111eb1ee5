package chain_test

import (
	"crypto/ed25519"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mamori-dev/mamori/engine/chain"
)

// synthetic builds a chain of n companies over 5 tiers and k contracts,
// each company on about 2.5 contracts, with a protected flow to every
// party.
func synthetic(n, k int) *chain.Chain {
	c := &chain.Chain{Schema: chain.Schema, Prime: chain.Organization{ID: "prime", Name: "Prime"}, File: "synthetic.yaml"}
	for i := range n {
		c.Companies = append(c.Companies, chain.Company{ID: fmt.Sprintf("co-%05d", i), Name: fmt.Sprintf("Company %d", i)})
	}
	perTier := n / 5
	for j := range k {
		ct := chain.Contract{ID: fmt.Sprintf("K-%04d", j), Title: "T", SpecialClause: true, DesignationReference: "D",
			Requirement: chain.Requirement{Status: chain.StatusConditional}}
		// A chain of parents: each contract takes a slice of every tier.
		width := n * 5 / 2 / k / 5
		var prev []string
		for tier := range 5 {
			var cur []string
			for w := range width {
				id := c.Companies[tier*perTier+(j*width+w)%perTier].ID
				parent := "prime"
				if len(prev) > 0 {
					parent = prev[w%len(prev)]
				}
				ct.Parties = append(ct.Parties, chain.Party{Company: id, Parent: parent, FlowDown: true})
				ct.Flows = append(ct.Flows, chain.Flow{From: parent, To: id, Protected: true})
				cur = append(cur, id)
			}
			prev = cur
		}
		c.Contracts = append(c.Contracts, ct)
	}
	return c
}

func syntheticVerdicts(b testing.TB, c *chain.Chain) ([][]byte, []ed25519.PublicKey) {
	s := newSigner("bench")
	out := make([][]byte, len(c.Companies))
	for i, co := range c.Companies {
		env, err := attestSign(s, stmt(co.ID, "2026-01-10", 365))
		require.NoError(b, err)
		out[i] = env
	}
	return out, []ed25519.PublicKey{s.pub()}
}

// BenchmarkCheck is the evaluation alone at the target scale: 10,000
// suppliers over 5 tiers and 500 contracts, verdicts already verified.
func BenchmarkCheck(b *testing.B) {
	c := synthetic(10000, 500)
	require.NoError(b, c.Validate())
	envs, keys := syntheticVerdicts(b, c)
	sup := make([]chain.Supplied, len(envs))
	for i, e := range envs {
		sup[i] = chain.VerifyVerdict(fmt.Sprintf("v%d.json", i), e, keys)
	}
	asOf := date(b, "2026-06-01")
	b.ResetTimer()
	for b.Loop() {
		r, err := chain.Check(c, sup, asOf)
		if err != nil || !r.Summary.Ready {
			b.Fatalf("err %v, ready %v", err, r.Summary.Ready)
		}
	}
}

// BenchmarkVerify is one signed verdict's parse and verification.
func BenchmarkVerify(b *testing.B) {
	c := synthetic(10, 2)
	envs, keys := syntheticVerdicts(b, c)
	for b.Loop() {
		if s := chain.VerifyVerdict("v.json", envs[0], keys); s.Err != nil {
			b.Fatal(s.Err)
		}
	}
}

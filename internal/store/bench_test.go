package store

import (
	"context"
	"testing"
)

// BenchmarkRecordGateDecisions shows the cost of a durable commit
// (synchronous=FULL) per decision, alone and in groups.
func BenchmarkRecordGateDecisions(b *testing.B) {
	for _, n := range []int{1, 100} {
		b.Run(map[int]string{1: "one per commit", 100: "100 per commit"}[n], func(b *testing.B) {
			s, err := Open(context.Background(), b.TempDir()+"/mamori.db", Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			ds := make([]GateDecision, n)
			b.ResetTimer()
			for range b.N {
				for i := range ds {
					ds[i] = GateDecision{Gate: GateMembership, OrgID: "sato", SiteID: "sato-1", Decision: DecisionAllow}
				}
				if err := s.RecordGateDecisions(context.Background(), ds...); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "decisions/s")
		})
	}
}

func BenchmarkCurrentVerdict(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, b.TempDir()+"/mamori.db", Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.CreateOrganization(ctx, Organization{ID: "sato", Name: "Sato"}); err != nil {
		b.Fatal(err)
	}
	if _, err := s.CreateVerdict(ctx, testVerdict("sato", "sato-1", t0)); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if _, err := s.CurrentVerdict(ctx, "sato", "sato-1"); err != nil {
			b.Fatal(err)
		}
	}
}

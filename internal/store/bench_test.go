package store

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"slices"
	"strings"
	"testing"
	"time"
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
			signed := []byte(strings.Repeat("s", 1100))
			b.ResetTimer()
			for range b.N {
				for i := range ds {
					ds[i] = GateDecision{Gate: GateMembership, OrgID: "sato", SiteID: "sato-1", Decision: DecisionAllow, Signed: signed}
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

// BenchmarkCommitLatency shows the spread of commit times for groups of
// three gate decisions shaped like the server's (time-ordered IDs, a
// 1.1 KB signed envelope), with the server's checkpoint setting: the
// commits that checkpoint make the tail.
//
//	go test -run - -bench CommitLatency -benchtime 8000x ./internal/store
func BenchmarkCommitLatency(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, b.TempDir()+"/mamori.db", Options{CheckpointPages: 200})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	signed := []byte(strings.Repeat("s", 1100))
	took := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		ds := make([]GateDecision, 3)
		for i := range ds {
			ds[i] = GateDecision{ID: timeOrderedID(), Gate: GateMembership, OrgID: "org-01234", SiteID: "site-01234",
				Decision: DecisionAllow, Signed: signed}
		}
		start := time.Now()
		if err := s.RecordGateDecisions(ctx, ds...); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(took)
	at := func(q float64) float64 { return float64(took[int(q*float64(len(took)-1))].Microseconds()) }
	over := 0
	for _, d := range took {
		if d > 2*time.Millisecond {
			over++
		}
	}
	b.ReportMetric(at(0.5), "p50-µs")
	b.ReportMetric(at(0.99), "p99-µs")
	b.ReportMetric(at(0.999), "p99.9-µs")
	b.ReportMetric(float64(over)*1000/float64(len(took)), "over-2ms/1000")
}

// timeOrderedID is shaped like the server's gate decision IDs.
func timeOrderedID() string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(time.Now().UnixNano()))
	rand.Read(b[8:])
	return "g_" + hex.EncodeToString(b[:])
}

// BenchmarkLedgerTreeExtend is the cost per entry of keeping the ledger's
// Merkle tree for checkpoints: reading an entry's hashes and folding it
// in. A server folds every entry once.
func BenchmarkLedgerTreeExtend(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, b.TempDir()+"/mamori.db", Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const n = 20_000
	signed := []byte(strings.Repeat("s", 1100))
	ds := make([]GateDecision, 500)
	for range n / len(ds) {
		for i := range ds {
			ds[i] = GateDecision{ID: timeOrderedID(), Gate: GateMembership, OrgID: "org-01234", SiteID: "site-01234",
				Decision: DecisionAllow, Signed: signed}
		}
		if err := s.RecordGateDecisions(ctx, ds...); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for range b.N {
		var t LedgerTree
		if err := t.Extend(ctx, s, 0); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/entry")
}

// BenchmarkLedgerTreeAdd is the folding alone.
func BenchmarkLedgerTreeAdd(b *testing.B) {
	h := strings.Repeat("ab", 32)
	var t LedgerTree
	for range b.N {
		if err := t.Add(h); err != nil {
			b.Fatal(err)
		}
	}
}

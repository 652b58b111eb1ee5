// Command chaingen writes a synthetic supply chain for the scale
// benchmark of "mamori supply-chain check": N suppliers over five tiers
// under one prime, a number of contracts (500 at N = 10,000, scaled with
// N), and one signed verdict (a DSSE envelope) per supplier. Most
// verdicts are current and final; some are conditional with a POA&M
// closeout approaching, some expired, some below the requirement, a few
// tampered or signed by an unknown key, and a few suppliers have none.
// The same flags give the same files, byte for byte.
//
//	go run ./bench/chaingen -n 10000 -out DIR [-contracts 500] [-seed 1]
//
// DIR receives chain.yaml (supply-chain/v1, compact flow style so that
// 50,000 suppliers stay under the 10 MiB input limit), signing.pub (the
// key the chain trusts) and verdicts/<company>.json. Check it with
//
//	mamori supply-chain check DIR/chain.yaml --verdicts DIR/verdicts -o chain.xlsx
package main

import (
	"bufio"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/attest"
	"github.com/mamori-dev/mamori/engine/chain"
	"github.com/mamori-dev/mamori/engine/evidence"
)

// tiers is the share of suppliers at each tier (1 to 5), in percent.
var tiers = []int{6, 14, 25, 30, 25}

// asOf is the date the chain is checked at (its as_of).
var asOf = time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)

func main() {
	n := flag.Int("n", 10000, "number of suppliers")
	contracts := flag.Int("contracts", 0, "number of contracts (default: 500 per 10,000 suppliers, at least 1)")
	out := flag.String("out", "", "output directory")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if *out == "" || *n < 1 || *contracts < 0 {
		fmt.Fprintln(os.Stderr, "usage: chaingen -n N -out DIR [-contracts C] [-seed S]")
		os.Exit(2)
	}
	if *contracts == 0 {
		*contracts = max(1, *n*500/10000)
	}
	st, err := run(*n, *contracts, *out, *seed)
	if err != nil {
		fmt.Fprintln(os.Stderr, "chaingen:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "chaingen: %d suppliers, %d contracts, %d parties, %d protected flows; chain.yaml %d bytes\n",
		*n, *contracts, st.parties, st.protected, st.bytes)
	fmt.Fprintf(os.Stderr, "chaingen: verdicts: %d final, %d conditional, %d below requirement, %d expired, %d tampered, %d unknown key, %d missing\n",
		st.kinds[kindFinal], st.kinds[kindConditional], st.kinds[kindLow], st.kinds[kindExpired], st.kinds[kindTampered],
		st.kinds[kindUnknownKey], st.kinds[kindMissing])
	if st.bytes > evidence.MaxInputBytes {
		fmt.Fprintf(os.Stderr, "chaingen: warning: chain.yaml is over mamori's %d-byte input limit\n", evidence.MaxInputBytes)
	}
}

// Verdict kinds.
const (
	kindFinal = iota
	kindConditional
	kindLow
	kindExpired
	kindTampered
	kindUnknownKey
	kindMissing
	nKinds
)

// kindPerMille is the share of each verdict kind per thousand
// suppliers; the rest are final.
var kindPerMille = []struct{ kind, n int }{
	{kindMissing, 5}, {kindTampered, 4}, {kindUnknownKey, 2}, {kindExpired, 10}, {kindLow, 8}, {kindConditional, 25},
}

type stats struct {
	parties, protected, bytes int
	kinds                     [nKinds]int
}

type supplier struct {
	id   string
	tier int
	home int // the contract it was generated for
}

func run(n, nContracts int, out string, seed uint64) (*stats, error) {
	vdir := filepath.Join(out, "verdicts")
	if ents, err := os.ReadDir(vdir); err == nil && len(ents) > 0 {
		return nil, fmt.Errorf("%s is not empty: use a new directory", vdir)
	}
	if err := os.MkdirAll(vdir, 0o755); err != nil {
		return nil, err
	}
	r := rand.New(rand.NewPCG(seed, 0x6d616d6f7269))
	key := seededKey(seed, "signing")
	other := seededKey(seed, "unknown")
	pub, err := attest.MarshalPublicKey(key.Public().(ed25519.PublicKey))
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(out, "signing.pub"), pub, 0o644); err != nil {
		return nil, err
	}

	// Suppliers: spread evenly over the contracts, and within each
	// contract over the tiers in the shares of tiers, so that every
	// contract has a tier 1.
	sups := make([]supplier, n)
	for i := range sups {
		home, j := i%nContracts, i/nContracts
		m := (n - home + nContracts - 1) / nContracts // suppliers of this contract
		t, cum := 1, tiers[0]
		for t < len(tiers) && j*100 >= cum*m {
			cum += tiers[t]
			t++
		}
		sups[i] = supplier{id: fmt.Sprintf("s%05d", i), tier: t, home: home}
	}
	st := &stats{}
	if err := writeChain(filepath.Join(out, "chain.yaml"), r, sups, nContracts, st); err != nil {
		return nil, err
	}
	for _, s := range sups {
		kind, err := writeVerdict(vdir, r, s, key, other)
		if err != nil {
			return nil, err
		}
		st.kinds[kind]++
	}
	return st, nil
}

// seededKey derives an Ed25519 key from the seed, so that runs repeat.
func seededKey(seed uint64, label string) ed25519.PrivateKey {
	sum := sha256.Sum256(fmt.Appendf(nil, "mamori chaingen %d %s", seed, label))
	return ed25519.NewKeyFromSeed(sum[:])
}

func day(t time.Time) string { return t.Format(evidence.DateLayout) }

// writeChain writes chain.yaml: the companies, then each contract with
// its parties in tiers and the flows to them.
func writeChain(file string, r *rand.Rand, sups []supplier, nContracts int, st *stats) error {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintf(w, "# Synthetic supply chain from bench/chaingen: %d suppliers over %d tiers, %d contracts.\n", len(sups), len(tiers), nContracts)
	fmt.Fprintf(w, "mamori: %s\nas_of: %s\nprime: {id: prime, name: ベンチ重工業株式会社, name_en: Bench Heavy Industries}\n", chain.Schema, day(asOf))
	fmt.Fprintf(w, "keys: [signing.pub]\ncompanies:\n")
	for i, s := range sups {
		switch {
		case i%40 == 7: // a few companies declare two sites
			fmt.Fprintf(w, "- {id: %s, name: 協力会社%s, sites: [{id: a}, {id: b}]}\n", s.id, s.id[1:])
		case i%500 == 11: // and a few are suspended
			fmt.Fprintf(w, "- {id: %s, name: 協力会社%s, suspension: {since: %s, reason: 監査拒否}}\n", s.id, s.id[1:], day(asOf.AddDate(0, -1, 0)))
		default:
			fmt.Fprintf(w, "- {id: %s, name: 協力会社%s}\n", s.id, s.id[1:])
		}
	}
	// byContract[c][t] are contract c's own suppliers at tier t+1.
	byContract := make([][][]int, nContracts)
	for c := range byContract {
		byContract[c] = make([][]int, len(tiers))
	}
	for i, s := range sups {
		byContract[s.home][s.tier-1] = append(byContract[s.home][s.tier-1], i)
	}
	fmt.Fprintf(w, "contracts:\n")
	for c := range nContracts {
		special := c%20 != 19 // one contract in twenty has no special clause
		fmt.Fprintf(w, "- id: K%04d\n  title: ベンチ契約%04d\n  special_clause: %t\n", c, c, special)
		if special {
			fmt.Fprintf(w, "  designation_reference: 指定第%04d号\n", c)
		}
		req := "{status: final"
		switch x := r.IntN(10); {
		case x < 4:
			req = "{status: conditional"
			if r.IntN(2) == 0 {
				req += ", conditional_until: " + day(asOf.AddDate(0, 0, 5+r.IntN(150)))
			}
		}
		if r.IntN(10) < 3 {
			req += ", min_score: 88"
		}
		if r.IntN(10) == 0 {
			req += ", site_check: true"
		}
		if r.IntN(10) == 0 {
			req += ", max_age_days: 730"
		}
		fmt.Fprintf(w, "  requirement: %s}\n  parties:\n", req)

		// Parties: each of the contract's own suppliers under a random
		// supplier one tier up (the prime above tier 1), plus two tier-1
		// suppliers of other contracts, so suppliers serve several
		// contracts.
		type party struct{ id, parent string }
		var parties []party
		on := map[int]bool{}
		var above []int
		for t := range len(tiers) {
			for _, i := range byContract[c][t] {
				parent := "prime"
				if len(above) > 0 {
					parent = sups[above[r.IntN(len(above))]].id
				}
				parties = append(parties, party{sups[i].id, parent})
				on[i] = true
			}
			if len(byContract[c][t]) > 0 {
				above = byContract[c][t]
			}
		}
		for range 2 {
			o := r.IntN(nContracts)
			if o == c || len(byContract[o][0]) == 0 {
				continue
			}
			i := byContract[o][0][r.IntN(len(byContract[o][0]))]
			if !on[i] {
				parties = append(parties, party{sups[i].id, "prime"})
				on[i] = true
			}
		}
		if len(parties) == 0 { // more contracts than suppliers
			parties = append(parties, party{sups[c%len(sups)].id, "prime"})
		}
		for _, p := range parties {
			// One subcontract in 300 does not flow the clause down.
			fmt.Fprintf(w, "  - {company: %s, parent: %s, flow_down: %t}\n", p.id, p.parent, r.IntN(300) != 0)
		}
		st.parties += len(parties)
		fmt.Fprintf(w, "  flows:\n")
		for _, p := range parties {
			// Most flows carry protected information (drawings,
			// specifications); some carry only schedules.
			protected := special && r.IntN(10) != 0
			if protected {
				st.protected++
			}
			fmt.Fprintf(w, "  - {from: %s, to: %s, protected: %t}\n", p.parent, p.id, protected)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	info, err := f.Stat()
	if err == nil {
		st.bytes = int(info.Size())
	}
	return errors.Join(err, f.Close())
}

// writeVerdict writes the supplier's signed verdict, if it has one, and
// returns its kind.
func writeVerdict(dir string, r *rand.Rand, s supplier, key, other ed25519.PrivateKey) (int, error) {
	kind, x := kindFinal, r.IntN(1000)
	for _, k := range kindPerMille {
		if x < k.n {
			kind = k.kind
			break
		}
		x -= k.n
	}
	if kind == kindMissing {
		return kind, nil
	}
	// Assessed within the last 300 days (expired ones 400 to 700 days
	// ago), signed a few days later, valid for a year: those assessed
	// 275 to 300 days ago fall due within the alert windows.
	back := 1 + r.IntN(300)
	if kind == kindExpired {
		back = 400 + r.IntN(300)
	}
	assessed := asOf.AddDate(0, 0, -back)
	issued := assessed.AddDate(0, 0, r.IntN(5))
	if issued.After(asOf) {
		issued = asOf
	}
	ptr := func(t time.Time) *string { s := day(t); return &s }
	score, status, ready := 110, engine.CMMCFinal, true
	var closeout *string
	until := issued.Add(365 * 24 * time.Hour)
	switch kind {
	case kindConditional:
		score, status, ready = 88+r.IntN(22), engine.CMMCConditional, false
		// The closeout is 180 days after the assessment; the verdict
		// is never valid past it.
		due := assessed.AddDate(0, 0, 180)
		if due.Before(asOf) { // keep conditional suppliers current, some close to their closeout
			due = asOf.AddDate(0, 0, 1+r.IntN(179))
		}
		closeout = ptr(due)
		if due.Before(until) {
			until = due
		}
	case kindLow, kindTampered: // a tampered verdict is raised to final after signing
		score, status, ready = 20+r.IntN(68), engine.CMMCNone, false
	}
	typ, auditor := evidence.AssessmentSelf, false
	switch x := r.IntN(10); {
	case x < 3:
		typ, auditor = evidence.AssessmentAuditor, true
	case x < 4:
		typ = evidence.AssessmentPrime
	}
	impl := 110 - (110-score)/3
	sum := sha256.Sum256([]byte("verdict " + s.id))
	stmt := attest.Statement{
		Kind:         attest.KindVerdict,
		Organization: attest.Organization{ID: s.id, Name: "協力会社" + s.id[1:]},
		Decision: attest.Decision{
			Ready: ready, DoDScore: &score, CMMCStatus: status, CloseoutDue: closeout,
			AffirmationDue:  ptr(assessed.AddDate(1, 0, 0)),
			ReassessmentDue: ptr(assessed.AddDate(3, 0, 0)),
			Conformance:     attest.Conformance{Implemented: impl - 2, NotImplemented: 110 - impl, NotApplicable: 2, Total: 110},
			CoveragePercent: 100,
		},
		Catalog:         attest.Catalog{ID: engine.DefaultCatalog, Version: "Rev. 2"},
		PolicyDigest:    "sha256:" + hex.EncodeToString(sum[:8]),
		Evidence:        []attest.Digest{},
		Assessment:      attest.Assessment{Type: typ, Assessor: "評価担当" + s.id[1:], Date: day(assessed)},
		AuditorVerified: auditor,
		IssuedAt:        issued,
		ValidFrom:       issued,
		ValidUntil:      until,
		VerdictSHA256:   hex.EncodeToString(sum[:]),
	}
	signer := key
	if kind == kindUnknownKey {
		signer = other
	}
	env, err := attest.Sign(stmt, signer)
	if err != nil {
		return kind, err
	}
	if kind == kindTampered {
		// Raise the score after signing: the signature no longer holds.
		stmt.Decision.DoDScore = new(int)
		*stmt.Decision.DoDScore = 110
		stmt.Decision.CMMCStatus, stmt.Decision.Ready = engine.CMMCFinal, true
		payload, err := stmt.Payload()
		if err != nil {
			return kind, err
		}
		env.Payload = base64.StdEncoding.EncodeToString(payload)
	}
	b, err := json.MarshalIndent(env, "", "  ")
	if err != nil {
		return kind, err
	}
	return kind, os.WriteFile(filepath.Join(dir, s.id+".json"), append(b, '\n'), 0o644)
}

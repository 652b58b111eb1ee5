package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/engine/evidence"
	"github.com/mamori-dev/mamori/internal/store"
)

// cache holds what gate decisions and token checks read, for one
// generation of the store. The server swaps in an empty cache when the
// generation moves, so an entry is never older than the last change
// the server has seen. Missing records are cached too, as nil.
type cache struct {
	gen int64

	mu        sync.RWMutex
	tokens    map[string]*principal
	orgs      map[string]*orgState
	sites     map[string]*siteState
	verdicts  map[[2]string]*gateVerdict
	contracts map[string]*engine.GateContract
	decisions map[[sha256.Size]byte]*memoDecision
	// answers holds one memoDecision per distinct answer (decision and
	// reasons), which every input with that answer shares: most
	// organisations get one of a few answers.
	answers map[string]*memoDecision
}

// memoDecision is a policy answer as the gate uses it: the decision,
// its reasons encoded for the response and their codes for the signed
// statement. It keeps nothing else of the policy's answer: a busy gate
// holds one for every organisation with reasons of its own, and every
// object in the cache is marked by each garbage collection.
type memoDecision struct {
	decision string
	reasons  rawJSON
	codes    []string
}

func (m *memoDecision) allowed() bool { return m.decision == engine.GateAllow }

// maxCacheEntries bounds each map; a full map is emptied.
const maxCacheEntries = 200_000

// The records below keep only what the gates read, their strings packed
// into one allocation each (pack): the caches hold several records for
// every organisation, and each garbage collection marks every object in
// them.

// orgState is an organisation and any suspension in force.
type orgState struct {
	id               string
	suspended        bool
	suspensionReason string
}

// siteState is a site, its organisation, and the results of the
// government site checks in force.
type siteState struct {
	id, orgID  string
	pre, final string
}

// pack makes the strings share one allocation.
func pack(ss ...*string) {
	n := 0
	for _, s := range ss {
		n += len(*s)
	}
	var b strings.Builder
	b.Grow(n)
	for _, s := range ss {
		b.WriteString(*s)
	}
	all := b.String()
	for _, s := range ss {
		*s, all = all[:len(*s)], all[len(*s):]
	}
}

func newCache(gen int64) *cache {
	return &cache{
		gen:       gen,
		tokens:    map[string]*principal{},
		orgs:      map[string]*orgState{},
		sites:     map[string]*siteState{},
		verdicts:  map[[2]string]*gateVerdict{},
		contracts: map[string]*engine.GateContract{},
		decisions: map[[sha256.Size]byte]*memoDecision{},
		answers:   map[string]*memoDecision{},
	}
}

// lookup returns m[k], loading and caching it on a miss.
func lookup[K comparable, V any](c *cache, m map[K]*V, k K, load func() (*V, error)) (*V, error) {
	return lookupKeyed(c, m, k, load, nil)
}

// lookupKeyed is lookup caching a record under keyOf(record), when that
// equals k: the record's own ID, where k may be a request's copy, so
// that the cache keeps one string for both.
func lookupKeyed[K comparable, V any](c *cache, m map[K]*V, k K, load func() (*V, error), keyOf func(*V) K) (*V, error) {
	c.mu.RLock()
	v, ok := m[k]
	c.mu.RUnlock()
	if ok {
		return v, nil
	}
	v, err := load()
	if err != nil {
		return nil, err
	}
	if v != nil && keyOf != nil {
		if kk := keyOf(v); kk == k {
			k = kk
		}
	}
	c.mu.Lock()
	if len(m) >= maxCacheEntries {
		clear(m)
	}
	m[k] = v
	c.mu.Unlock()
	return v, nil
}

// notFoundNil turns ErrNotFound into a nil record.
func notFoundNil[V any](v V, err error) (*V, error) {
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &v, nil
}

func (c *cache) token(ctx context.Context, st store.Store, raw string) (*principal, error) {
	p, err := lookup(c, c.tokens, store.HashToken(raw), func() (*principal, error) {
		t, err := st.LookupToken(ctx, raw)
		if errors.Is(err, store.ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return &principal{TokenID: t.ID, Subject: t.Subject, Role: t.Role, Org: t.OrgID}, nil
	})
	if err == nil && p == nil {
		err = store.ErrNotFound
	}
	return p, err
}

func (c *cache) org(ctx context.Context, st store.Store, id string) (*orgState, error) {
	return lookupKeyed(c, c.orgs, id, func() (*orgState, error) {
		o, err := notFoundNil(st.GetOrganization(ctx, id))
		if err != nil || o == nil {
			return nil, err
		}
		sp, err := notFoundNil(st.ActiveSuspension(ctx, id))
		if err != nil {
			return nil, err
		}
		os := &orgState{id: o.ID}
		if sp != nil {
			os.suspended, os.suspensionReason = true, sp.Reason
		}
		pack(&os.id, &os.suspensionReason)
		return os, nil
	}, func(os *orgState) string { return os.id })
}

func (c *cache) site(ctx context.Context, st store.Store, id string) (*siteState, error) {
	return lookupKeyed(c, c.sites, id, func() (*siteState, error) {
		s, err := notFoundNil(st.GetSite(ctx, id))
		if err != nil || s == nil {
			return nil, err
		}
		checks, err := st.ListSiteChecks(ctx, id)
		if err != nil {
			return nil, err
		}
		ss := &siteState{id: s.ID, orgID: s.OrgID, pre: engine.SiteCheckNone, final: engine.SiteCheckNone}
		// Latest first: the first of each kind is the one in force.
		var pre, final bool
		for _, ch := range checks {
			switch {
			case ch.Kind == store.CheckPre && !pre:
				ss.pre, pre = ch.Result, true
			case ch.Kind == store.CheckFinal && !final:
				ss.final, final = ch.Result, true
			}
		}
		pack(&ss.id, &ss.orgID, &ss.pre, &ss.final)
		return ss, nil
	}, func(ss *siteState) string { return ss.id })
}

// gateVerdict is what a gate decision needs of a stored verdict: the
// gate input's part and what the signed decision binds. It is small, so
// that a cache of every organisation's verdict stays small.
type gateVerdict struct {
	id         string
	sha256     string
	catalog    [2]string
	evidence   []string
	validUntil time.Time
	// verdict is the gate input's part; its dates point into dates.
	verdict engine.GateVerdict
	dates   [2]evidence.Date
}

// verdict is the organisation's current verdict for the site, or its
// organisation-wide verdict when the site has none of its own; nil when
// there is none.
func (c *cache) verdict(ctx context.Context, st store.Store, vc *verdictCache, org, site string) (*gateVerdict, error) {
	return lookup(c, c.verdicts, [2]string{org, site}, func() (*gateVerdict, error) {
		v, err := notFoundNil(st.CurrentVerdict(ctx, org, site))
		if err == nil && v == nil && site != "" {
			v, err = notFoundNil(st.CurrentVerdict(ctx, org, ""))
		}
		if err != nil || v == nil {
			return nil, err
		}
		return vc.get(v)
	})
}

// contract is the gate input's part of a contract, which the gate
// inputs share: nothing changes it.
func (c *cache) contract(ctx context.Context, st store.Store, id string) (*engine.GateContract, error) {
	return lookupKeyed(c, c.contracts, id, func() (*engine.GateContract, error) {
		ct, err := notFoundNil(st.GetContract(ctx, id))
		if err != nil || ct == nil {
			return nil, err
		}
		gc := &engine.GateContract{ID: ct.ID, SpecialClause: ct.SpecialClause, DesignationReference: ct.DesignationRef,
			Prime: ct.PrimeOrgID, Subcontractors: slices.Clone(ct.Subcontractors)}
		ss := []*string{&gc.ID, &gc.DesignationReference, &gc.Prime}
		for i := range gc.Subcontractors {
			ss = append(ss, &gc.Subcontractors[i])
		}
		pack(ss...)
		return gc, nil
	}, func(gc *engine.GateContract) string { return gc.ID })
}

func (c *cache) decision(key [sha256.Size]byte, decide func() (*engine.GateDecision, error)) (*memoDecision, error) {
	return lookup(c, c.decisions, key, func() (*memoDecision, error) {
		d, err := decide()
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(d.Reasons); err != nil {
			return nil, err
		}
		// The answer's key holds its encoded reasons, which the answer
		// shares.
		key := d.Decision + "\x00" + string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		return lookup(c, c.answers, key, func() (*memoDecision, error) {
			codes := make([]string, len(d.Reasons))
			for i, r := range d.Reasons {
				codes[i] = reasonCodes.intern(r.Code)
			}
			return &memoDecision{decision: reasonCodes.intern(d.Decision), reasons: rawJSON(key[len(d.Decision)+1:]), codes: codes}, nil
		})
	})
}

// reasonCodes interns the decisions and reason codes of policy answers,
// which come from a small set that the policies spell out.
var reasonCodes = interner{m: map[string]string{}}

// interner returns one copy of each string it is given, up to
// maxInterned strings; past that, strings are returned as they are.
type interner struct {
	mu sync.RWMutex
	m  map[string]string
}

const maxInterned = 4096

func (in *interner) intern(s string) string {
	in.mu.RLock()
	v, ok := in.m[s]
	in.mu.RUnlock()
	if ok {
		return v
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	if v, ok := in.m[s]; ok {
		return v
	}
	if len(in.m) < maxInterned {
		in.m[s] = s
	}
	return s
}

// verdictCache holds the gate's view of stored verdicts by ID. Stored
// verdicts never change, so entries stay until the cache is full.
type verdictCache struct {
	mu  sync.RWMutex
	max int
	m   map[string]*gateVerdict
}

func newVerdictCache(max int) *verdictCache {
	return &verdictCache{max: max, m: map[string]*gateVerdict{}}
}

func (vc *verdictCache) get(sv *store.Verdict) (*gateVerdict, error) {
	vc.mu.RLock()
	gv, ok := vc.m[sv.ID]
	vc.mu.RUnlock()
	if ok {
		return gv, nil
	}
	// Decode only what the gates read: the verdict's requirement and
	// finding lists are skipped, not built.
	var part struct {
		Organization    evidence.Organization   `json:"organization"`
		Site            *evidence.Site          `json:"site"`
		Assessment      evidence.AssessmentInfo `json:"assessment"`
		AuditorVerified bool                    `json:"auditor_verified"`
		CMMC            engine.CMMCStatus       `json:"cmmc"`
		Conformance     engine.Conformance      `json:"conformance"`
		Ready           bool                    `json:"ready"`
	}
	if err := json.Unmarshal(sv.VerdictJSON, &part); err != nil {
		return nil, fmt.Errorf("stored verdict %s: %w", sv.ID, err)
	}
	v := engine.Verdict{Organization: part.Organization, Site: part.Site, Assessment: part.Assessment,
		AuditorVerified: part.AuditorVerified, CMMC: part.CMMC, Conformance: part.Conformance, Ready: part.Ready}
	gv = &gateVerdict{
		id: sv.ID, sha256: sha256Hex(sv.VerdictJSON), catalog: [2]string{sv.CatalogID, sv.CatalogVersion},
		evidence: slices.Clone(sv.EvidenceDigests), validUntil: sv.ValidUntil,
		verdict: *engine.GateInputFromVerdict(&v, sv.ID).Verdict,
	}
	gvv := &gv.verdict
	for i, d := range []**evidence.Date{&gvv.ValidUntil, &gvv.CloseoutDue} {
		if *d != nil {
			gv.dates[i] = **d
			*d = &gv.dates[i]
		}
	}
	// The signed validity window bounds the verdict too.
	if !sv.ValidUntil.IsZero() {
		vu := sv.ValidUntil.UTC()
		d := evidence.Date{Time: time.Date(vu.Year(), vu.Month(), vu.Day(), 0, 0, 0, 0, time.UTC)}
		if gvv.ValidUntil == nil || d.Before(gvv.ValidUntil.Time) {
			gv.dates[0] = d
			gvv.ValidUntil = &gv.dates[0]
		}
	}
	ss := []*string{&gv.id, &gv.sha256, &gv.catalog[0], &gv.catalog[1],
		&gvv.ID, &gvv.CMMCStatus, &gvv.OrganizationID, &gvv.SiteID}
	for i := range gv.evidence {
		ss = append(ss, &gv.evidence[i])
	}
	pack(ss...)
	vc.mu.Lock()
	if len(vc.m) >= vc.max {
		clear(vc.m)
	}
	vc.m[gv.id] = gv
	vc.mu.Unlock()
	return gv, nil
}

package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/mamori-dev/mamori/engine"
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
	contracts map[string]*store.Contract
	decisions map[string]*memoDecision
	// answers holds one memoDecision per distinct answer (decision and
	// reasons), which every input with that answer shares: most
	// organisations get one of a few answers.
	answers map[string]*memoDecision
}

// memoDecision is a policy answer with its reasons already encoded for
// the response, and their codes listed for the signed statement (which
// only reads them).
type memoDecision struct {
	d       *engine.GateDecision
	reasons []byte
	codes   []string
}

// maxCacheEntries bounds each map; a full map is emptied.
const maxCacheEntries = 200_000

type orgState struct {
	org        store.Organization
	suspension *store.Suspension
}

type siteState struct {
	site         store.Site
	pre, final   string
	preID, finID string
}

func newCache(gen int64) *cache {
	return &cache{
		gen:       gen,
		tokens:    map[string]*principal{},
		orgs:      map[string]*orgState{},
		sites:     map[string]*siteState{},
		verdicts:  map[[2]string]*gateVerdict{},
		contracts: map[string]*store.Contract{},
		decisions: map[string]*memoDecision{},
		answers:   map[string]*memoDecision{},
	}
}

// lookup returns m[k], loading and caching it on a miss.
func lookup[K comparable, V any](c *cache, m map[K]*V, k K, load func() (*V, error)) (*V, error) {
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
	return lookup(c, c.orgs, id, func() (*orgState, error) {
		o, err := notFoundNil(st.GetOrganization(ctx, id))
		if err != nil || o == nil {
			return nil, err
		}
		sp, err := notFoundNil(st.ActiveSuspension(ctx, id))
		if err != nil {
			return nil, err
		}
		return &orgState{org: *o, suspension: sp}, nil
	})
}

func (c *cache) site(ctx context.Context, st store.Store, id string) (*siteState, error) {
	return lookup(c, c.sites, id, func() (*siteState, error) {
		s, err := notFoundNil(st.GetSite(ctx, id))
		if err != nil || s == nil {
			return nil, err
		}
		checks, err := st.ListSiteChecks(ctx, id)
		if err != nil {
			return nil, err
		}
		ss := &siteState{site: *s, pre: engine.SiteCheckNone, final: engine.SiteCheckNone}
		// Latest first: the first of each kind is the one in force.
		for _, ch := range checks {
			switch {
			case ch.Kind == store.CheckPre && ss.preID == "":
				ss.pre, ss.preID = ch.Result, ch.ID
			case ch.Kind == store.CheckFinal && ss.finID == "":
				ss.final, ss.finID = ch.Result, ch.ID
			}
		}
		return ss, nil
	})
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
	input      engine.GateInput
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

func (c *cache) contract(ctx context.Context, st store.Store, id string) (*store.Contract, error) {
	return lookup(c, c.contracts, id, func() (*store.Contract, error) {
		return notFoundNil(st.GetContract(ctx, id))
	})
}

func (c *cache) decision(key string, decide func() (*engine.GateDecision, error)) (*memoDecision, error) {
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
		reasons := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
		return lookup(c, c.answers, d.Decision+"\x00"+string(reasons), func() (*memoDecision, error) {
			codes := make([]string, len(d.Reasons))
			for i, r := range d.Reasons {
				codes[i] = r.Code
			}
			return &memoDecision{d: d, reasons: reasons, codes: codes}, nil
		})
	})
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
		Organization    engine.Organization   `json:"organization"`
		Site            *engine.Site          `json:"site"`
		Assessment      engine.AssessmentInfo `json:"assessment"`
		AuditorVerified bool                  `json:"auditor_verified"`
		CMMC            engine.CMMCStatus     `json:"cmmc"`
		Conformance     engine.Conformance    `json:"conformance"`
		Ready           bool                  `json:"ready"`
	}
	if err := json.Unmarshal(sv.VerdictJSON, &part); err != nil {
		return nil, fmt.Errorf("stored verdict %s: %w", sv.ID, err)
	}
	v := engine.Verdict{Organization: part.Organization, Site: part.Site, Assessment: part.Assessment,
		AuditorVerified: part.AuditorVerified, CMMC: part.CMMC, Conformance: part.Conformance, Ready: part.Ready}
	gv = &gateVerdict{
		id: sv.ID, sha256: sha256Hex(sv.VerdictJSON), catalog: [2]string{sv.CatalogID, sv.CatalogVersion},
		evidence: sv.EvidenceDigests, validUntil: sv.ValidUntil, input: engine.GateInputFromVerdict(&v, sv.ID),
	}
	// The signed validity window bounds the verdict too.
	if !sv.ValidUntil.IsZero() {
		vu := sv.ValidUntil.UTC()
		d := engine.Date{Time: time.Date(vu.Year(), vu.Month(), vu.Day(), 0, 0, 0, 0, time.UTC)}
		if gv.input.Verdict.ValidUntil == nil || d.Before(gv.input.Verdict.ValidUntil.Time) {
			gv.input.Verdict.ValidUntil = &d
		}
	}
	vc.mu.Lock()
	if len(vc.m) >= vc.max {
		clear(vc.m)
	}
	vc.m[sv.ID] = gv
	vc.mu.Unlock()
	return gv, nil
}
